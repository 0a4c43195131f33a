// The fake Stripe server, driven through the real `stripe` SDK. It needs no database; it lives with the
// integration tests because it opens sockets.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeStripe, parseForm, startFakeStripe } from "@/tests/support/fake-stripe";

const SECRET = "whsec_test_fake_stripe";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/stripe`;
  fake = await startFakeStripe({ webhook: { url: receiverUrl, secret: SECRET } });
  stripe = fake.client();
});

afterAll(async () => {
  await fake.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

beforeEach(() => {
  fake.reset();
  received.length = 0;
});

const orderParams = (amount = 125_000): Stripe.PaymentIntentCreateParams => ({
  amount,
  currency: "try",
  automatic_payment_methods: { enabled: true },
  description: "Sipariş TR-1001",
  metadata: { orderNo: "TR-1001", cartId: "c_123" },
});

async function paidIntent(amount = 10_000) {
  const pi = await stripe.paymentIntents.create(orderParams(amount));
  fake.setStatus(pi.id, "succeeded");
  return pi;
}

describe("fake stripe: payment intents", () => {
  it("creates a PaymentIntent shaped like Stripe's from the SDK's form-encoded body", async () => {
    const pi = await stripe.paymentIntents.create(orderParams());
    expect(pi.id).toMatch(/^pi_[0-9a-f]{24}$/);
    expect(pi).toMatchObject({
      object: "payment_intent",
      status: "requires_payment_method",
      amount: 125_000,
      currency: "try",
      amount_received: 0,
      latest_charge: null,
      description: "Sipariş TR-1001",
      metadata: { orderNo: "TR-1001", cartId: "c_123" },
      automatic_payment_methods: { enabled: true },
      livemode: false,
    });
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_[0-9a-f]+$`));
    expect(pi.created).toBeGreaterThan(1_600_000_000);

    const [request] = fake.requests;
    expect(request).toMatchObject({ method: "POST", path: "/v1/payment_intents", apiKey: "sk_test_fake" });
    expect(request?.stripeVersion).toBe(Stripe.API_VERSION);
    // The SDK keys every POST itself, even with maxNetworkRetries: 0.
    expect(request?.idempotencyKey).toMatch(/^stripe-node-retry-/);
  });

  it("replays the same idempotency key with the same body without creating anything", async () => {
    const first = await stripe.paymentIntents.create(orderParams(), {
      idempotencyKey: "order-1001-attempt-1",
    });
    fake.setStatus(first.id, "processing"); // the replay is the stored response, not the current state
    const second = await stripe.paymentIntents.create(orderParams(), {
      idempotencyKey: "order-1001-attempt-1",
    });
    expect(second.id).toBe(first.id);
    expect(second.client_secret).toBe(first.client_secret);
    expect(second.status).toBe("requires_payment_method");
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(fake.createdIntents()).toHaveLength(1);
    expect(fake.requests.map((r) => [r.idempotencyKey, r.replayed])).toEqual([
      ["order-1001-attempt-1", false],
      ["order-1001-attempt-1", true],
    ]);
  });

  it("rejects the same idempotency key with a different body or endpoint (StripeIdempotencyError)", async () => {
    await stripe.paymentIntents.create(orderParams(100_00), { idempotencyKey: "k-1" });
    const differentBody = await stripe.paymentIntents
      .create(orderParams(200_00), { idempotencyKey: "k-1" })
      .catch((e: unknown) => e);
    expect(differentBody).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(differentBody).toMatchObject({
      type: "StripeIdempotencyError",
      rawType: "idempotency_error",
      statusCode: 400,
    });
    expect((differentBody as Error).message).toContain("same parameters");

    const pi = fake.createdIntents()[0];
    const differentEndpoint = await stripe.refunds
      .create({ payment_intent: pi?.id ?? "" }, { idempotencyKey: "k-1" })
      .catch((e: unknown) => e);
    expect(differentEndpoint).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(fake.createdIntents()).toHaveLength(1);
  });

  it("creates a new intent for every call without an explicit key (the SDK's keys are unique)", async () => {
    const a = await stripe.paymentIntents.create(orderParams());
    const b = await stripe.paymentIntents.create(orderParams());
    expect(a.id).not.toBe(b.id);
    expect(fake.createdIntents().map((i) => i.id)).toEqual([a.id, b.id]);
  });

  it("retrieves, updates and cancels; unknown ids are 404 resource_missing", async () => {
    const pi = await stripe.paymentIntents.create(orderParams());
    const got = await stripe.paymentIntents.retrieve(pi.id);
    expect(got).toMatchObject({ id: pi.id, amount: 125_000, status: "requires_payment_method" });

    const updated = await stripe.paymentIntents.update(pi.id, { amount: 130_000, metadata: { cartId: "" } });
    expect(updated.amount).toBe(130_000);
    expect(updated.metadata).toEqual({ orderNo: "TR-1001" });

    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: "abandoned" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    expect(fake.intent(pi.id)?.status).toBe("canceled");

    const missing = await stripe.paymentIntents.retrieve("pi_nope").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({ statusCode: 404, code: "resource_missing", param: "intent" });
  });

  it("refuses to cancel a succeeded intent (400 payment_intent_unexpected_state)", async () => {
    const pi = await paidIntent();
    const err = await stripe.paymentIntents.cancel(pi.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 400, code: "payment_intent_unexpected_state" });
  });

  it("validates required params without storing the failure under the idempotency key", async () => {
    const err = await stripe.paymentIntents
      .create({ currency: "try" } as Stripe.PaymentIntentCreateParams, { idempotencyKey: "k-bad" })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 400, code: "parameter_missing", param: "amount" });
    const pi = await stripe.paymentIntents.create(orderParams(), { idempotencyKey: "k-bad" });
    expect(pi.status).toBe("requires_payment_method");
  });

  it("setStatus moves an intent; succeeded records the amount and a charge", async () => {
    const pi = await stripe.paymentIntents.create(orderParams());
    expect(fake.setStatus(pi.id, "requires_action").next_action).toMatchObject({ type: "use_stripe_sdk" });
    expect(fake.setStatus(pi.id, "processing").status).toBe("processing");
    const paid = fake.setStatus(pi.id, "succeeded");
    expect(paid.amount_received).toBe(125_000);
    expect(paid.latest_charge).toMatch(/^ch_[0-9a-f]{24}$/);
    const viaApi = await stripe.paymentIntents.retrieve(pi.id, { expand: ["latest_charge"] });
    expect(viaApi.status).toBe("succeeded");
    expect(viaApi.latest_charge).toMatchObject({
      id: paid.latest_charge,
      object: "charge",
      payment_intent: pi.id,
    });
    expect(() => fake.setStatus("pi_unknown", "succeeded")).toThrow(/no such payment_intent/);
  });
});

