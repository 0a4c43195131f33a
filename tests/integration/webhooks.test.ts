import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as redeliverRoute } from "@/app/api/admin/webhook-deliveries/[id]/redeliver/route";
import { GET as deliveriesRoute } from "@/app/api/admin/webhook-endpoints/[id]/deliveries/route";
import { DELETE as deleteRoute, PATCH as patchRoute } from "@/app/api/admin/webhook-endpoints/[id]/route";
import { POST as createRoute, GET as listRoute } from "@/app/api/admin/webhook-endpoints/route";
import type { WebhookEvent } from "@/db/schema";
import { updateProduct } from "@/lib/catalog/products";
import { getDb } from "@/lib/db";
import { setStock } from "@/lib/inventory/staff";
import { mailboxTransport } from "@/lib/notifications/transport";
import { transitionOrder } from "@/lib/orders/staff";
import { confirmFromProvider, receiveStripeEvent } from "@/lib/payments/events";
import { requestReturn } from "@/lib/returns/service";
import { deliverWebhookJob, MAX_ATTEMPTS, RETRY_DELAYS_S } from "@/lib/webhooks/deliver";
import { sendWebhookDisabledJob } from "@/lib/webhooks/email";
import { emitEvent } from "@/lib/webhooks/emit";
import { call, makeUser, offlineOrder, type TestUser, unpaidCardOrder } from "./admin-support";
import { extraPool, oneSku, q, startFakeStripeEnv } from "./checkout-support";

// Outbound webhooks: a local receiver (listed in WEBHOOK_ALLOWED_HOSTS, as a developer's would be) checks
// every delivery with the Standard Webhooks library; the deliver job is run by calling it, with the clock
// moved forward instead of waiting out the backoff.

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const received: Received[] = [];
/** Answers per path, in turn; 200 once a path's list is used up. */
const answers = new Map<string, number[]>();
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const path = request.url ?? "/";
    received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
    const status = answers.get(path)?.shift() ?? 200;
    response.writeHead(status, { "content-type": "text/plain" }).end(`answer ${status} ${"x".repeat(5000)}`);
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const port = (receiver.address() as AddressInfo).port;
process.env.WEBHOOK_ALLOWED_HOSTS = `127.0.0.1:${port}`;
const base = `http://127.0.0.1:${port}`;

const fake = await startFakeStripeEnv();
const pool = extraPool(14);
const staff = { actor: "Elif Demir", locale: "tr" as const };
let admin: TestUser;
let customer: TestUser;

beforeAll(async () => {
  admin = await makeUser(getDb(), "admin", "Deniz Kaya");
  customer = await makeUser(getDb(), "customer");
});

afterAll(async () => {
  await pool.client.end({ timeout: 5 });
  await fake.close();
  await new Promise((resolve) => receiver.close(resolve));
});

async function register(path: string, events: WebhookEvent[] = ["order.created", "order.paid"]) {
  const answer = await call(createRoute, "/api/admin/webhook-endpoints", {
    method: "POST",
    as: admin,
    body: { url: `${base}${path}`, events, description: "ERP" },
  });
  expect(answer.status).toBe(201);
  const { endpoint, secret } = answer.body as { endpoint: { id: number }; secret: string };
  return { id: endpoint.id, secret, path };
}

/** The endpoint's waiting deliver_webhook jobs (oldest first), as a worker would find them. */
async function jobsOf(endpointId: number) {
  return q<{ id: string; payload: { deliveryId: number; attempt?: number }; run_at: Date }>(
    getDb(),
    sql`select j.id, j.payload, j.run_at from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'deliver_webhook'
        and (j.payload->>'deliveryId')::bigint in (select id from webhook_deliveries where endpoint_id = ${endpointId})
      order by j.id`,
  );
}

/** Runs each waiting job of the endpoint once, the way the worker does (and takes it off the queue). */
async function runJobs(endpointId: number, now = new Date()) {
  const jobs = await jobsOf(endpointId);
  for (const job of jobs) {
    await getDb().execute(sql`delete from graphile_worker._private_jobs where id = ${job.id}`);
    await deliverWebhookJob(getDb(), job.payload, { now });
  }
  return jobs.length;
}

const deliveriesOf = (endpointId: number) =>
  q<{
    id: number;
    event_type: string;
    status: string;
    attempts: number;
    payload: { data: Record<string, unknown> };
  }>(
    getDb(),
    sql`select id, event_type, status, attempts, payload from webhook_deliveries where endpoint_id = ${endpointId} order by id`,
  );

/** What the receiver got on a path, each checked with the Standard Webhooks library. */
function verified(path: string, secret: string) {
  return received
    .filter((request) => request.path === path)
    .map((request) => {
      const payload = new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as {
        type: string;
        data: Record<string, unknown>;
      };
      return { id: request.headers["webhook-id"] as string, type: payload.type, data: payload.data };
    });
}

