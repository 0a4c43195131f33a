// The fake PayTR server, driven over real HTTP the way the store and a shopper's browser talk to PayTR. PayTR
// publishes no Node client, so every signature here is computed from the documented formulas, written out
// below rather than imported from the fake. It needs no database; it lives with the integration tests
// because it opens sockets.
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakePaytr, PAYTR_TEST_CARDS, startFakePaytr } from "@/tests/support/fake-paytr";

const MERCHANT_ID = "123456";
const MERCHANT_KEY = "fakeMerchantKey1";
const MERCHANT_SALT = "fakeMerchantSalt";
const OK_URL = "http://127.0.0.1:3000/tr/checkout/paytr/ok";
const FAIL_URL = "http://127.0.0.1:3000/tr/checkout/paytr/fail";

/** base64(HMAC-SHA256(key, message)): every PayTR signature (dev.paytr.com sample code). */
const hmacB64 = (key: string, message: string) => createHmac("sha256", key).update(message).digest("base64");

// The documented formulas, one per service.
const sign = {
  // iFrame API 1. Adım
  getToken: (f: Record<string, string>) =>
    hmacB64(
      MERCHANT_KEY,
      `${f.merchant_id}${f.user_ip}${f.merchant_oid}${f.email}${f.payment_amount}${f.user_basket}` +
        `${f.no_installment}${f.max_installment}${f.currency}${f.test_mode}${MERCHANT_SALT}`,
    ),
  // iFrame API 2. Adım (the notification's `hash`)
  notification: (f: Record<string, string>) =>
    hmacB64(MERCHANT_KEY, `${f.merchant_oid}${MERCHANT_SALT}${f.status}${f.total_amount}`),
  // Durum Sorgu
  status: (oid: string) => hmacB64(MERCHANT_KEY, `${MERCHANT_ID}${oid}${MERCHANT_SALT}`),
  // İade API
  refund: (oid: string, amount: string) =>
    hmacB64(MERCHANT_KEY, `${MERCHANT_ID}${oid}${amount}${MERCHANT_SALT}`),
  // BIN Sorgulama Servisi (the BIN comes first here)
  bin: (bin: string) => hmacB64(MERCHANT_KEY, `${bin}${MERCHANT_ID}${MERCHANT_SALT}`),
  // Taksit Oranları Sorgulama
  rates: (requestId: string) => hmacB64(MERCHANT_KEY, `${MERCHANT_ID}${requestId}${MERCHANT_SALT}`),
};

/** The basket of PayTR's sample code (iFrame API 1. Adım): name, unit price as a string, quantity. */
const DOC_BASKET: [string, string, number][] = [
  ["Örnek ürün 1", "18.00", 1],
  ["Örnek ürün 2", "33.25", 2],
  ["Örnek ürün 3", "45.42", 1],
];

interface Notice {
  contentType: string | undefined;
  fields: Record<string, string>;
}

let fake: FakePaytr;
let receiver: Server;
let notifyUrl: string;
const notices: Notice[] = [];
/** What the receiver answers: PayTR wants exactly "OK". */
let receiverAnswer = "OK";

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      notices.push({
        contentType: req.headers["content-type"],
        fields: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))),
      });
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end(receiverAnswer);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/paytr`;
  fake = await startFakePaytr({
    merchantId: MERCHANT_ID,
    merchantKey: MERCHANT_KEY,
    merchantSalt: MERCHANT_SALT,
    notifyUrl,
  });
});

afterAll(async () => {
  await fake.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

beforeEach(() => {
  fake.reset();
  fake.setNotifyUrl(notifyUrl);
  notices.length = 0;
  receiverAnswer = "OK";
});

let orderCounter = 0;
const newOid = () => `TR${Date.now()}N${++orderCounter}`;

/** The get-token form, signed with the documented formula unless `paytr_token` is given. */
function tokenForm(overrides: Record<string, string> = {}): Record<string, string> {
  const form: Record<string, string> = {
    merchant_id: MERCHANT_ID,
    user_ip: "85.105.1.2",
    merchant_oid: newOid(),
    email: "ayse@example.com",
    payment_amount: "12992",
    currency: "TL",
    user_basket: Buffer.from(JSON.stringify(DOC_BASKET), "utf8").toString("base64"),
    no_installment: "0",
    max_installment: "0",
    user_name: "Ayşe Yılmaz",
    user_address: "Moda Cad. 1, Kadıköy, İstanbul",
    user_phone: "05321234567",
    merchant_ok_url: OK_URL,
    merchant_fail_url: FAIL_URL,
    timeout_limit: "30",
    debug_on: "1",
    test_mode: "1",
    lang: "tr",
    ...overrides,
  };
  form.paytr_token = overrides.paytr_token ?? sign.getToken(form);
  return form;
}

async function post(path: string, form: Record<string, string>) {
  const res = await fetch(`${fake.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    body: (await res.json()) as Record<string, unknown>,
  };
}