describe("fake stripe: auth, routing, injected failures", () => {
  it("answers 401 without a valid key and 404 for unknown routes", async () => {
    const noKey = await fetch(`${fake.url}/v1/payment_intents`, { method: "POST" });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ error: { type: "invalid_request_error" } });

    const bad = await fake
      .client("not-a-key")
      .paymentIntents.create(orderParams())
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(bad).toMatchObject({ statusCode: 401 });

    const unknown = await fetch(`${fake.url}/v1/customers`, {
      headers: { Authorization: "Bearer sk_test_fake" },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      error: { type: "invalid_request_error", message: expect.stringContaining("Unrecognized request URL") },
    });
    expect(fake.createdIntents()).toHaveLength(0);
  });

  it("failNext makes the SDK throw StripeAPIError (500) with retries off, then recovers", async () => {
    fake.failNext("create", 1, 500);
    const err = await stripe.paymentIntents.create(orderParams()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(err).toMatchObject({ statusCode: 500, rawType: "api_error" });
    expect(fake.createdIntents()).toHaveLength(0);
    expect(fake.requests[0]?.injected).toBe("error");

    const pi = await stripe.paymentIntents.create(orderParams());
    expect(fake.createdIntents().map((i) => i.id)).toEqual([pi.id]);
  });

  it("failNext targets one operation and counts down", async () => {
    const pi = await stripe.paymentIntents.create(orderParams());
    fake.failNext("retrieve", 2, 503);
    for (let i = 0; i < 2; i++) {
      await expect(stripe.paymentIntents.retrieve(pi.id)).rejects.toMatchObject({ statusCode: 503 });
    }
    await expect(stripe.paymentIntents.retrieve(pi.id)).resolves.toMatchObject({ id: pi.id });
  });

  it("with maxNetworkRetries the SDK retries a 500 with the same key, and obeys Stripe-Should-Retry", async () => {
    const retrying = fake.client("sk_test_fake", { maxNetworkRetries: 1 });
    fake.failNext("create", 1, 500);
    const pi = await retrying.paymentIntents.create(orderParams(), { idempotencyKey: "retry-1" });
    expect(fake.requests.map((r) => [r.idempotencyKey, r.status])).toEqual([
      ["retry-1", 500],
      ["retry-1", 200],
    ]);
    expect(fake.createdIntents().map((i) => i.id)).toEqual([pi.id]);

    fake.reset();
    fake.failNext("create", 1, 500, { shouldRetry: false });
    await expect(retrying.paymentIntents.create(orderParams())).rejects.toBeInstanceOf(
      Stripe.errors.StripeAPIError,
    );
    expect(fake.requests).toHaveLength(1);
  });

  it("a response lost after processing is retried once by the SDK (even with retries off) and replayed", async () => {
    fake.dropNext("create", 1, { afterProcessing: true });
    const pi = await stripe.paymentIntents.create(orderParams());
    expect(fake.createdIntents().map((i) => i.id)).toEqual([pi.id]);
    expect(fake.requests.map((r) => [r.injected, r.replayed])).toEqual([
      ["drop-after", false],
      [null, true],
    ]);
    expect(fake.requests[0]?.idempotencyKey).toBe(fake.requests[1]?.idempotencyKey);
  });
});