describe("registering endpoints", () => {
  it("answers 201 with the secret once; lists without it; refuses what it may not call", async () => {
    const { id, secret } = await register("/register");
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await call(listRoute, "/api/admin/webhook-endpoints", { as: admin });
    expect(list.status).toBe(200);
    const listed = (list.body.items as { id: number }[]).find((item) => item.id === id);
    expect(listed).toMatchObject({
      url: `${base}/register`,
      events: ["order.created", "order.paid"],
      enabled: true,
    });
    expect(JSON.stringify(list.body)).not.toContain("whsec_");
    const stored = await q<{ secret: string }>(
      getDb(),
      sql`select secret from webhook_endpoints where id = ${id}`,
    );
    expect(stored[0]?.secret).not.toContain(secret.slice(6));

    const post = (body: unknown, as: TestUser | null = admin) =>
      call(createRoute, "/api/admin/webhook-endpoints", { method: "POST", as, body });
    for (const url of [
      "http://169.254.169.254/latest/meta-data",
      `http://127.0.0.1:${port + 1}/`,
      "ftp://example.com/",
    ]) {
      const refused = await post({ url, events: ["order.paid"] });
      expect(refused.status, url).toBe(422);
      expect(refused.body.error?.code).toBe("URL_NOT_ALLOWED");
    }
    expect((await post({ url: `${base}/x`, events: ["order.exploded"] })).status).toBe(400);
    expect((await post({ url: "not a url", events: ["order.paid"] })).status).toBe(400);
    expect((await post({ url: `${base}/x`, events: [] })).status).toBe(400);
    expect((await post({ url: `${base}/x`, events: ["order.paid"] }, customer)).status).toBe(403);
    expect((await post({ url: `${base}/x`, events: ["order.paid"] }, null)).status).toBe(401);
    const count = await q<{ n: number }>(
      getDb(),
      sql`select count(*)::int as n from webhook_endpoints where url like ${`${base}/x%`}`,
    );
    expect(count[0]?.n).toBe(0);

    const patch = (target: string, body: unknown) =>
      call(patchRoute, `/api/admin/webhook-endpoints/${target}`, {
        method: "PATCH",
        as: admin,
        params: { id: target },
        body,
      });
    const changed = await patch(String(id), { events: ["order.shipped"], enabled: false });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ events: ["order.shipped"], enabled: false });
    expect((await patch(String(id), { url: "http://10.0.0.8/hook" })).status).toBe(422);
    expect((await patch("999999", { enabled: true })).status).toBe(404);
    const remove = (target: string) =>
      call(deleteRoute, `/api/admin/webhook-endpoints/${target}`, {
        method: "DELETE",
        as: admin,
        params: { id: target },
      });
    expect((await remove(String(id))).status).toBe(204);
    expect((await remove(String(id))).status).toBe(404);
    const deliveries = await call(deliveriesRoute, `/api/admin/webhook-endpoints/${id}/deliveries`, {
      as: admin,
      params: { id: String(id) },
    });
    expect(deliveries.status).toBe(404);
  });
});

