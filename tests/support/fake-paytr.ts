/**
 * A small PayTR-compatible HTTP server for tests (no internet needed), written from PayTR's public
 * documentation (dev.paytr.com); the store points PAYTR_BASE_URL at it.
 *
 * iFrame API:
 *   POST /odeme/api/get-token      form-encoded step 1 → `{status:"success",token}` | `{status:"failed",reason}`
 *   GET  /odeme/guvenli/<token>    the payment page the store frames: plain HTML that works without JavaScript,
 *                                  labelled fields "Kart üzerindeki isim", "Kart numarası", "Son kullanma
 *                                  tarihi" (AA/YY), "CVC", a "Taksit" select and an "Ödeme yap" button
 *   POST /odeme/guvenli/<token>    the form's submit: decides the outcome by card number, POSTs the step-2
 *                                  notification to the notify URL (PayTR's panel setting) and waits for the
 *                                  answer, then sends the top window to merchant_ok_url / merchant_fail_url
 * Services: POST /odeme/durum-sorgu (status inquiry), /odeme/iade (refund), /odeme/api/bin-detail and
 * /odeme/taksit-oranlari. Every answer is HTTP 200 JSON, failures included, as PayTR does.
 *
 * Signatures, all base64(HMAC-SHA256(key = merchant_key, message)):
 *   get-token     merchant_id + user_ip + merchant_oid + email + payment_amount + user_basket + no_installment
 *                 + max_installment + currency + test_mode + merchant_salt
 *   notification  merchant_oid + merchant_salt + status + total_amount            (the `hash` field)
 *   durum-sorgu   merchant_id + merchant_oid + merchant_salt
 *   iade          merchant_id + merchant_oid + return_amount + merchant_salt
 *   bin-detail    bin_number + merchant_id + merchant_salt
 *   taksit        merchant_id + request_id + merchant_salt
 * Each is computed over the raw strings received, as PayTR recomputes it.
 *
 * Money is integer kuruş throughout. Installment counts follow PayTR: 0 is a single payment ("tek çekim"),
 * otherwise 2–12; the customer pays the card family's rate on top (total_amount > payment_amount).
 *
 * Where the documentation is silent the fake chooses, and says so next to the choice ("fake's choice"):
 * failure card numbers, rates, the BIN table, answers' wording where PayTR gives no text. The in-process
 * controls (`pay`, `notification`, `deliverNotification`, `failNext`, `setDown`, …) are also reachable over
 * HTTP under `/_fake/…` for a fake running in another process (`fake-paytr-cli.ts`; see `handleControl`).
 */
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer, listenLocally } from "./fake-http";

// ---------------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------------