describe("fake stripe: refunds", () => {
  it("refunds part, then the rest, then refuses", async () => {
    const pi = await paidIntent(10_000);
    const part = await stripe.refunds.create({
      payment_intent: pi.id,
      amount: 2_500,
      reason: "requested_by_customer",
      metadata: { returnNo: "R-1" },
    });
    expect(part).toMatchObject({
      object: "refund",
      amount: 2_500,
      currency: "try",
      payment_intent: pi.id,
      status: "succeeded",
      reason: "requested_by_customer",
      metadata: { returnNo: "R-1" },
    });
    expect(part.id).toMatch(/^re_[0-9a-f]{24}$/);

    const tooMuch = await stripe.refunds
      .create({ payment_intent: pi.id, amount: 7_501 })
      .catch((e: unknown) => e);
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({ statusCode: 400, code: "amount_too_large" });

    const rest = await stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(7_500);

    const again = await stripe.refunds.create({ payment_intent: pi.id }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again).toMatchObject({ statusCode: 400, code: "charge_already_refunded" });

    expect(fake.refundsFor(pi.id).map((r) => r.amount)).toEqual([2_500, 7_500]);
    const charge = fake.charge(fake.intent(pi.id)?.latest_charge ?? "");
    expect(charge).toMatchObject({ amount_refunded: 10_000, refunded: true });
    const listed = await stripe.refunds.list({ payment_intent: pi.id });
    expect(listed.data.map((r) => r.id)).toEqual([rest.id, part.id]);
  });

  it("refuses to refund an intent without a successful charge", async () => {
    const pi = await stripe.paymentIntents.create(orderParams());
    const err = await stripe.refunds.create({ payment_intent: pi.id }).catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 400, code: "payment_intent_unexpected_state" });
    const unknown = await stripe.refunds.create({ payment_intent: "pi_nope" }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ statusCode: 400, code: "resource_missing" });
  });

  it("honours idempotency keys for refunds", async () => {
    const pi = await paidIntent(10_000);
    const a = await stripe.refunds.create(
      { payment_intent: pi.id, amount: 1_000 },
      { idempotencyKey: "refund-1" },
    );
    const b = await stripe.refunds.create(
      { payment_intent: pi.id, amount: 1_000 },
      { idempotencyKey: "refund-1" },
    );
    expect(b.id).toBe(a.id);
    expect(fake.refundsFor(pi.id)).toHaveLength(1);
  });
});