describe("events", () => {
  it("an order's events reach the receiver signed so the Standard Webhooks library verifies them", async () => {
    const endpoint = await register("/orders", [
      "order.created",
      "order.paid",
      "order.shipped",
      "order.delivered",
    ]);
    const order = await offlineOrder(getDb(), "WH-COD");
    await transitionOrder(getDb(), order.orderNo, { to: "processing" }, staff);
    await transitionOrder(
      getDb(),
      order.orderNo,
      { to: "shipped", carrier: "aras", trackingNo: "WH123" },
      staff,
    );
    await transitionOrder(getDb(), order.orderNo, { to: "delivered" }, staff);
    const card = await unpaidCardOrder(getDb(), "WH-CARD");
    const { event } = await fake.succeed(card.intentId);
    expect(await receiveStripeEvent(getDb(), event as unknown as Stripe.Event)).toBe("applied");

    expect(await runJobs(endpoint.id)).toBe(6);
    const got = verified("/orders", endpoint.secret);
    expect(got.map((m) => [m.type, m.data.orderNo])).toEqual([
      ["order.created", order.orderNo],
      ["order.shipped", order.orderNo],
      // Cash on delivery is paid at the door.
      ["order.delivered", order.orderNo],
      ["order.paid", order.orderNo],
      ["order.created", card.orderNo],
      ["order.paid", card.orderNo],
    ]);
    expect(got[5]?.data).toMatchObject({
      status: "paid",
      previousStatus: "pending_payment",
      currency: "TRY",
    });
    expect(new Set(got.map((m) => m.id)).size).toBe(6);
    const log = await call(deliveriesRoute, `/api/admin/webhook-endpoints/${endpoint.id}/deliveries`, {
      as: admin,
      params: { id: String(endpoint.id) },
    });
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(6);
    expect((log.body.items as unknown[])[0]).toMatchObject({
      status: "succeeded",
      attempts: 1,
      responseStatus: 200,
      nextAttemptAt: null,
    });
  });

  it("a paid card order that staff cancel announces order.cancelled, then order.refunded for its money", async () => {
    const endpoint = await register("/cancelled", ["order.cancelled", "order.refunded"]);
    const card = await unpaidCardOrder(getDb(), "WH-CANCEL");
    const { event } = await fake.succeed(card.intentId);
    expect(await receiveStripeEvent(getDb(), event as unknown as Stripe.Event)).toBe("applied");
    await transitionOrder(getDb(), card.orderNo, { to: "cancelled" }, staff);

    expect(await runJobs(endpoint.id)).toBe(2);
    const got = verified("/cancelled", endpoint.secret);
    expect(got.map((m) => [m.type, m.data.orderNo])).toEqual([
      ["order.cancelled", card.orderNo],
      ["order.refunded", card.orderNo],
    ]);
    expect(got[1]?.data).toMatchObject({ status: "cancelled", refunded: got[1]?.data.total });
    expect(got[1]?.data.total).toBeGreaterThan(0);
  });

  it("a return request and a product edit are announced", async () => {
    const endpoint = await register("/catalogue", ["return.requested", "product.updated"]);
    const order = await offlineOrder(getDb(), "WH-RET");
    await transitionOrder(getDb(), order.orderNo, { to: "processing" }, staff);
    await transitionOrder(
      getDb(),
      order.orderNo,
      { to: "shipped", carrier: "aras", trackingNo: "WH9" },
      staff,
    );
    await transitionOrder(getDb(), order.orderNo, { to: "delivered" }, staff);
    const requested = await requestReturn(
      getDb(),
      order.orderNo,
      { lines: [{ sku: order.item.sku, qty: 1, reason: "damaged" }] },
      { actor: "customer" },
    );
    await updateProduct(getDb(), order.item.productId, { featured: true }, staff);
    await runJobs(endpoint.id);
    const got = verified("/catalogue", endpoint.secret);
    expect(got.map((m) => m.type)).toEqual(["return.requested", "product.updated"]);
    expect(got[0]?.data).toMatchObject({
      returnNo: requested.returnNo,
      orderNo: order.orderNo,
      status: "requested",
      lines: [{ sku: order.item.sku, qty: 1, reason: "damaged" }],
    });
    expect(got[1]?.data).toMatchObject({ id: order.item.productId, featured: true });
  });

  it("a transaction that rolls back emits nothing", async () => {
    const endpoint = await register("/rollback", ["order.created"]);
    await expect(
      getDb().transaction(async (tx) => {
        await emitEvent(tx, "order.created", { orderNo: "SF-NEVER" });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await deliveriesOf(endpoint.id)).toEqual([]);
    expect(await jobsOf(endpoint.id)).toEqual([]);
  });

  it("racing confirmations of one payment (concurrent connections) emit order.paid once", async () => {
    const endpoint = await register("/race", ["order.paid"]);
    const order = await unpaidCardOrder(getDb(), "WH-RACE");
    const { event } = await fake.succeed(order.intentId);
    await Promise.all([
      ...Array.from({ length: 10 }, () => receiveStripeEvent(pool.db, event as unknown as Stripe.Event)),
      confirmFromProvider(pool.db, order.orderNo),
      confirmFromProvider(pool.db, order.orderNo),
    ]);
    const paid = (await deliveriesOf(endpoint.id)).filter((d) => d.payload.data.orderNo === order.orderNo);
    expect(paid.map((d) => d.event_type)).toEqual(["order.paid"]);
  });

  it("inventory.low_stock once per crossing of the threshold, not on every sale below it", async () => {
    const endpoint = await register("/stock", ["inventory.low_stock"]);
    const item = await oneSku(getDb(), "WH-LOW", 10);
    for (const onHand of [5, 3, 2, 1, 8, 2]) await setStock(getDb(), item.sku, { onHand }, staff);
    const low = (await deliveriesOf(endpoint.id)).map((d) => d.payload.data);
    expect(low).toEqual([
      expect.objectContaining({ sku: item.sku, available: 3, threshold: 3 }),
      expect.objectContaining({ sku: item.sku, available: 2, threshold: 3 }),
    ]);
  });
});

describe("delivery", () => {
  it("retries a failing receiver with backoff, recording each attempt, until it answers 2xx", async () => {
    const endpoint = await register("/flaky", ["order.created"]);
    answers.set("/flaky", [500, 503]);
    await offlineOrder(getDb(), "WH-FLAKY");
    const [fiveSeconds, fiveMinutes] = RETRY_DELAYS_S as [number, number];
    const start = new Date();
    await runJobs(endpoint.id, start);
    const [first] = await jobsOf(endpoint.id);
    expect(new Date(first?.run_at ?? 0).getTime()).toBe(start.getTime() + fiveSeconds * 1000);
    expect(await deliveriesOf(endpoint.id)).toMatchObject([{ status: "pending", attempts: 1 }]);
    const later = new Date(start.getTime() + fiveSeconds * 1000);
    await runJobs(endpoint.id, later);
    const [second] = await jobsOf(endpoint.id);
    expect(new Date(second?.run_at ?? 0).getTime()).toBe(later.getTime() + fiveMinutes * 1000);
    await runJobs(endpoint.id, new Date(later.getTime() + fiveMinutes * 1000));
    expect(await jobsOf(endpoint.id)).toEqual([]);
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 3 });
    const attempts = await q<{ response_status: number; response_body: string }>(
      getDb(),
      sql`select response_status, response_body from webhook_attempts where delivery_id = ${delivery?.id} order by id`,
    );
    expect(attempts.map((a) => a.response_status)).toEqual([500, 503, 200]);
    expect(attempts[0]?.response_body.length).toBeLessThanOrEqual(2048);
    // Every attempt is the same message: one webhook-id, each verifying.
    const got = verified("/flaky", endpoint.secret);
    expect(got).toHaveLength(3);
    expect(new Set(got.map((m) => m.id)).size).toBe(1);
  });

  it("an endpoint failing for ~3 days is disabled and the administrators are emailed", async () => {
    const endpoint = await register("/down", ["order.created"]);
    answers.set("/down", Array(MAX_ATTEMPTS).fill(500));
    await offlineOrder(getDb(), "WH-DOWN");
    let now = new Date();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await runJobs(endpoint.id, now)).toBe(1);
      now = new Date(now.getTime() + (RETRY_DELAYS_S[attempt - 1] ?? 0) * 1000);
    }
    expect(await deliveriesOf(endpoint.id)).toMatchObject([{ status: "failed", attempts: MAX_ATTEMPTS }]);
    const [state] = await q<{ enabled: boolean; disabled_reason: string }>(
      getDb(),
      sql`select enabled, disabled_reason from webhook_endpoints where id = ${endpoint.id}`,
    );
    expect(state).toEqual({ enabled: false, disabled_reason: "persistent_failure" });
    const emails = await q<{ payload: { eventKey: string; to: string } }>(
      getDb(),
      sql`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'send_webhook_disabled' and j.payload->>'url' = ${`${base}/down`}`,
    );
    expect(emails.map((e) => e.payload.to)).toContain(admin.email);
    const mine = emails.find((e) => e.payload.to === admin.email);
    await sendWebhookDisabledJob(getDb(), mine?.payload, { transport: mailboxTransport() });
    const [mail] = await q<{ subject: string }>(
      getDb(),
      sql`select subject from dev_emails where event_key = ${mine?.payload.eventKey}`,
    );
    expect(mail?.subject).toContain(`${base}/down`);
    // A disabled endpoint gets nothing new.
    await offlineOrder(getDb(), "WH-DOWN2");
    expect(await deliveriesOf(endpoint.id)).toHaveLength(1);
  });

  it("redelivers the same message on request, and re-checks the URL at each delivery", async () => {
    const endpoint = await register("/again", ["order.created"]);
    await offlineOrder(getDb(), "WH-AGAIN");
    await runJobs(endpoint.id);
    const [delivery] = await deliveriesOf(endpoint.id);
    const redeliver = (id: string) =>
      call(redeliverRoute, `/api/admin/webhook-deliveries/${id}/redeliver`, {
        method: "POST",
        as: admin,
        params: { id },
      });
    const answer = await redeliver(String(delivery?.id));
    expect(answer.status).toBe(202);
    expect(await runJobs(endpoint.id)).toBe(1);
    const got = verified("/again", endpoint.secret);
    expect(got).toHaveLength(2);
    expect(got[1]?.id).toBe(got[0]?.id);
    expect((await redeliver("999999999")).status).toBe(404);

    // The address now points somewhere the store may not call: the attempt fails, recorded, no request.
    await getDb().execute(
      sql`update webhook_endpoints set url = ${`http://127.0.0.1:${port + 1}/again`} where id = ${endpoint.id}`,
    );
    expect((await redeliver(String(delivery?.id))).status).toBe(202);
    await runJobs(endpoint.id);
    const [after] = await q<{ status: string; attempts: number; last_error: string }>(
      getDb(),
      sql`select status, attempts, last_error from webhook_deliveries where id = ${delivery?.id}`,
    );
    expect(after).toEqual({ status: "failed", attempts: 3, last_error: "URL_NOT_ALLOWED" });
    expect(verified("/again", endpoint.secret)).toHaveLength(2);
  });
});
