// The fake iyzico server, driven through iyzico's OFFICIAL Node client (`iyzipay`), so the fake speaks what the
// real client sends and answers what it can read — not what the store happens to expect. Signatures are checked
// with the client's own helper or recomputed here from the documented formulas. It needs no database; it lives
// with the integration tests because it opens sockets.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Iyzipay from "iyzipay";
import iyzipayUtils from "iyzipay/lib/utils";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeIyzico,
  IYZICO_PATHS,
  IYZICO_TEST_CARDS,
  startFakeIyzico,
} from "@/tests/support/fake-iyzico";

const API_KEY = "sandbox-fake-api-key";
const SECRET = "sandbox-fake-secret-key";
const SUCCESS_CARD = "5528790000000008"; // Halkbank MasterCard credit
const DEBIT_CARD = "5890040000000016"; // Akbank MasterCard debit: no instalments
const INSTALLMENT_CARD = "4546710000000007"; // BIN 454671

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let receiver: Server;
let storeUrl: string;
const received: Received[] = [];
let fake: FakeIyzico;
let iyzipay: Iyzipay;

beforeAll(async () => {
  // Stands in for the store: its iyzico callback and webhook endpoints.
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("OK");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  storeUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  fake = await startFakeIyzico({ apiKey: API_KEY, secretKey: SECRET, merchantId: "3404590" });
  iyzipay = new Iyzipay({ apiKey: API_KEY, secretKey: SECRET, uri: fake.url });
});