describe("fake stripe: webhooks", () => {
  it("signs events so constructEvent verifies them, and rejects tampering or a wrong secret", async () => {
    const pi = await paidIntent();
    const event = fake.event("payment_intent.succeeded", fake.intent(pi.id) ?? {});
    expect(event).toMatchObject({
      object: "event",
      type: "payment_intent.succeeded",
      livemode: false,
      api_version: Stripe.API_VERSION,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: { id: pi.id, status: "succeeded" } },
    });
    expect(event.id).toMatch(/^evt_[0-9a-f]{24}$/);

    const { payload, header } = fake.signedDelivery(event);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const verified = stripe.webhooks.constructEvent(payload, header, SECRET);
    expect(verified.id).toBe(event.id);
    expect(verified.type).toBe("payment_intent.succeeded");

    const tampered = payload.replace(`"amount": ${pi.amount}`, `"amount": ${pi.amount + 1}`);
    expect(tampered).not.toBe(payload);
    expect(() => stripe.webhooks.constructEvent(tampered, header, SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => stripe.webhooks.constructEvent(payload, header, "whsec_other")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );

    const old = fake.signedDelivery(event, SECRET, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(() => stripe.webhooks.constructEvent(old.payload, old.header, SECRET)).toThrow(/tolerance/);
  });

  it("delivers signed JSON with Stripe-Signature to the webhook URL", async () => {
    const pi = await stripe.paymentIntents.create(orderParams());
    const event = fake.event("payment_intent.processing", fake.intent(pi.id) ?? {});
    const responses = await fake.deliver(event, { times: 2 });
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(responses[0]?.body).toBe('{"received":true}');
    expect(received).toHaveLength(2);
    for (const delivery of received) {
      expect(delivery.headers["content-type"]).toMatch(/^application\/json/);
      const signature = delivery.headers["stripe-signature"];
      expect(typeof signature).toBe("string");
      const verified = stripe.webhooks.constructEvent(delivery.body, signature as string, SECRET);
      expect(verified.id).toBe(event.id);
    }
    expect(fake.deliveries.map((d) => [d.eventId, d.status])).toEqual([
      [event.id, 200],
      [event.id, 200],
    ]);

    // An unreachable endpoint is reported, not thrown.
    const [down] = await fake.deliver(event, { url: "http://127.0.0.1:9/nowhere" });
    expect(down?.status).toBe(0);
    expect(down?.error).toBeTruthy();
  });

  it("succeed, fail and refundEvent change the intent and deliver the matching events", async () => {
    const declined = await stripe.paymentIntents.create(orderParams());
    const failed = await fake.fail(declined.id);
    expect(failed.intent).toMatchObject({
      status: "requires_payment_method",
      last_payment_error: { type: "card_error", code: "card_declined" },
    });
    expect(failed.event.type).toBe("payment_intent.payment_failed");

    const pi = await stripe.paymentIntents.create(orderParams(10_000));
    const paid = await fake.succeed(pi.id);
    expect(paid.intent).toMatchObject({ status: "succeeded", amount_received: 10_000 });
    expect(paid.responses.map((r) => r.status)).toEqual([200]);

    await stripe.refunds.create({ payment_intent: pi.id, amount: 4_000 });
    const refunded = await fake.refundEvent(pi.id);
    expect(refunded.event.type).toBe("charge.refunded");
    expect(refunded.event.data.object).toMatchObject({
      object: "charge",
      payment_intent: pi.id,
      amount_refunded: 4_000,
      refunded: false,
    });

    const events = received.map((r) => {
      const header = r.headers["stripe-signature"] as string;
      return stripe.webhooks.constructEvent(r.body, header, SECRET);
    });
    expect(events.map((e) => e.type)).toEqual([
      "payment_intent.payment_failed",
      "payment_intent.succeeded",
      "charge.refunded",
    ]);
    const charge = events[2]?.data.object as Stripe.Charge;
    expect(charge.amount_refunded).toBe(4_000);
  });

  it("exposes the controls over HTTP for a fake in another process", async () => {
    const pi = await stripe.paymentIntents.create(orderParams());
    const res = await fetch(`${fake.url}/_fake/payment_intents/${pi.id}/succeed`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ intent: { id: pi.id, status: "succeeded" } });
    expect(received).toHaveLength(1);

    await fetch(`${fake.url}/_fake/fail_next`, {
      method: "POST",
      body: JSON.stringify({ operation: "create", status: 502 }),
    });
    await expect(stripe.paymentIntents.create(orderParams())).rejects.toMatchObject({ statusCode: 502 });
  });
});

describe("parseForm", () => {
  it("decodes Stripe's bracket notation", () => {
    expect(
      parseForm(
        "amount=100&metadata[orderNo]=TR-1&automatic_payment_methods[enabled]=true&expand[0]=latest_charge&expand[1]=customer&a[]=x&a[]=y&d=%C5%9Eek%20er",
      ),
    ).toEqual({
      amount: "100",
      metadata: { orderNo: "TR-1" },
      automatic_payment_methods: { enabled: "true" },
      expand: ["latest_charge", "customer"],
      a: ["x", "y"],
      d: "Şek er",
    });
  });
});