async function openPayment(overrides: Record<string, string> = {}) {
  const form = tokenForm(overrides);
  const res = await post("/odeme/api/get-token", form);
  expect(res.body).toMatchObject({ status: "success", token: expect.any(String) });
  return { oid: form.merchant_oid ?? "", token: String(res.body.token), form };
}

/** Submits the page's form as a browser does: POST to the form's action, form-encoded. */
async function submitCard(token: string, card: Record<string, string>) {
  const page = await (await fetch(`${fake.url}/odeme/guvenli/${token}`)).text();
  const action = page.match(/<form method="post" action="([^"]+)"/)?.[1];
  expect(action).toBe(`/odeme/guvenli/${token}`);
  return submitTo(action ?? "", card);
}

async function submitTo(action: string, card: Record<string, string>) {
  const res = await fetch(new URL(action, fake.url), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ cc_owner: "AYSE YILMAZ", expiry: "12/30", cvv: "000", ...card }).toString(),
  });
  return { status: res.status, html: await res.text() };
}

describe("fake paytr: the documented formulas (checked independently of the fake)", () => {
  it("computes HMAC-SHA256 right (RFC 4231, test case 2) and reads amounts as PayTR's examples do", () => {
    const rfc4231 = Buffer.from(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
      "hex",
    ).toString("base64");
    expect(hmacB64("Jefe", "what do ya want for nothing?")).toBe(rfc4231);
    // "34.56 için 3456 gönderilmelidir"; the sample basket comes to 129.92.
    const kurus = (s: string) => {
      const [lira = "0", frac = ""] = s.split(".");
      return Number(lira) * 100 + Number(frac.padEnd(2, "0"));
    };
    expect(kurus("34.56")).toBe(3456);
    expect(DOC_BASKET.reduce((sum, [, price, qty]) => sum + kurus(price) * qty, 0)).toBe(12992);
  });
});

describe("fake paytr: get-token (iFrame API 1. Adım)", () => {
  it("gives a token for a correctly signed request and keeps the request and the basket", async () => {
    const form = tokenForm();
    const res = await post("/odeme/api/get-token", form);
    expect(res.status).toBe(200);
    expect(res.type).toContain("application/json");
    expect(res.body).toEqual({ status: "success", token: expect.stringMatching(/^[0-9a-f]{52}$/) });

    const [record] = fake.tokens();
    expect(record).toMatchObject({ token: res.body.token, merchantOid: form.merchant_oid });
    expect(record?.request).toEqual(form);
    expect(record?.basket).toEqual(DOC_BASKET);
    expect(fake.payment(form.merchant_oid ?? "")).toEqual({
      status: "pending",
      paymentAmount: 12992,
      totalAmount: 0,
      refunded: 0,
      installments: 0,
    });
    expect(fake.requests()).toEqual([{ method: "POST", path: "/odeme/api/get-token", authorized: true }]);
  });

  it("refuses a wrong paytr_token, an unknown merchant and a missing field with status failed and a reason", async () => {
    const forged = tokenForm({ paytr_token: hmacB64("another-key", "anything") });
    const badToken = await post("/odeme/api/get-token", forged);
    expect(badToken.status).toBe(200);
    expect(badToken.body).toEqual({ status: "failed", reason: expect.stringContaining("paytr_token") });

    // A field changed after signing is the same as a wrong token.
    const signed = tokenForm();
    const tampered = await post("/odeme/api/get-token", { ...signed, payment_amount: "100" });
    expect(tampered.body.status).toBe("failed");

    const unknown = await post("/odeme/api/get-token", tokenForm({ merchant_id: "999999" }));
    expect(unknown.body).toEqual({ status: "failed", reason: "Zorunlu alan degeri gecersiz: merchant_id" });

    const missing = tokenForm();
    delete missing.email;
    expect((await post("/odeme/api/get-token", missing)).body).toEqual({
      status: "failed",
      reason: "Zorunlu alan degeri gecersiz: email",
    });

    const notAlnum = await post("/odeme/api/get-token", tokenForm({ merchant_oid: "order-1" }));
    expect(notAlnum.body).toEqual({ status: "failed", reason: "Zorunlu alan degeri gecersiz: merchant_oid" });

    expect(fake.tokens()).toEqual([]);
    expect(fake.requests().map((r) => r.authorized)).toEqual([false, false, false, false, true]);
  });

  it("opens an unpaid order again with a new token, but not one already paid", async () => {
    const first = await openPayment();
    const again = await openPayment({ merchant_oid: first.oid });
    expect(again.token).not.toBe(first.token);
    // The replaced token's page is gone.
    expect((await fetch(`${fake.url}/odeme/guvenli/${first.token}`)).status).toBe(404);

    await fake.pay(again.token);
    const third = await post("/odeme/api/get-token", tokenForm({ merchant_oid: first.oid }));
    expect(third.body.status).toBe("failed");
  });
});