export interface FakePaytrOptions {
  merchantId: string;
  merchantKey: string;
  merchantSalt: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Where notifications go (PayTR's "Bildirim URL" panel setting); null: nowhere. */
  notifyUrl?: string | null;
}

export type FakePaytrPaymentStatus = "pending" | "success" | "failed";

/** A line of `user_basket`: name, unit price as a decimal string, quantity. */
export type FakePaytrBasketItem = [string, string, number];

export interface FakePaytrTokenRecord {
  token: string;
  merchantOid: string;
  /** Every form field of the get-token request, as received. */
  request: Record<string, string>;
  basket: FakePaytrBasketItem[];
}

export interface FakePaytrPaymentView {
  status: FakePaytrPaymentStatus;
  /** payment_amount of the get-token request, in kuruş. */
  paymentAmount: number;
  /** What the card was charged (installment interest included), in kuruş; 0 unless the payment succeeded. */
  totalAmount: number;
  /** Refunded so far, in kuruş. */
  refunded: number;
  /** 0 = single payment, else 2–12 (PayTR's convention). */
  installments: number;
}

export interface FakePaytrRefundRecord {
  merchantOid: string;
  /** return_amount as sent ("10.25"). */
  returnAmount: string;
  referenceNo?: string;
}

export interface FakePaytrRequestRecord {
  method: string;
  path: string;
  /** The request's paytr_token (or the page's iframe token) checked out; false when refused or never checked. */
  authorized: boolean;
}

/** One POST of a notification to the notify URL. */
export interface FakePaytrDelivery {
  merchantOid: string;
  url: string;
  /** HTTP status, or 0 when the URL could not be reached (then `text` says why). */
  status: number;
  text: string;
  /** The answer was exactly "OK", which is all PayTR accepts; otherwise the real PayTR retries every minute. */
  acknowledged: boolean;
}

export interface FakePaytr {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  close(): Promise<void>;
  /** Forget tokens, payments, refunds, logs, injected failures and the outage; keep credentials and notifyUrl. */
  reset(): void;
  setNotifyUrl(url: string | null): void;
  /** While down, every endpoint (not `/_fake/…`) answers HTTP 503 with a non-JSON body. */
  setDown(down: boolean): void;
  /** Completes the payment of an iframe token like the page would, WITHOUT sending the notification. */
  pay(
    token: string,
    options?: { card?: string; installments?: number },
  ): Promise<{ merchantOid: string; status: "success" | "failed" }>;
  /** The signed notification PayTR would POST for an order's current state, form-encoded (tests tamper with it). */
  notification(merchantOid: string): { body: string; fields: Record<string, string> };
  /** Posts that notification to notifyUrl; returns the store's answer (also recorded in `deliveries`). */
  deliverNotification(merchantOid: string): Promise<{ status: number; text: string }>;
  /** Every get-token that was answered with a token, oldest first. */
  tokens(): FakePaytrTokenRecord[];
  payment(merchantOid: string): FakePaytrPaymentView | undefined;
  /** Every refund accepted, oldest first. */
  refunds(): FakePaytrRefundRecord[];
  /** Every request received (controls excluded), oldest first. */
  requests(): FakePaytrRequestRecord[];
  /** Every notification POSTed, oldest first. */
  deliveries(): FakePaytrDelivery[];
  /** The next `times` calls to `path` (e.g. "/odeme/iade") answer HTTP 200 with this JSON instead. */
  failNext(path: string, answer: Record<string, unknown>, times?: number): void;
}

export interface FakePaytrTestCard {
  outcome: "success" | "failed";
  failedReasonCode?: string;
  failedReasonMsg?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Cards, BINs and rates
// ---------------------------------------------------------------------------------------------------------------

/**
 * Card number → outcome. The three successes are PayTR's documented test cards (dev.paytr.com, "Test Kart
 * Bilgileri": any name and expiry, CVV 000). PayTR documents no failing card, so the failures are the fake's
 * choice: Luhn-valid numbers on the Axess test BIN, one per failed_reason_code of the step-2 table (0 is the
 * bank's own message; ISO 8583's 51 and 54 mark insufficient funds and an expired card). Any other card
 * number fails with code 0, as a card PayTR's test environment does not know.
 */
export const PAYTR_TEST_CARDS: Record<string, FakePaytrTestCard> = {
  "4355084355084358": { outcome: "success" },
  "5406675406675403": { outcome: "success" },
  "9792030394440796": { outcome: "success" },
  "4355080000000518": {
    outcome: "failed",
    failedReasonCode: "0",
    failedReasonMsg: "Kartın limiti / bakiyesi yetersiz.",
  },
  "4355080000000542": {
    outcome: "failed",
    failedReasonCode: "0",
    failedReasonMsg: "Kartın son kullanma tarihi geçmiş.",
  },
  "4355080000000021": {
    outcome: "failed",
    failedReasonCode: "2",
    failedReasonMsg: "Kimlik Doğrulama başarısız. Lütfen tekrar deneyin ve şifreyi doğru girin.",
  },
  "4355080000000039": {
    outcome: "failed",
    failedReasonCode: "3",
    failedReasonMsg: "Güvenlik kontrolü sonrası onay verilmedi veya kontrol yapılamadı.",
  },
  "4355080000000062": {
    outcome: "failed",
    failedReasonCode: "6",
    failedReasonMsg: "Müşteri ödeme yapmaktan vazgeçti ve ödeme sayfasından ayrıldı.",
  },
  "4355080000000112": {
    outcome: "failed",
    failedReasonCode: "11",
    failedReasonMsg: "Güvenlik uyarısı. İşlem yapan müşterinizi kontrol edin.",
  },
};

const DEFAULT_CARD = "4355084355084358";
const TEST_CVV = "000";
const UNKNOWN_CARD = {
  code: "0",
  msg: "Kart bilgileri geçersiz: test işlemlerinde yalnızca test kartları geçer.",
};
/** The documented test cards take CVV 000 only ("Bu değer zorunludur"); another one is a bank decline. */
const WRONG_CVV = { code: "0", msg: "Kartın güvenlik kodu (CVV) hatalı." };
/** Step-2 code 8, documented: the chosen installments are not possible with this card. */
const NO_INSTALLMENTS = { code: "8", msg: "Bu karta taksit yapılamamaktadır." };

interface BinInfo {
  cardType: "credit" | "debit";
  businessCard: "y" | "n";
  bank: string;
  /** Card program ("none": no program, so no installments through PayTR). */
  brand: string;
  schema: "VISA" | "MASTERCARD" | "AMEX" | "TROY" | "OTHER";
  bankCode: string;
  allow_non3d: "Y" | "N";
}

/** The fake's BIN table (first 6 digits): the three test cards, a Bonus credit card and a debit card. */
const BINS: Record<string, BinInfo> = {
  "435508": {
    cardType: "credit",
    businessCard: "n",
    bank: "Akbank",
    brand: "axess",
    schema: "VISA",
    bankCode: "0046",
    allow_non3d: "N",
  },
  "540667": {
    cardType: "credit",
    businessCard: "n",
    bank: "Türkiye İş Bankası",
    brand: "maximum",
    schema: "MASTERCARD",
    bankCode: "0064",
    allow_non3d: "N",
  },
  "979203": {
    cardType: "credit",
    businessCard: "n",
    bank: "QNB",
    brand: "cardfinans",
    schema: "TROY",
    bankCode: "0111",
    allow_non3d: "N",
  },
  "454671": {
    cardType: "credit",
    businessCard: "n",
    bank: "Garanti BBVA",
    brand: "bonus",
    schema: "VISA",
    bankCode: "0062",
    allow_non3d: "Y",
  },
  "589004": {
    cardType: "debit",
    businessCard: "n",
    bank: "Akbank",
    brand: "none",
    schema: "MASTERCARD",
    bankCode: "0046",
    allow_non3d: "N",
  },
};

/** PayTR's max_inst_non_bus: the most installments the (fake) store is set up for. */
const MAX_INSTALLMENTS = 12;

/**
 * Installment interest in basis points (392 = 3.92 %) by card program and count, the fake's choice: a first
 * rate for 2 installments and a step per further one. Brands are the ones PayTR's rate service lists.
 */
const RATE_STEPS: Record<string, [first: number, step: number]> = {
  axess: [399, 100],
  advantage: [405, 101],
  bonus: [389, 98],
  cardfinans: [410, 102],
  combo: [402, 99],
  maximum: [395, 99],
  paraf: [415, 103],
  world: [392, 99],
};

function rateBp(brand: string, count: number): number | undefined {
  const steps = RATE_STEPS[brand];
  if (!steps || count < 2 || count > MAX_INSTALLMENTS) return undefined;
  return steps[0] + steps[1] * (count - 2);
}

/** The interest on `amount` kuruş at `bp` basis points, rounded half up to the kuruş, in integers. */
const interest = (amount: number, bp: number) => Math.floor((amount * bp + 5_000) / 10_000);

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

const hmac = (key: string, message: string) => createHmac("sha256", key).update(message).digest("base64");

const ALNUM_64 = /^[A-Za-z0-9]{1,64}$/;
const DECIMAL = /^(\d+)(?:\.(\d{1,2}))?$/;
const CURRENCIES = ["TL", "TRY", "EUR", "USD", "GBP", "RUB"];

/** "10.25" → 1025 kuruş; null for anything but digits with an optional dot and 1–2 decimals. */
function toKurus(value: string): number | null {
  const m = DECIMAL.exec(value);
  if (!m?.[1]) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** 1025 → "10.25" */
const toDecimal = (kurus: number) => `${Math.floor(kurus / 100)}.${String(kurus % 100).padStart(2, "0")}`;

/** 123456 → "1.234,56" (the page shows amounts the Turkish way). */
function displayAmount(kurus: number): string {
  const lira = String(Math.floor(kurus / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${lira},${String(kurus % 100).padStart(2, "0")}`;
}

/** PayTR's notifications name the lira "TL" whichever spelling the get-token used. */
const normalizeCurrency = (currency: string) => (currency === "" || currency === "TRY" ? "TL" : currency);

/** "YYYY-MM-DD hh:mm:ss" in Türkiye's time (UTC+3 all year), the format of the status inquiry's dates. */
const istanbulTime = (date: Date) =>
  new Date(date.getTime() + 3 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const parseForm = (body: string): Record<string, string> => Object.fromEntries(new URLSearchParams(body));

/** user_basket: base64 of a JSON array of [name, "unit price", quantity]; null when it is anything else. */
function parseBasket(encoded: string): FakePaytrBasketItem[] | null {
  let items: unknown;
  try {
    items = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(items) || items.length === 0) return null;
  const basket: FakePaytrBasketItem[] = [];
  for (const item of items) {
    if (!Array.isArray(item) || item.length !== 3) return null;
    const [name, price, qty] = item as unknown[];
    // Strict on purpose (the fake's choice): PayTR's samples send the price as a decimal string.
    if (typeof name !== "string" || typeof price !== "string" || toKurus(price) === null) return null;
    if (typeof qty !== "number" || !Number.isInteger(qty) || qty < 1) return null;
    basket.push([name, price, qty]);
  }
  return basket;
}

interface Answer {
  status: number;
  type: "json" | "html" | "text";
  body: string;
}

const json = (value: unknown): Answer => ({ status: 200, type: "json", body: JSON.stringify(value) });
const html = (body: string, status = 200): Answer => ({ status, type: "html", body });

// The failure answers, with PayTR's documented wording (dev.paytr.com/hata-kodlari, the service pages).
const tokenFailed = (reason: string) => json({ status: "failed", reason });
const serviceError = (errNo: string, errMsg: string) =>
  json({ status: "error", err_no: errNo, err_msg: errMsg });
const lookupError = (errMsg: string) => json({ status: "error", err_msg: errMsg });
const BAD_MERCHANT = "Gecersiz istek veya magaza aktif degil";
const BAD_TOKEN = "paytr_token gonderilmedi veya gecersiz";
const MISSING = "Zorunlu alan degeri gecersiz veya gonderilmedi: ";

// ---------------------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------------------

interface CardUsed {
  number: string;
  bin: BinInfo | undefined;
}

interface Payment {
  merchantOid: string;
  /** The order's current iframe token: a newer get-token for the same unpaid order replaces it. */
  token: string;
  request: Record<string, string>;
  paymentAmount: number;
  currency: string;
  testMode: "0" | "1";
  noInstallment: boolean;
  maxInstallment: number;
  status: FakePaytrPaymentStatus;
  totalAmount: number;
  installments: number;
  failure: { code: string; msg: string } | null;
  card: CardUsed | null;
  paidAt: Date | null;
}

interface Refund extends FakePaytrRefundRecord {
  createdAt: Date;
}

// ---------------------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------------------

export async function startFakePaytr(options: FakePaytrOptions): Promise<FakePaytr> {
  const { merchantId, merchantKey, merchantSalt } = options;
  let notifyUrl = options.notifyUrl ?? null;
  let down = false;
  const tokenLog: FakePaytrTokenRecord[] = [];
  const tokenOwners = new Map<string, string>();
  const payments = new Map<string, Payment>();
  const refunds: Refund[] = [];
  const requestLog: FakePaytrRequestRecord[] = [];
  const deliveryLog: FakePaytrDelivery[] = [];
  const injected = new Map<string, Record<string, unknown>[]>();

  const signed = (received: string | undefined, message: string) =>
    received !== undefined && received === hmac(merchantKey, message + merchantSalt);

  /** The payment a token opens, if that token is still the order's current one. */
  function paymentOf(token: string): Payment | undefined {
    const oid = tokenOwners.get(token);
    const payment = oid ? payments.get(oid) : undefined;
    return payment?.token === token ? payment : undefined;
  }

  const refundedOf = (oid: string) =>
    refunds.filter((r) => r.merchantOid === oid).reduce((sum, r) => sum + (toKurus(r.returnAmount) ?? 0), 0);

  // --- step 1: get-token ----------------------------------------------------------------------------------------

  function getToken(p: Record<string, string>, log: FakePaytrRequestRecord): Answer {
    if (p.merchant_id !== merchantId) return tokenFailed("Zorunlu alan degeri gecersiz: merchant_id");
    const required = [
      "user_ip",
      "merchant_oid",
      "email",
      "payment_amount",
      "user_basket",
      "no_installment",
      "max_installment",
      "paytr_token",
      "user_name",
      "user_address",
      "user_phone",
      "merchant_ok_url",
      "merchant_fail_url",
    ];
    for (const field of required) {
      if (!p[field]) return tokenFailed(`Zorunlu alan degeri gecersiz: ${field}`);
    }
    const message =
      merchantId +
      (p.user_ip ?? "") +
      (p.merchant_oid ?? "") +
      (p.email ?? "") +
      (p.payment_amount ?? "") +
      (p.user_basket ?? "") +
      (p.no_installment ?? "") +
      (p.max_installment ?? "") +
      (p.currency ?? "") +
      (p.test_mode ?? "");
    // No wording is documented; the sample code only warns of a "geçersiz paytr_token" error.
    if (!signed(p.paytr_token, message)) return tokenFailed("paytr_token gecersiz");
    log.authorized = true;

    const oid = p.merchant_oid ?? "";
    const currency = p.currency ?? "";
    const maxInstallment = Number(p.max_installment);
    const checks: [boolean, string][] = [
      [ALNUM_64.test(oid), "merchant_oid"],
      [(p.user_ip ?? "").length <= 39, "user_ip"],
      [(p.email ?? "").length <= 100, "email"],
      [/^[1-9]\d*$/.test(p.payment_amount ?? ""), "payment_amount"],
      [CURRENCIES.includes(currency) || currency === "", "currency"],
      [p.no_installment === "0" || p.no_installment === "1", "no_installment"],
      [
        /^\d+$/.test(p.max_installment ?? "") &&
          (maxInstallment === 0 || (maxInstallment >= 2 && maxInstallment <= MAX_INSTALLMENTS)),
        "max_installment",
      ],
      [p.test_mode === undefined || p.test_mode === "0" || p.test_mode === "1", "test_mode"],
      [(p.user_name ?? "").length <= 60, "user_name"],
      [(p.user_address ?? "").length <= 400, "user_address"],
      [(p.user_phone ?? "").length <= 20, "user_phone"],
      [
        /^https?:\/\/\S+$/.test(p.merchant_ok_url ?? "") && (p.merchant_ok_url ?? "").length <= 400,
        "merchant_ok_url",
      ],
      [
        /^https?:\/\/\S+$/.test(p.merchant_fail_url ?? "") && (p.merchant_fail_url ?? "").length <= 400,
        "merchant_fail_url",
      ],
      [p.timeout_limit === undefined || /^\d+$/.test(p.timeout_limit), "timeout_limit"],
      [p.lang === undefined || p.lang === "" || p.lang === "tr" || p.lang === "en", "lang"],
    ];
    const bad = checks.find(([ok]) => !ok);
    if (bad) return tokenFailed(`Zorunlu alan degeri gecersiz: ${bad[1]}`);
    const basket = parseBasket(p.user_basket ?? "");
    if (!basket) return tokenFailed("Zorunlu alan degeri gecersiz: user_basket");

    // merchant_oid must be unique per sale: an order already paid cannot be opened again. An unpaid one may
    // (the fake's choice): the new token replaces the old, as when a shopper reloads the checkout.
    const existing = payments.get(oid);
    if (existing?.status === "success") {
      return tokenFailed(
        "Bu merchant_oid ile daha once basarili odeme yapilmis (merchant_oid benzersiz olmali)",
      );
    }

    const token = randomBytes(26).toString("hex");
    payments.set(oid, {
      merchantOid: oid,
      token,
      request: { ...p },
      paymentAmount: Number(p.payment_amount),
      currency: normalizeCurrency(currency),
      testMode: p.test_mode === "1" ? "1" : "0",
      noInstallment: p.no_installment === "1",
      maxInstallment: maxInstallment === 0 ? MAX_INSTALLMENTS : maxInstallment,
      status: "pending",
      totalAmount: 0,
      installments: 0,
      failure: null,
      card: null,
      paidAt: null,
    });
    tokenOwners.set(token, oid);
    tokenLog.push({ token, merchantOid: oid, request: { ...p }, basket });
    return json({ status: "success", token });
  }

  // --- the payment ----------------------------------------------------------------------------------------------

  /** The installment counts the page offers for this payment: 0 (single) and 2..max unless forbidden. */
  const allowedCounts = (payment: Payment) =>
    payment.noInstallment ? [0] : [0, ...Array.from({ length: payment.maxInstallment - 1 }, (_, i) => i + 2)];

  /** Charges the card: PayTR's own checks first (installments), then the card's outcome. */
  function complete(payment: Payment, card: string, cvv: string, installments: number): "success" | "failed" {
    const bin = BINS[card.slice(0, 6)];
    let failure: { code: string; msg: string } | null = null;
    let total = payment.paymentAmount;
    if (installments > 0) {
      const bp = bin?.cardType === "credit" ? rateBp(bin.brand, installments) : undefined;
      if (bp === undefined) failure = NO_INSTALLMENTS;
      else total += interest(payment.paymentAmount, bp);
    }
    if (!failure) {
      const known = PAYTR_TEST_CARDS[card];
      if (!known) failure = UNKNOWN_CARD;
      else if (known.outcome === "failed") {
        failure = { code: known.failedReasonCode ?? "0", msg: known.failedReasonMsg ?? "İşlem onaylanmadı." };
      } else if (cvv !== TEST_CVV) failure = WRONG_CVV;
    }
    payment.card = { number: card, bin };
    payment.failure = failure;
    payment.status = failure ? "failed" : "success";
    // A failed payment reports a total of 0 (Direkt API 2. Adım says so; the iFrame page is silent).
    payment.totalAmount = failure ? 0 : total;
    payment.installments = failure ? 0 : installments;
    payment.paidAt = failure ? null : new Date();
    return failure ? "failed" : "success";
  }

  function notification(merchantOid: string): { body: string; fields: Record<string, string> } {
    const payment = payments.get(merchantOid);
    if (!payment) throw new Error(`Fake PayTR: no order ${merchantOid}`);
    if (payment.status === "pending")
      throw new Error(`Fake PayTR: order ${merchantOid} is not paid or failed yet`);
    const totalAmount = String(payment.totalAmount);
    const fields: Record<string, string> = {
      merchant_oid: merchantOid,
      status: payment.status,
      total_amount: totalAmount,
      hash: hmac(merchantKey, merchantOid + merchantSalt + payment.status + totalAmount),
    };
    if (payment.failure) {
      fields.failed_reason_code = payment.failure.code;
      fields.failed_reason_msg = payment.failure.msg;
    }
    fields.test_mode = payment.testMode;
    fields.payment_type = "card";
    // The English step-2 table sends these two on success only; installment_count is not documented for iFrame.
    if (payment.status === "success") {
      fields.currency = payment.currency;
      fields.payment_amount = String(payment.paymentAmount);
    }
    return { body: new URLSearchParams(fields).toString(), fields };
  }

  async function deliverNotification(merchantOid: string): Promise<{ status: number; text: string }> {
    const url = notifyUrl;
    if (!url) throw new Error("Fake PayTR: no notify URL (start with notifyUrl or call setNotifyUrl)");
    const { body } = notification(merchantOid);
    let status = 0;
    let text: string;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body,
        signal: AbortSignal.timeout(20_000),
      });
      status = res.status;
      text = await res.text();
    } catch (e) {
      const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : "";
      text = `${e instanceof Error ? e.message : String(e)}${cause}`;
    }
    // PayTR wants the plain text OK and nothing before or after it.
    deliveryLog.push({ merchantOid, url, status, text, acknowledged: status === 200 && text === "OK" });
    return { status, text };
  }

  // --- the page -------------------------------------------------------------------------------------------------

  function page(title: string, content: string, status = 200): Answer {
    return html(
      `<!doctype html>
<html lang="tr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · PayTR (fake)</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;padding:1rem;color:#1f2937}
main{max-width:26rem;margin:0 auto}
label{display:block;margin-top:.75rem;font-weight:600}
input,select{display:block;width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;margin-top:.25rem}
fieldset{border:0;padding:0;margin:0}
button{margin-top:1rem;padding:.6rem 1rem;font-size:1rem}
[role=alert]{color:#b91c1c}
</style>
</head>
<body>
<main>
${content}
</main>
</body>
</html>
`,
      status,
    );
  }

  const notFoundPage = () =>
    page(
      "Geçersiz ödeme",
      "<h1>Geçersiz ödeme bağlantısı</h1><p>Bu ödeme bağlantısı geçersiz veya yenisiyle değiştirilmiş.</p>",
      404,
    );

  function formPage(payment: Payment, values: Record<string, string> = {}, error?: string): Answer {
    const counts = allowedCounts(payment);
    // PayTR's iFrame fills its test card in by itself in test mode ("Test Kart Bilgileri").
    const prefill =
      payment.testMode === "1"
        ? { cc_owner: "PAYTR TEST", card_number: "4355 0843 5508 4358", expiry: "12/30", cvv: TEST_CVV }
        : {};
    const value = (name: keyof typeof prefill) => escapeHtml(values[name] ?? prefill[name] ?? "");
    const chosen = values.installment_count ?? "0";
    const options = counts
      .map(
        (n) =>
          `<option value="${n}"${String(n) === chosen ? " selected" : ""}>${n === 0 ? "Tek çekim" : `${n} taksit`}</option>`,
      )
      .join("");
    // Without JavaScript the select is always there (the server refuses installments a card cannot have, with
    // code 8); with it, the select only shows for a card whose program has rates, as on PayTR's own page.
    const installmentField =
      counts.length > 1
        ? `<fieldset id="installments">
<label for="installment_count">Taksit</label>
<select id="installment_count" name="installment_count">${options}</select>
</fieldset>
<script>
(function () {
  var bins = ${JSON.stringify(Object.keys(BINS).filter((b) => BINS[b]?.cardType === "credit" && RATE_STEPS[BINS[b]?.brand ?? ""]))};
  var card = document.getElementById("card_number");
  var field = document.getElementById("installments");
  var select = document.getElementById("installment_count");
  function update() {
    var ok = bins.indexOf(card.value.replace(/\\D/g, "").slice(0, 6)) !== -1;
    field.hidden = !ok;
    select.disabled = !ok;
  }
  card.addEventListener("input", update);
  update();
})();
</script>`
        : "";
    return page(
      "Güvenli ödeme",
      `<h1>Güvenli ödeme</h1>
<p>Ödenecek tutar: <strong id="amount">${displayAmount(payment.paymentAmount)} ${escapeHtml(payment.currency)}</strong></p>
<p>Sipariş no: ${escapeHtml(payment.merchantOid)}</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/odeme/guvenli/${payment.token}">
<label for="cc_owner">Kart üzerindeki isim</label>
<input id="cc_owner" name="cc_owner" autocomplete="cc-name" required value="${value("cc_owner")}">
<label for="card_number">Kart numarası</label>
<input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required value="${value("card_number")}">
<label for="expiry">Son kullanma tarihi</label>
<input id="expiry" name="expiry" placeholder="AA/YY" autocomplete="cc-exp" required value="${value("expiry")}">
<label for="cvv">CVC</label>
<input id="cvv" name="cvv" inputmode="numeric" autocomplete="cc-csc" required value="${value("cvv")}">
${installmentField}
<button type="submit">Ödeme yap</button>
</form>`,
      error ? 422 : 200,
    );
  }

  /** Where the shopper goes next: the top window (the store's page around the iframe), never the frame. */
  function resultPage(payment: Payment): Answer {
    const ok = payment.status === "success";
    const target = (ok ? payment.request.merchant_ok_url : payment.request.merchant_fail_url) ?? "";
    const script = JSON.stringify(target).replace(/</g, "\\u003c");
    return page(
      ok ? "Ödeme başarılı" : "Ödeme başarısız",
      `<h1>${ok ? "Ödeme başarılı" : "Ödeme başarısız"}</h1>
${payment.failure ? `<p role="alert">${escapeHtml(payment.failure.msg)}</p>` : ""}
<p><a href="${escapeHtml(target)}" target="_top">Mağazaya dön</a></p>
<script>window.top.location.href = ${script};</script>`,
    );
  }

  /** The submitted card form, checked like a browser-side form would be; an error re-renders the form. */
  function readCardForm(
    payment: Payment,
    form: Record<string, string>,
  ): { card: string; cvv: string; installments: number } | { error: string } {
    const card = (form.card_number ?? "").replace(/[\s-]/g, "");
    const cvv = (form.cvv ?? "").trim();
    const expiry = (form.expiry ?? "").replace(/\s/g, "");
    const installments = Number(form.installment_count ?? "0");
    if (!(form.cc_owner ?? "").trim()) return { error: "Kart üzerindeki ismi girin." };
    if (!/^\d{15,16}$/.test(card) || !luhnValid(card)) return { error: "Kart numarası geçersiz." };
    if (!/^(0[1-9]|1[0-2])\/\d{2}$/.test(expiry))
      return { error: "Son kullanma tarihini AA/YY olarak girin." };
    if (!/^\d{3,4}$/.test(cvv)) return { error: "CVC geçersiz." };
    if (!allowedCounts(payment).includes(installments)) return { error: "Geçersiz taksit seçimi." };
    return { card, cvv, installments };
  }

  async function paymentPage(method: string, token: string, body: string, log: FakePaytrRequestRecord) {
    const payment = paymentOf(token);
    if (!payment) return notFoundPage();
    log.authorized = true;
    // A finished payment (a double submit, a reload) shows its result again and charges nothing.
    if (payment.status !== "pending") return resultPage(payment);
    if (method !== "POST") return formPage(payment);
    const form = parseForm(body);
    const input = readCardForm(payment, form);
    if ("error" in input) return formPage(payment, form, input.error);
    complete(payment, input.card, input.cvv, input.installments);
    if (notifyUrl) await deliverNotification(payment.merchantOid);
    return resultPage(payment);
  }

  // --- services -------------------------------------------------------------------------------------------------

  function statusInquiry(p: Record<string, string>, log: FakePaytrRequestRecord): Answer {
    if (p.merchant_id !== merchantId) return serviceError("001", BAD_MERCHANT);
    const oid = p.merchant_oid;
    if (!oid) return serviceError("002", "Gecersiz merchant_oid");
    if (!signed(p.paytr_token, merchantId + oid)) return serviceError("003", BAD_TOKEN);
    log.authorized = true;
    const payment = payments.get(oid);
    if (!payment) return serviceError("004", "merchant_oid ile islem bulunamadi");
    if (payment.status !== "success")
      return serviceError("004", "merchant_oid ile basarili odeme bulunamadi");
    const bin = payment.card?.bin;
    const number = payment.card?.number ?? "";
    return json({
      status: "success",
      payment_amount: toDecimal(payment.paymentAmount),
      payment_total: toDecimal(payment.totalAmount),
      payment_date: istanbulTime(payment.paidAt ?? new Date()),
      currency: payment.currency,
      taksit: String(payment.installments),
      kart_marka: bin && bin.brand !== "none" ? bin.brand.toUpperCase() : "",
      masked_pan: `${number.slice(0, 6)}******${number.slice(-4)}`,
      odeme_tipi: "KART",
      test_mode: payment.testMode,
      // Each refund with the fields of PayTR's sample answer.
      returns: refunds
        .filter((r) => r.merchantOid === oid)
        .map((r) => ({
          return_amount: r.returnAmount,
          return_date: istanbulTime(r.createdAt),
          return_type: "",
          date_completed: istanbulTime(r.createdAt),
          return_auth_code: "",
          return_ref_num: "",
          reference_no: r.referenceNo ?? "",
          return_source: "",
        })),
    });
  }

  function refund(p: Record<string, string>, log: FakePaytrRequestRecord): Answer {
    if (p.merchant_id !== merchantId) return serviceError("001", BAD_MERCHANT);
    const oid = p.merchant_oid;
    if (!oid) return serviceError("002", "Gecersiz merchant_oid");
    const returnAmount = p.return_amount;
    if (!returnAmount) return serviceError("003", "Gecersiz return_amount");
    if (!signed(p.paytr_token, merchantId + oid + returnAmount)) return serviceError("004", BAD_TOKEN);
    log.authorized = true;
    const amount = toKurus(returnAmount);
    if (amount === null || amount === 0) return serviceError("003", "Gecersiz return_amount");
    // reference_no: "up to 64 characters, alphanumeric"; PayTR gives no code for breaking that, 001 (invalid
    // request) is the fake's choice.
    const referenceNo = p.reference_no;
    if (referenceNo !== undefined && !ALNUM_64.test(referenceNo)) return serviceError("001", BAD_MERCHANT);
    const payment = payments.get(oid);
    if (payment?.status !== "success")
      return serviceError("005", "merchant_oid ile basarili odeme bulunamadi");
    // What can go back is the order's amount (payment_amount); installment interest is not the merchant's.
    if (refundedOf(oid) + amount > payment.paymentAmount) {
      return serviceError("009", "Toplam iade tutari odeme tutarindan fazla olamaz");
    }
    refunds.push({
      merchantOid: oid,
      returnAmount,
      ...(referenceNo !== undefined ? { referenceNo } : {}),
      createdAt: new Date(),
    });
    return json({
      status: "success",
      is_test: Number(payment.testMode),
      merchant_oid: oid,
      return_amount: returnAmount,
      ...(referenceNo !== undefined ? { reference_no: referenceNo } : {}),
    });
  }

  function binDetail(p: Record<string, string>, log: FakePaytrRequestRecord): Answer {
    if (p.merchant_id !== merchantId) return lookupError(`${MISSING}merchant_id`);
    const bin = p.bin_number ?? "";
    if (!/^(\d{6}|\d{8})$/.test(bin)) return lookupError(`${MISSING}bin_number`);
    if (!signed(p.paytr_token, bin + merchantId)) return lookupError(BAD_TOKEN);
    log.authorized = true;
    const info = BINS[bin.slice(0, 6)];
    // Documented: a BIN PayTR does not know (a foreign card, say) is "failed".
    return json(info ? { status: "success", ...info } : { status: "failed" });
  }

  function installmentRates(p: Record<string, string>, log: FakePaytrRequestRecord): Answer {
    if (p.merchant_id !== merchantId) return lookupError(`${MISSING}merchant_id`);
    const requestId = p.request_id ?? "";
    if (requestId === "" || requestId.length > 32) return lookupError(`${MISSING}request_id`);
    if (!signed(p.paytr_token, merchantId + requestId)) return lookupError(BAD_TOKEN);
    log.authorized = true;
    const oranlar: Record<string, Record<string, number>> = {};
    for (const brand of Object.keys(RATE_STEPS)) {
      const rates: Record<string, number> = {};
      for (let n = 2; n <= MAX_INSTALLMENTS; n++) rates[`taksit_${n}`] = (rateBp(brand, n) ?? 0) / 100;
      oranlar[brand] = rates;
    }
    return json({ status: "success", request_id: requestId, max_inst_non_bus: MAX_INSTALLMENTS, oranlar });
  }

  // --- in-process controls --------------------------------------------------------------------------------------

  async function pay(token: string, opts: { card?: string; installments?: number } = {}) {
    const payment = paymentOf(token);
    if (!payment) throw new Error(`Fake PayTR: no current iframe token ${token}`);
    if (payment.status !== "pending") throw new Error(`Fake PayTR: order ${payment.merchantOid} is finished`);
    // 1 is accepted for a single payment too, as the store counts it.
    const installments = opts.installments === 1 ? 0 : (opts.installments ?? 0);
    if (!allowedCounts(payment).includes(installments)) {
      throw new Error(`Fake PayTR: ${installments} installments are not offered for ${payment.merchantOid}`);
    }
    const status = complete(payment, (opts.card ?? DEFAULT_CARD).replace(/\s/g, ""), TEST_CVV, installments);
    return { merchantOid: payment.merchantOid, status };
  }

  function reset() {
    tokenLog.length = 0;
    tokenOwners.clear();
    payments.clear();
    refunds.length = 0;
    requestLog.length = 0;
    deliveryLog.length = 0;
    injected.clear();
    down = false;
  }

  function paymentView(merchantOid: string): FakePaytrPaymentView | undefined {
    const payment = payments.get(merchantOid);
    if (!payment) return undefined;
    return {
      status: payment.status,
      paymentAmount: payment.paymentAmount,
      totalAmount: payment.totalAmount,
      refunded: refundedOf(merchantOid),
      installments: payment.installments,
    };
  }

  function failNext(path: string, answer: Record<string, unknown>, times = 1) {
    const queue = injected.get(path) ?? [];
    for (let i = 0; i < times; i++) queue.push(answer);
    injected.set(path, queue);
  }

  // HTTP access to the controls, for a fake running in another process (the CLI): JSON in, JSON out, no auth.
  //   GET  /_fake/tokens | /_fake/refunds | /_fake/requests | /_fake/deliveries
  //   GET  /_fake/payments/:oid                        → payment(oid), 404 when unknown
  //   GET  /_fake/notifications/:oid                   → notification(oid)
  //   POST /_fake/notifications/:oid/deliver           → deliverNotification(oid)
  //   POST /_fake/pay         {"token", "card"?, "installments"?}
  //   POST /_fake/notify_url  {"url": string | null}
  //   POST /_fake/down        {"down": boolean}
  //   POST /_fake/fail_next   {"path", "answer", "times"?}
  //   POST /_fake/reset
  async function handleControl(method: string, path: string, body: string): Promise<Answer> {
    const reply = (status: number, value: unknown): Answer => ({
      status,
      type: "json",
      body: JSON.stringify(value),
    });
    try {
      const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      const oidMatch = path.match(/^\/_fake\/(payments|notifications)\/([^/]+)(\/deliver)?$/);
      const oid = oidMatch?.[2] ? decodeURIComponent(oidMatch[2]) : "";
      if (method === "GET") {
        if (path === "/_fake/tokens") return reply(200, tokenLog);
        if (path === "/_fake/refunds") return reply(200, api.refunds());
        if (path === "/_fake/requests") return reply(200, api.requests());
        if (path === "/_fake/deliveries") return reply(200, api.deliveries());
        if (oidMatch?.[1] === "payments") {
          const view = paymentView(oid);
          return view ? reply(200, view) : reply(404, { error: `no order ${oid}` });
        }
        if (oidMatch?.[1] === "notifications" && !oidMatch[3]) return reply(200, notification(oid));
      }
      if (method === "POST") {
        if (path === "/_fake/reset") {
          reset();
          return reply(200, { ok: true });
        }
        if (path === "/_fake/notify_url") {
          notifyUrl = typeof input.url === "string" ? input.url : null;
          return reply(200, { ok: true });
        }
        if (path === "/_fake/down") {
          down = input.down === true;
          return reply(200, { ok: true });
        }
        if (path === "/_fake/fail_next" && typeof input.path === "string") {
          failNext(input.path, (input.answer ?? {}) as Record<string, unknown>, Number(input.times ?? 1));
          return reply(200, { ok: true });
        }
        if (path === "/_fake/pay") {
          return reply(
            200,
            await pay(String(input.token), {
              ...(typeof input.card === "string" ? { card: input.card } : {}),
              ...(typeof input.installments === "number" ? { installments: input.installments } : {}),
            }),
          );
        }
        if (oidMatch?.[1] === "notifications" && oidMatch[3])
          return reply(200, await deliverNotification(oid));
      }
      return reply(404, { error: `unknown control ${method} ${path}` });
    } catch (e) {
      return reply(500, { error: e instanceof Error ? e.message : String(e) });
    }
  }

  // --- HTTP plumbing --------------------------------------------------------------------------------------------

  const services: Record<string, (p: Record<string, string>, log: FakePaytrRequestRecord) => Answer> = {
    "/odeme/api/get-token": getToken,
    "/odeme/durum-sorgu": statusInquiry,
    "/odeme/iade": refund,
    "/odeme/api/bin-detail": binDetail,
    "/odeme/taksit-oranlari": installmentRates,
  };

  async function route(req: IncomingMessage): Promise<Answer> {
    const body = await readBody(req);
    const method = (req.method ?? "GET").toUpperCase();
    const path = new URL(req.url ?? "/", "http://fake-paytr.local").pathname;
    if (path.startsWith("/_fake/")) return handleControl(method, path, body);

    const log: FakePaytrRequestRecord = { method, path, authorized: false };
    requestLog.push(log);
    if (down)
      return {
        status: 503,
        type: "html",
        body: "<html><body><h1>503 Service Unavailable</h1></body></html>",
      };
    const answer = injected.get(path)?.shift();
    if (answer) return json(answer);

    const pageToken = path.match(/^\/odeme\/guvenli\/([0-9a-f]+)$/)?.[1];
    if (pageToken && (method === "GET" || method === "POST"))
      return paymentPage(method, pageToken, body, log);
    const service = services[path];
    if (service && method === "POST") return service(parseForm(body), log);
    return { status: 404, type: "text", body: "Not Found" };
  }

  const contentTypes = {
    json: "application/json; charset=utf-8",
    html: "text/html; charset=utf-8",
    text: "text/plain; charset=utf-8",
  };
  // No X-Frame-Options and no CSP: the page must load inside the store's iframe, from any origin.
  const server = createServer((req, res: ServerResponse) => {
    route(req)
      .then((answer) => {
        res.writeHead(answer.status, {
          "Content-Type": contentTypes[answer.type],
          "Content-Length": String(Buffer.byteLength(answer.body)),
          "Cache-Control": "no-store",
        });
        res.end(answer.body);
      })
      .catch((e: unknown) => {
        if (res.headersSent) return res.destroy();
        res.writeHead(500, { "Content-Type": contentTypes.text });
        res.end(`Fake PayTR crashed: ${String(e)}`);
      });
  });
  const port = await listenLocally(server, options.port);

  const api: FakePaytr = {
    url: `http://127.0.0.1:${port}`,
    close: () => closeServer(server),
    reset,
    setNotifyUrl: (url) => {
      notifyUrl = url;
    },
    setDown: (value) => {
      down = value;
    },
    pay,
    notification,
    deliverNotification,
    tokens: () => structuredClone(tokenLog),
    payment: paymentView,
    refunds: () =>
      refunds.map(({ merchantOid, returnAmount, referenceNo }) => ({
        merchantOid,
        returnAmount,
        ...(referenceNo !== undefined ? { referenceNo } : {}),
      })),
    requests: () => requestLog.map((r) => ({ ...r })),
    deliveries: () => deliveryLog.map((d) => ({ ...d })),
    failNext,
  };
  return api;
}