afterAll(async () => {
  await fake.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

beforeEach(() => {
  fake.reset();
  fake.setNotifyUrl(null);
  received.length = 0;
});

/** The client is callback-based; its result is whatever JSON (or text) came back. */
function call(resource: Iyzipay.Resource, method: "create" | "retrieve", request: object) {
  return new Promise<Iyzipay.Result>((resolve, reject) => {
    resource[method](request, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

const checkoutRequest = (overrides: Record<string, unknown> = {}) => ({
  locale: "tr",
  conversationId: "order-1001",
  price: "100.5",
  paidPrice: "100.5",
  currency: "TRY",
  basketId: "B1001",
  paymentGroup: "PRODUCT",
  callbackUrl: `${storeUrl}/api/payments/iyzico/callback`,
  enabledInstallments: [1, 2, 3, 6, 9],
  buyer: {
    id: "BY789",
    name: "Ayşe",
    surname: "Yılmaz",
    gsmNumber: "+905350000000",
    email: "ayse@example.com",
    identityNumber: "74300864791",
    registrationAddress: "Nidakule Göztepe, Merdivenköy Mah. Bora Sok. No:1",
    ip: "85.34.78.112",
    city: "Istanbul",
    country: "Turkey",
    zipCode: "34732",
  },
  shippingAddress: {
    contactName: "Ayşe Yılmaz",
    city: "Istanbul",
    country: "Turkey",
    address: "Nidakule Göztepe, Merdivenköy Mah. Bora Sok. No:1",
  },
  billingAddress: {
    contactName: "Ayşe Yılmaz",
    city: "Istanbul",
    country: "Turkey",
    address: "Nidakule Göztepe, Merdivenköy Mah. Bora Sok. No:1",
  },
  basketItems: [
    { id: "BI101", name: "Çay bardağı", category1: "Mutfak", itemType: "PHYSICAL", price: "60.25" },
    { id: "BI102", name: "Hediye kartı", category1: "Dijital", itemType: "VIRTUAL", price: "40.25" },
  ],
  ...overrides,
});

async function initialize(overrides: Record<string, unknown> = {}) {
  const result = await call(iyzipay.checkoutFormInitialize, "create", checkoutRequest(overrides));
  expect(result).toMatchObject({ status: "success" });
  return String(result.token);
}

const retrieveResult = (token: string, conversationId = "retrieve-1") =>
  call(iyzipay.checkoutForm, "retrieve", { locale: "tr", conversationId, token });

/** What the official samples verify for a retrieve answer, in the documented order. */
const retrieveSignatureOk = (r: Iyzipay.Result) =>
  iyzipayUtils.calculateHmacSHA256Signature(
    [r.paymentStatus, r.paymentId, r.currency, r.basketId, r.conversationId, r.paidPrice, r.price, r.token],
    SECRET,
  ) === r.signature;

const kurus = (value: unknown) => Math.round(Number(value) * 100);

describe("fake iyzico: authentication (IYZWSv2)", () => {
  it("accepts the official client's signature and records the call as authorized", async () => {
    await initialize();
    expect(fake.requests()).toEqual([{ method: "POST", path: IYZICO_PATHS.initialize, authorized: true }]);
  });

  it("refuses a wrong secret key with 1000 and an unknown API key with 1001", async () => {
    const wrongSecret = new Iyzipay({ apiKey: API_KEY, secretKey: "not-the-secret", uri: fake.url });
    expect(await call(wrongSecret.checkoutFormInitialize, "create", checkoutRequest())).toMatchObject({
      status: "failure",
      errorCode: "1000",
      errorMessage: "Geçersiz imza",
      locale: "tr",
      conversationId: "order-1001",
    });
    const wrongKey = new Iyzipay({ apiKey: "someone-else", secretKey: SECRET, uri: fake.url });
    expect(await call(wrongKey.checkoutForm, "retrieve", { locale: "tr", token: "t" })).toMatchObject({
      status: "failure",
      errorCode: "1001",
    });
    expect(fake.requests().map((r) => r.authorized)).toEqual([false, false]);
    expect(fake.forms()).toEqual([]);
  });

  it("signs the raw body: a body changed after signing is refused", async () => {
    const rnd = "123456789";
    const signed = JSON.stringify({ locale: "tr", token: "a" });
    const signature = createHmac("sha256", SECRET)
      .update(rnd + IYZICO_PATHS.retrieve + signed)
      .digest("hex");
    const authorization = `IYZWSv2 ${Buffer.from(`apiKey:${API_KEY}&randomKey:${rnd}&signature:${signature}`).toString("base64")}`;
    const send = (body: string) =>
      fetch(`${fake.url}${IYZICO_PATHS.retrieve}`, {
        method: "POST",
        headers: { Authorization: authorization, "x-iyzi-rnd": rnd, "Content-Type": "application/json" },
        body,
      }).then(async (res) => ({ status: res.status, json: (await res.json()) as Record<string, unknown> }));
    expect(await send(signed)).toMatchObject({ status: 200, json: { status: "failure", errorCode: "11" } });
    expect(await send(JSON.stringify({ locale: "tr", token: "b" }))).toMatchObject({
      status: 200,
      json: { status: "failure", errorCode: "1000" },
    });
  });
});

describe("fake iyzico: checkout form initialize", () => {
  it("answers token, page URL and a signature the official helper verifies", async () => {
    const result = await call(iyzipay.checkoutFormInitialize, "create", checkoutRequest());
    expect(result).toMatchObject({
      status: "success",
      locale: "tr",
      conversationId: "order-1001",
      tokenExpireTime: 1800,
    });
    expect(typeof result.systemTime).toBe("number");
    const token = String(result.token);
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.paymentPageUrl).toBe(`${fake.url}/checkout?token=${token}&lang=tr`);
    expect(String(result.checkoutFormContent)).toMatch(/^<script[^>]*>.*<\/script>$/s);
    expect(String(result.checkoutFormContent)).toContain(JSON.stringify(result.paymentPageUrl));
    expect(iyzipayUtils.calculateHmacSHA256Signature(["order-1001", token], SECRET)).toBe(result.signature);

    // Recorded as received: the client sends prices as text, formatted by its own formatPrice.
    const form = fake.form(token);
    expect(form?.status).toBe("INIT");
    expect(form?.request).toMatchObject({ price: "100.5", paidPrice: "100.5", basketId: "B1001" });
    expect(form?.request.basketItems[1]).toMatchObject({ id: "BI102", price: "40.25" });
    expect(JSON.parse(form?.raw ?? "")).toEqual(form?.request);
  });

  it("refuses a basket whose items do not add up to price (5062), exactly to the kuruş", async () => {
    const result = await call(
      iyzipay.checkoutFormInitialize,
      "create",
      checkoutRequest({ price: "100.51", paidPrice: "100.51" }),
    );
    expect(result).toMatchObject({ status: "failure", errorCode: "5062", conversationId: "order-1001" });
    expect(fake.forms()).toEqual([]);
    // 0.1 + 0.2 is 0.30000000000000004 in floating point; iyzico's decimal check still accepts it.
    const exact = await call(
      iyzipay.checkoutFormInitialize,
      "create",
      checkoutRequest({
        price: "0.3",
        paidPrice: "0.3",
        basketItems: [
          { id: "A", name: "A", category1: "C", itemType: "VIRTUAL", price: "0.1" },
          { id: "B", name: "B", category1: "C", itemType: "VIRTUAL", price: "0.2" },
        ],
      }),
    );
    expect(exact.status).toBe("success");
  });

  it("refuses missing required fields with iyzico's documented answers", async () => {
    const { price: _price, ...noPrice } = checkoutRequest();
    expect(await call(iyzipay.checkoutFormInitialize, "create", noPrice)).toMatchObject({
      status: "failure",
      errorCode: "5004",
      errorMessage: "price gönderilmesi zorunludur",
    });
    const noEmail = checkoutRequest();
    const { email: _email, ...buyer } = noEmail.buyer;
    expect(await call(iyzipay.checkoutFormInitialize, "create", { ...noEmail, buyer })).toMatchObject({
      status: "failure",
      errorCode: "3",
    });
    expect(
      await call(iyzipay.checkoutFormInitialize, "create", checkoutRequest({ enabledInstallments: [4] })),
    ).toMatchObject({ status: "failure", errorCode: "5012" });
  });
});

describe("fake iyzico: checkout form retrieve", () => {
  it("reports a paid form as SUCCESS with a signature the official helper verifies", async () => {
    const token = await initialize();
    const paid = await fake.pay(token, { card: SUCCESS_CARD });
    expect(paid).toEqual({ status: "SUCCESS", paymentId: expect.stringMatching(/^\d+$/) });

    const result = await retrieveResult(token, "retrieve-77");
    expect(result).toMatchObject({
      status: "success",
      conversationId: "retrieve-77",
      paymentStatus: "SUCCESS",
      paymentId: paid.paymentId,
      price: 100.5,
      paidPrice: 100.5,
      installment: 1,
      currency: "TRY",
      basketId: "B1001",
      fraudStatus: 1,
      cardType: "CREDIT_CARD",
      cardAssociation: "MASTER_CARD",
      cardFamily: "Paraf",
      binNumber: "55287900",
      lastFourDigits: "0008",
      phase: "AUTH",
      mdStatus: 1,
      token,
      callbackUrl: `${storeUrl}/api/payments/iyzico/callback`,
    });
    expect(retrieveSignatureOk(result)).toBe(true);
    expect(retrieveSignatureOk({ ...result, paidPrice: 1 })).toBe(false);
    const lines = result.itemTransactions as {
      itemId: string;
      paidPrice: number;
      transactionStatus: number;
    }[];
    expect(lines.map((l) => [l.itemId, l.paidPrice, l.transactionStatus])).toEqual([
      ["BI101", 60.25, 2],
      ["BI102", 40.25, 2],
    ]);
    expect(fake.form(token)?.status).toBe("SUCCESS");
  });

  it("charges instalment interest on paidPrice and spreads it over the basket lines", async () => {
    const token = await initialize();
    await fake.pay(token, { card: INSTALLMENT_CARD, installments: 3 });
    const result = await retrieveResult(token);
    // 100.50 + 3.39 % interest = 103.90695 → 103.91; the basket price stays 100.5.
    expect(result).toMatchObject({
      paymentStatus: "SUCCESS",
      installment: 3,
      paidPrice: 103.91,
      price: 100.5,
    });
    expect(retrieveSignatureOk(result)).toBe(true);
    const lines = result.itemTransactions as { paidPrice: number }[];
    expect(lines.reduce((sum, l) => sum + kurus(l.paidPrice), 0)).toBe(10391);
    await expect(fake.pay(await initialize(), { card: DEBIT_CARD, installments: 3 })).rejects.toThrow(
      /instalments/,
    );
  });

  it("reports a declined test card as FAILURE with iyzico's bank error", async () => {
    const token = await initialize();
    const paid = await fake.pay(token, { card: "4111111111111129" });
    expect(paid.status).toBe("FAILURE");
    const result = await retrieveResult(token);
    expect(result).toMatchObject({
      status: "success",
      paymentStatus: "FAILURE",
      paymentId: paid.paymentId,
      errorCode: "10051",
      errorMessage: "Kart limiti yetersiz, yetersiz bakiye",
      errorGroup: "NOT_SUFFICIENT_FUNDS",
      mdStatus: 1,
    });
    expect(retrieveSignatureOk(result)).toBe(true);
  });

  it("answers every documented error card with its error, and a refused 3-D Secure with mdStatus 0", async () => {
    const failing = Object.entries(IYZICO_TEST_CARDS).filter(([, card]) => card.status === "FAILURE");
    expect(failing.length).toBeGreaterThanOrEqual(15);
    for (const [number, card] of failing) {
      const token = await initialize();
      await fake.pay(token, { card: number });
      const result = await retrieveResult(token);
      expect(result, number).toMatchObject({ paymentStatus: "FAILURE", errorCode: card.failure?.errorCode });
      expect(result.mdStatus, number).toBe(card.mdStatus ?? undefined);
    }
    const refused = await initialize();
    await fake.pay(refused, { card: SUCCESS_CARD, threeDs: "fail" });
    expect(await retrieveResult(refused)).toMatchObject({ paymentStatus: "FAILURE", mdStatus: 0 });
  });

  it("has no paymentStatus before the shopper pays, and refuses an unknown token", async () => {
    const token = await initialize();
    const pending = await retrieveResult(token);
    expect(pending).toMatchObject({ status: "success", token });
    expect(pending.paymentStatus).toBeUndefined();
    expect(await retrieveResult("no-such-token")).toMatchObject({ status: "failure", errorCode: "11" });
  });
});

describe("fake iyzico: installment query", () => {
  it("answers the instalment table of BIN 454671, rounded half up in kuruş", async () => {
    const result = await call(iyzipay.installmentInfo, "retrieve", {
      locale: "tr",
      conversationId: "inst-1",
      binNumber: "454671",
      price: "100",
    });
    expect(result).toMatchObject({ status: "success", conversationId: "inst-1" });
    const [detail, ...others] = result.installmentDetails as Record<string, unknown>[];
    expect(others).toEqual([]);
    expect(detail).toMatchObject({
      binNumber: "454671",
      price: 100,
      cardType: "CREDIT_CARD",
      cardAssociation: "VISA",
      force3ds: 0,
      forceCvc: 0,
    });
    expect(detail?.installmentPrices).toEqual([
      { installmentPrice: 100, totalPrice: 100, installmentNumber: 1 },
      { installmentPrice: 51.09, totalPrice: 102.17, installmentNumber: 2 },
      { installmentPrice: 34.46, totalPrice: 103.39, installmentNumber: 3 },
      { installmentPrice: 17.82, totalPrice: 106.89, installmentNumber: 6 },
      { installmentPrice: 12.32, totalPrice: 110.92, installmentNumber: 9 },
    ]);
  });

  it("offers a debit card and an unknown BIN a single payment only", async () => {
    for (const binNumber of ["589004", "999999"]) {
      const result = await call(iyzipay.installmentInfo, "retrieve", {
        locale: "tr",
        binNumber,
        price: "49.9",
      });
      expect(result.installmentDetails, binNumber).toEqual([
        expect.objectContaining({
          binNumber,
          installmentPrices: [{ installmentPrice: 49.9, totalPrice: 49.9, installmentNumber: 1 }],
        }),
      ]);
    }
  });
});

describe("fake iyzico: refunds and cancels", () => {
  async function paidPayment(card = SUCCESS_CARD) {
    const token = await initialize();
    const { paymentId } = await fake.pay(token, { card });
    return String(paymentId);
  }
  const refund = (paymentId: string, price: string) =>
    call(iyzipay.refundV2, "create", {
      locale: "tr",
      conversationId: `refund-${price}`,
      paymentId,
      price,
      currency: "TRY",
      ip: "85.34.78.112",
    });
  const cancel = (paymentId: string) =>
    call(iyzipay.cancel, "create", {
      locale: "tr",
      conversationId: "cancel-1",
      paymentId,
      ip: "85.34.78.112",
    });

  it("refunds part, then the rest, then refuses a third refund", async () => {
    const paymentId = await paidPayment();
    const first = await refund(paymentId, "40.2");
    expect(first).toMatchObject({ status: "success", paymentId, price: 40.2, currency: "TRY" });
    // Documented order for /v2/payment/refund: paymentId, price, currency, conversationId.
    expect(
      iyzipayUtils.calculateHmacSHA256Signature(
        [paymentId, first.price, first.currency, first.conversationId],
        SECRET,
      ),
    ).toBe(first.signature);
    expect(await refund(paymentId, "60.3")).toMatchObject({ status: "success", price: 60.3 });
    expect(await refund(paymentId, "0.01")).toMatchObject({
      status: "failure",
      conversationId: "refund-0.01",
    });
    expect(fake.refunds()).toEqual([
      { paymentId, price: "40.2", conversationId: "refund-40.2" },
      { paymentId, price: "60.3", conversationId: "refund-60.3" },
    ]);
  });

  it("refuses refunds of unknown and unrefundable payments", async () => {
    expect(await refund("1", "1")).toMatchObject({ status: "failure", errorCode: "5087" });
    expect(await refund(await paidPayment("5406670000000009"), "1")).toMatchObject({ status: "failure" });
    expect(fake.refunds()).toEqual([]);
  });

  it("cancels a whole payment on the day it was made, not the next day", async () => {
    const today = await paidPayment();
    expect(await cancel(today)).toMatchObject({ status: "success", paymentId: today, price: 100.5 });
    expect(await cancel(today)).toMatchObject({ status: "failure" });
    expect(fake.cancels()).toEqual([{ paymentId: today, conversationId: "cancel-1" }]);

    const yesterday = await paidPayment();
    fake.setClock(() => new Date(Date.now() + 24 * 3_600_000));
    expect(await cancel(yesterday)).toMatchObject({ status: "failure" });
    // The next day the money goes back as a refund instead.
    expect(await refund(yesterday, "100.5")).toMatchObject({ status: "success" });
    expect(fake.cancels()).toHaveLength(1);
  });

  it("does not cancel a partly refunded payment or the uncancellable test card", async () => {
    const refunded = await paidPayment();
    await refund(refunded, "1");
    expect(await cancel(refunded)).toMatchObject({ status: "failure" });
    expect(await cancel(await paidPayment("5406670000000009"))).toMatchObject({ status: "failure" });
    expect(fake.cancels()).toEqual([]);
  });
});

describe("fake iyzico: HPP webhook", () => {
  it("signs the notification with the documented HPP formula", async () => {
    const token = await initialize();
    const { paymentId } = await fake.pay(token, { card: SUCCESS_CARD });
    const { body, headers, payload } = fake.notification(token);
    expect(JSON.parse(body)).toEqual(payload);
    expect(payload).toMatchObject({
      paymentConversationId: "order-1001",
      merchantId: 3404590,
      token,
      status: "SUCCESS",
      iyziEventType: "CHECKOUT_FORM_AUTH",
      iyziPaymentId: Number(paymentId),
    });
    // secretKey + iyziEventType + iyziPaymentId + token + paymentConversationId + status, keyed with secretKey.
    const expected = createHmac("sha256", SECRET)
      .update(`${SECRET}CHECKOUT_FORM_AUTH${paymentId}${token}order-1001SUCCESS`)
      .digest("hex");
    expect(headers["X-IYZ-SIGNATURE-V3"]).toBe(expected);
  });

  it("delivers it to the notification URL and hands back the store's answer", async () => {
    const token = await initialize();
    await fake.pay(token, { card: "4129111111111111" });
    fake.setNotifyUrl(`${storeUrl}/api/webhooks/iyzico`);
    expect(await fake.deliverNotification(token)).toEqual({ status: 200, text: "OK" });
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery?.path).toBe("/api/webhooks/iyzico");
    expect(delivery?.headers["content-type"]).toBe("application/json");
    expect(delivery?.headers["x-iyz-signature-v3"]).toBe(
      fake.notification(token).headers["X-IYZ-SIGNATURE-V3"],
    );
    expect(JSON.parse(delivery?.body ?? "")).toMatchObject({ token, status: "FAILURE" });
  });
});

describe("fake iyzico: hosted payment page over HTTP", () => {
  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${fake.url}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    }).then(async (res) => ({ status: res.status, html: await res.text() }));
  const card = (token: string, cardNumber: string) =>
    post("/checkout/card", { token, cardNumber, cardHolderName: "Ayşe Yılmaz", expiry: "12/30", cvc: "123" });

  it("takes a card, shows 3-D Secure, then posts the token back to the store", async () => {
    fake.setNotifyUrl(`${storeUrl}/api/webhooks/iyzico`);
    const result = await call(iyzipay.checkoutFormInitialize, "create", checkoutRequest());
    const token = String(result.token);

    const pageRes = await fetch(String(result.paymentPageUrl));
    const page = await pageRes.text();
    expect(pageRes.status).toBe(200);
    for (const label of ["Kart numarası", "Kart üzerindeki isim", "Son kullanma tarihi", "CVC"]) {
      expect(page).toMatch(new RegExp(`<label for="\\w+">${label}</label>`));
    }
    expect(page).toContain(">Öde</button>");
    expect(page).toContain("100,50 TRY");

    const invalid = await card(token, "5890040000000017");
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain("Kart numarası geçersizdir");

    const bank = await card(token, "5890 0400 0000 0016");
    expect(bank.status).toBe(200);
    expect(bank.html).toContain("3-D Secure");
    for (const button of ["Onayla", "Reddet", "İptal"]) expect(bank.html).toContain(`>${button}</button>`);
    expect(fake.form(token)?.status).toBe("INIT");

    const done = await post("/checkout/3ds", { token, action: "approve" });
    const form = /<form id="iyzico-return" method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(
      done.html,
    );
    expect(form?.[1]).toBe(`${storeUrl}/api/payments/iyzico/callback`);
    expect(form?.[2]).toContain(`<input type="hidden" name="token" value="${token}">`);
    expect(form?.[2]).toContain(">Mağazaya dön</button>");
    expect(done.html).toMatch(/<script>[^<]*iyzico-return[^<]*\.submit\(\)/);

    // The webhook went out before the page was answered.
    expect(received.map((r) => r.path)).toEqual(["/api/webhooks/iyzico"]);
    expect(fake.deliveries()).toEqual([{ token, url: `${storeUrl}/api/webhooks/iyzico`, status: 200 }]);
    const retrieved = await retrieveResult(token);
    expect(retrieved).toMatchObject({ paymentStatus: "SUCCESS", cardType: "DEBIT_CARD", installment: 1 });
    expect(retrieveSignatureOk(retrieved)).toBe(true);
  });

  it("offers instalments for a credit card, and a refused 3-D Secure fails the payment", async () => {
    const token = await initialize({ enabledInstallments: [1, 3] });
    const choice = await card(token, INSTALLMENT_CARD);
    expect(choice.html).toContain("Tek çekim");
    expect(choice.html).toContain("3 taksit");
    expect(choice.html).not.toContain("6 taksit");
    expect(choice.html).toContain(">Devam</button>");
    const bank = await post("/checkout/installment", { token, installment: "3" });
    expect(bank.html).toContain("103,91 TRY");
    const done = await post("/checkout/3ds", { token, action: "fail" });
    expect(done.html).toContain("Ödeme başarısız");
    expect(await retrieveResult(token)).toMatchObject({
      paymentStatus: "FAILURE",
      mdStatus: 0,
      installment: 3,
    });
    // No notification URL: nothing sent, nothing recorded.
    expect(fake.deliveries()).toEqual([]);
  });

  it("records a webhook the store could not take instead of failing the page", async () => {
    fake.setNotifyUrl("http://127.0.0.1:9/unreachable");
    const token = await initialize();
    await card(token, DEBIT_CARD);
    const done = await post("/checkout/3ds", { token, action: "cancel" });
    expect(done.status).toBe(200);
    expect(fake.deliveries()).toEqual([
      expect.objectContaining({ token, status: 0, error: expect.any(String) }),
    ]);
    expect(fake.form(token)?.status).toBe("FAILURE");
  });
});

describe("fake iyzico: failure injection", () => {
  it("answers 503 with a non-JSON body while down", async () => {
    fake.setDown(true);
    const res = await fetch(`${fake.url}${IYZICO_PATHS.initialize}`, { method: "POST", body: "{}" });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).not.toContain("json");
    const body = await res.text();
    expect(() => JSON.parse(body)).toThrow();
    const viaClient: unknown = await call(iyzipay.checkoutFormInitialize, "create", checkoutRequest());
    expect(typeof viaClient).toBe("string");
    fake.setDown(false);
    await initialize();
  });

  it("answers the next calls to a path with an injected iyzico failure", async () => {
    const token = await initialize();
    fake.failNext(
      IYZICO_PATHS.retrieve,
      { errorCode: "10214", errorMessage: "İletişim veya sistem hatası" },
      2,
    );
    for (let i = 0; i < 2; i++) {
      expect(await retrieveResult(token)).toMatchObject({
        status: "failure",
        errorCode: "10214",
        conversationId: "retrieve-1",
      });
    }
    expect(await retrieveResult(token)).toMatchObject({ status: "success" });
  });
});