describe("fake paytr: the payment page and the notification (iFrame API 2. Adım)", () => {
  it("serves a frameable form without JavaScript requirements: amount, labelled fields, Taksit, Ödeme yap", async () => {
    const { token } = await openPayment();
    const res = await fetch(`${fake.url}/odeme/guvenli/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("x-frame-options")).toBeNull();
    expect(res.headers.get("content-security-policy")).toBeNull();
    const page = await res.text();
    expect(page).toContain("129,92 TL");
    for (const [label, name] of [
      ["Kart üzerindeki isim", "cc_owner"],
      ["Kart numarası", "card_number"],
      ["Son kullanma tarihi", "expiry"],
      ["CVC", "cvv"],
      ["Taksit", "installment_count"],
    ]) {
      expect(page).toContain(`<label for="${name}">${label}</label>`);
      expect(page).toMatch(new RegExp(`id="${name}" name="${name}"`));
    }
    expect(page).toContain('<option value="12">12 taksit</option>');
    expect(page).toContain('<button type="submit">Ödeme yap</button>');

    // No installments: no select.
    const single = await openPayment({ no_installment: "1" });
    const singlePage = await (await fetch(`${fake.url}/odeme/guvenli/${single.token}`)).text();
    expect(singlePage).not.toContain("Taksit");
    // max_installment caps the options.
    const capped = await openPayment({ max_installment: "4" });
    const cappedPage = await (await fetch(`${fake.url}/odeme/guvenli/${capped.token}`)).text();
    expect(cappedPage).toContain('<option value="4">4 taksit</option>');
    expect(cappedPage).not.toContain('<option value="5">');

    expect((await fetch(`${fake.url}/odeme/guvenli/${"ab".repeat(26)}`)).status).toBe(404);
  });

  it("pays with a documented test card: signed success notification, OK recorded, top window to merchant_ok_url", async () => {
    const { oid, token } = await openPayment();
    const result = await submitCard(token, { card_number: "4355 0843 5508 4358" });
    expect(result.status).toBe(200);
    expect(result.html).toContain(`window.top.location.href = ${JSON.stringify(OK_URL)}`);
    expect(result.html).toContain(`<a href="${OK_URL}" target="_top">`);

    expect(notices).toHaveLength(1);
    const [notice] = notices;
    expect(notice?.contentType).toContain("application/x-www-form-urlencoded");
    const fields = notice?.fields ?? {};
    expect(fields).toEqual({
      merchant_oid: oid,
      status: "success",
      total_amount: "12992",
      hash: sign.notification(fields),
      test_mode: "1",
      payment_type: "card",
      currency: "TL",
      payment_amount: "12992",
    });
    expect(fake.deliveries()).toEqual([
      { merchantOid: oid, url: notifyUrl, status: 200, text: "OK", acknowledged: true },
    ]);
    expect(fake.payment(oid)).toMatchObject({ status: "success", paymentAmount: 12992, totalAmount: 12992 });

    // A second submit (a double click) charges nothing and notifies nothing; the page shows the result.
    const again = await submitTo(`/odeme/guvenli/${token}`, { card_number: "4355080000000021" });
    expect(again.html).toContain(`window.top.location.href = ${JSON.stringify(OK_URL)}`);
    expect(await (await fetch(`${fake.url}/odeme/guvenli/${token}`)).text()).not.toContain("<form");
    expect(fake.payment(oid)?.status).toBe("success");
    expect(notices).toHaveLength(1);
  });

  it("fails with the fake's 3-D Secure card: failed notification with reason code, top window to merchant_fail_url", async () => {
    const { oid, token } = await openPayment();
    expect(PAYTR_TEST_CARDS["4355080000000021"]?.failedReasonCode).toBe("2");
    const result = await submitCard(token, { card_number: "4355080000000021" });
    expect(result.html).toContain(`window.top.location.href = ${JSON.stringify(FAIL_URL)}`);
    expect(result.html).toContain("Kimlik Doğrulama başarısız");

    const fields = notices[0]?.fields ?? {};
    expect(fields).toEqual({
      merchant_oid: oid,
      status: "failed",
      total_amount: "0",
      hash: sign.notification(fields),
      failed_reason_code: "2",
      failed_reason_msg: "Kimlik Doğrulama başarısız. Lütfen tekrar deneyin ve şifreyi doğru girin.",
      test_mode: "1",
      payment_type: "card",
    });
    expect(fake.payment(oid)).toMatchObject({ status: "failed", totalAmount: 0 });
  });

  it("re-renders the form on input errors without an outcome", async () => {
    const { oid, token } = await openPayment();
    const result = await submitCard(token, { card_number: "4355084355084359" });
    expect(result.status).toBe(422);
    expect(result.html).toContain('role="alert"');
    expect(result.html).toContain("Kart numarası geçersiz");
    expect(fake.payment(oid)?.status).toBe("pending");
    expect(notices).toHaveLength(0);
  });

  it("charges installment interest at the rate the rate service reports, and refuses installments on a debit card", async () => {
    const rates = await post("/odeme/taksit-oranlari", {
      merchant_id: MERCHANT_ID,
      request_id: "rates1",
      paytr_token: sign.rates("rates1"),
    });
    const oranlar = rates.body.oranlar as Record<string, Record<string, number>>;
    const percent = oranlar.axess?.taksit_3 ?? 0;
    expect(percent).toBeGreaterThan(0);

    const { oid, token } = await openPayment();
    await submitCard(token, { card_number: "4355084355084358", installment_count: "3" });
    // Interest in integer kuruş, rounded half up: 12992 × rate%.
    const basisPoints = Math.round(percent * 100);
    const expected = 12992 + Math.floor((12992 * basisPoints + 5_000) / 10_000);
    expect(notices[0]?.fields).toMatchObject({
      status: "success",
      total_amount: String(expected),
      payment_amount: "12992",
    });
    expect(fake.payment(oid)).toMatchObject({ totalAmount: expected, installments: 3 });

    const debit = await openPayment();
    expect(await fake.pay(debit.token, { card: "5890040000000008", installments: 3 })).toEqual({
      merchantOid: debit.oid,
      status: "failed",
    });
    expect(fake.notification(debit.oid).fields).toMatchObject({
      failed_reason_code: "8",
      failed_reason_msg: "Bu karta taksit yapılamamaktadır.",
    });
  });

  it("records a notification the store did not answer with OK, and redelivers it on demand", async () => {
    receiverAnswer = "ERROR";
    const { oid, token } = await openPayment();
    await submitCard(token, { card_number: "5406675406675403" });
    expect(fake.deliveries()).toEqual([
      { merchantOid: oid, url: notifyUrl, status: 200, text: "ERROR", acknowledged: false },
    ]);

    receiverAnswer = "OK";
    expect(await fake.deliverNotification(oid)).toEqual({ status: 200, text: "OK" });
    expect(fake.deliveries().map((d) => d.acknowledged)).toEqual([false, true]);
    expect(notices).toHaveLength(2);
    expect(notices[1]?.fields).toEqual(notices[0]?.fields);
  });

  it("pay() completes without notifying; notification() is the signed body PayTR would send", async () => {
    const { oid, token } = await openPayment();
    expect(await fake.pay(token)).toEqual({ merchantOid: oid, status: "success" });
    expect(notices).toHaveLength(0);
    const { body, fields } = fake.notification(oid);
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual(fields);
    expect(fields.hash).toBe(sign.notification(fields));
  });
});

describe("fake paytr: status inquiry (Durum Sorgu)", () => {
  it("reports a paid order, and the documented errors otherwise", async () => {
    const { oid, token } = await openPayment({ payment_amount: "3456" });
    const ask = (merchantOid: string, token = sign.status(merchantOid)) =>
      post("/odeme/durum-sorgu", { merchant_id: MERCHANT_ID, merchant_oid: merchantOid, paytr_token: token });

    expect((await ask(oid)).body).toEqual({
      status: "error",
      err_no: "004",
      err_msg: "merchant_oid ile basarili odeme bulunamadi",
    });
    await fake.pay(token, { card: "5406675406675403" });
    const paid = await ask(oid);
    expect(paid.body).toEqual({
      status: "success",
      payment_amount: "34.56",
      payment_total: "34.56",
      payment_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      currency: "TL",
      taksit: "0",
      kart_marka: "MAXIMUM",
      masked_pan: "540667******5403",
      odeme_tipi: "KART",
      test_mode: "1",
      returns: [],
    });

    expect((await ask(oid, sign.status("someone-else"))).body).toEqual({
      status: "error",
      err_no: "003",
      err_msg: "paytr_token gonderilmedi veya gecersiz",
    });
    expect((await ask("NOSUCHORDER")).body).toMatchObject({ status: "error", err_no: "004" });
    expect(
      (
        await post("/odeme/durum-sorgu", {
          merchant_id: "1",
          merchant_oid: oid,
          paytr_token: sign.status(oid),
        })
      ).body,
    ).toMatchObject({ status: "error", err_no: "001" });
  });
});

describe("fake paytr: refunds (İade API)", () => {
  const refund = (oid: string, amount: string, extra: Record<string, string> = {}) =>
    post("/odeme/iade", {
      merchant_id: MERCHANT_ID,
      merchant_oid: oid,
      return_amount: amount,
      paytr_token: sign.refund(oid, amount),
      ...extra,
    });

  it("refunds partly then fully, refuses more than remains, and lists them on the status inquiry", async () => {
    const { oid, token } = await openPayment();
    expect((await refund(oid, "10.25")).body).toMatchObject({ status: "error", err_no: "005" });
    await fake.pay(token);

    expect((await refund(oid, "10.25", { reference_no: "RF1001" })).body).toEqual({
      status: "success",
      is_test: 1,
      merchant_oid: oid,
      return_amount: "10.25",
      reference_no: "RF1001",
    });
    expect(fake.payment(oid)?.refunded).toBe(1025);

    // 129.92 − 10.25 = 119.67 remains; a kuruş more is refused.
    expect((await refund(oid, "119.68")).body).toEqual({
      status: "error",
      err_no: "009",
      err_msg: "Toplam iade tutari odeme tutarindan fazla olamaz",
    });
    expect((await refund(oid, "119.67")).body).toMatchObject({ status: "success", return_amount: "119.67" });
    expect((await refund(oid, "0.01")).body).toMatchObject({ status: "error", err_no: "009" });
    expect(fake.payment(oid)?.refunded).toBe(12992);
    expect(fake.refunds()).toEqual([
      { merchantOid: oid, returnAmount: "10.25", referenceNo: "RF1001" },
      { merchantOid: oid, returnAmount: "119.67" },
    ]);

    const status = await post("/odeme/durum-sorgu", {
      merchant_id: MERCHANT_ID,
      merchant_oid: oid,
      paytr_token: sign.status(oid),
    });
    expect(status.body.returns).toEqual([
      expect.objectContaining({ return_amount: "10.25", reference_no: "RF1001" }),
      expect.objectContaining({ return_amount: "119.67", reference_no: "" }),
    ]);
  });

  it("refuses a wrong token, a malformed amount and a reference_no that is not alphanumeric", async () => {
    const { oid, token } = await openPayment();
    await fake.pay(token);
    const forged = await post("/odeme/iade", {
      merchant_id: MERCHANT_ID,
      merchant_oid: oid,
      return_amount: "5.00",
      paytr_token: sign.refund(oid, "50.00"),
    });
    expect(forged.body).toEqual({
      status: "error",
      err_no: "004",
      err_msg: "paytr_token gonderilmedi veya gecersiz",
    });
    expect((await refund(oid, "5,00")).body).toMatchObject({ status: "error", err_no: "003" });
    expect((await refund(oid, "5.00", { reference_no: "rf_123" })).body).toMatchObject({
      status: "error",
      err_no: "001",
    });
    expect(fake.refunds()).toEqual([]);
    expect(
      fake
        .requests()
        .filter((r) => r.path === "/odeme/iade")
        .map((r) => r.authorized),
    ).toEqual([false, true, true]);
  });
});

describe("fake paytr: BIN detail and installment rates", () => {
  const binDetail = (bin: string, token = sign.bin(bin)) =>
    post("/odeme/api/bin-detail", { merchant_id: MERCHANT_ID, bin_number: bin, paytr_token: token });

  it("describes the test cards' BINs, a Bonus credit card and a debit card; an unknown BIN is failed", async () => {
    for (const card of Object.keys(PAYTR_TEST_CARDS).filter(
      (c) => PAYTR_TEST_CARDS[c]?.outcome === "success",
    )) {
      const res = await binDetail(card.slice(0, 6));
      expect(res.body).toMatchObject({ status: "success", cardType: "credit" });
    }
    expect((await binDetail("45467100")).body).toEqual({
      status: "success",
      cardType: "credit",
      businessCard: "n",
      bank: "Garanti BBVA",
      brand: "bonus",
      schema: "VISA",
      bankCode: "0062",
      allow_non3d: "Y",
    });
    expect((await binDetail("589004")).body).toMatchObject({
      status: "success",
      cardType: "debit",
      brand: "none",
    });
    expect((await binDetail("411111")).body).toEqual({ status: "failed" });
    // The documented order is bin_number + merchant_id; merchant_id first is a wrong token.
    const swapped = hmacB64(MERCHANT_KEY, `${MERCHANT_ID}454671${MERCHANT_SALT}`);
    expect((await binDetail("454671", swapped)).body).toMatchObject({
      status: "error",
      err_msg: expect.any(String),
    });
  });

  it("answers the rates by card program with the request_id echoed; a wrong token is an error", async () => {
    const res = await post("/odeme/taksit-oranlari", {
      merchant_id: MERCHANT_ID,
      request_id: "1959874464874",
      paytr_token: sign.rates("1959874464874"),
    });
    expect(res.body).toMatchObject({ status: "success", request_id: "1959874464874", max_inst_non_bus: 12 });
    const oranlar = res.body.oranlar as Record<string, Record<string, number>>;
    for (const brand of ["axess", "advantage", "bonus", "cardfinans", "combo", "maximum", "paraf", "world"]) {
      const rates = oranlar[brand] ?? {};
      expect(Object.keys(rates)).toEqual(Array.from({ length: 11 }, (_, i) => `taksit_${i + 2}`));
      expect(rates.taksit_12).toBeGreaterThan(rates.taksit_2 ?? Number.POSITIVE_INFINITY);
    }
    const forged = await post("/odeme/taksit-oranlari", {
      merchant_id: MERCHANT_ID,
      request_id: "1",
      paytr_token: sign.rates("2"),
    });
    expect(forged.body).toMatchObject({ status: "error", err_msg: expect.any(String) });
  });
});

describe("fake paytr: controls", () => {
  it("is down with a non-JSON 503 everywhere, and failNext answers a path with a given JSON", async () => {
    const { token } = await openPayment();
    fake.setDown(true);
    const down = await fetch(`${fake.url}/odeme/api/get-token`, { method: "POST", body: "" });
    expect(down.status).toBe(503);
    expect(down.headers.get("content-type")).not.toContain("json");
    const text = await down.text();
    expect(() => JSON.parse(text)).toThrow();
    expect((await fetch(`${fake.url}/odeme/guvenli/${token}`)).status).toBe(503);
    fake.setDown(false);

    fake.failNext("/odeme/iade", {
      status: "error",
      err_no: "000",
      err_msg: "iade yapilamiyor, daha sonra tekrar deneyin",
    });
    const injected = await post("/odeme/iade", { merchant_id: MERCHANT_ID });
    expect(injected.body).toEqual({
      status: "error",
      err_no: "000",
      err_msg: "iade yapilamiyor, daha sonra tekrar deneyin",
    });
    expect((await post("/odeme/iade", { merchant_id: MERCHANT_ID })).body).toMatchObject({ err_no: "002" });
  });

  it("is reachable over HTTP under /_fake/ for a fake in another process", async () => {
    const { oid, token } = await openPayment();
    const control = (path: string, body?: unknown) =>
      fetch(
        `${fake.url}/_fake/${path}`,
        body === undefined ? {} : { method: "POST", body: JSON.stringify(body) },
      ).then((r) => r.json() as Promise<Record<string, unknown>>);
    expect(await control("pay", { token, card: "4355080000000518" })).toEqual({
      merchantOid: oid,
      status: "failed",
    });
    expect(await control(`payments/${oid}`)).toMatchObject({ status: "failed" });
    expect(await control(`notifications/${oid}/deliver`, {})).toEqual({ status: 200, text: "OK" });
    expect(notices[0]?.fields).toMatchObject({
      failed_reason_code: "0",
      failed_reason_msg: expect.stringContaining("yetersiz"),
    });
    await control("reset", {});
    expect(fake.tokens()).toEqual([]);
  });
});
