/**
 * A small iyzico-compatible HTTP server for tests (no internet needed): the Checkout Form with 3-D Secure,
 * installment query, refund v2, cancel and the HPP webhook, as iyzico documents them and as the official
 * `iyzipay` Node client speaks them (`tests/integration/fake-iyzico.test.ts` checks it against that client).
 *
 * Wire protocol (docs.iyzico.com unless said otherwise):
 * - Every API call is a POST with a JSON body, signed IYZWSv2 ("HMACSHA256 Auth"): `Authorization: IYZWSv2
 *   base64("apiKey:K&randomKey:R&signature:S")`, S = hex HMAC-SHA256(secretKey, R + path + raw body); the client
 *   also sends `x-iyzi-rnd: R`. Unknown key → 1001 "api bilgileri bulunamadı", bad signature → 1000 "Geçersiz
 *   imza" (iyzico's gitbook "Validasyon Hataları"; wording as recorded from the sandbox in parasutcom/iyzi).
 * - Refusals are HTTP 200 with `{status: "failure", errorCode, errorMessage, errorGroup?, locale, systemTime,
 *   conversationId}`. The OpenAPI fragments on docs.iyzico.com declare a 400, but recorded sandbox answers
 *   (parasutcom/iyzi cassettes) and every client we looked at see 200, so that is what is sent.
 * - Amounts are decimals; this fake parses them into integer kuruş and answers them as JSON numbers without
 *   trailing zeros (102.5, 1), as iyzico does. Response signatures (hex HMAC-SHA256 of the ":"-joined values,
 *   "Response Signature Validation") use that same trailing-zero-free text.
 *
 * Shopper flow (plain HTML, works without JavaScript): GET /checkout?token=… → card form ("Öde") → instalment
 * choice ("Devam", only when the card's BIN offers more than one) → simulated bank 3-D Secure page ("Onayla",
 * "Reddet", "İptal") → a page that POSTs `token` to the merchant's callbackUrl ("Mağazaya dön"). When a
 * notification URL is set, the signed HPP webhook is POSTed (and awaited) before that last page is sent.
 * Outcomes follow iyzico's sandbox test cards (`IYZICO_TEST_CARDS`).
 *
 * Tests drive it in-process (`startFakeIyzico`); a fake in another process (`fake-iyzico-cli.ts`) exposes the
 * same controls over HTTP under `/_fake/…` (see `handleControl`).
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer, listenLocally } from "./fake-http";

// ---------------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------------

export interface FakeIyzicoOptions {
  apiKey: string;
  secretKey: string;
  /** The `merchantId` iyzico puts in webhooks. */
  merchantId?: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Where the HPP webhook goes after a payment on the hosted page; null/absent: none is sent. */
  notifyUrl?: string | null;
}

export interface IyzicoFailure {
  errorCode: string;
  errorMessage: string;
  errorGroup?: string;
}

export interface IyzicoTestCard {
  /** What docs.iyzico.com "Test Kartları" says about the card. */
  description: string;
  /** paymentStatus once the shopper approves the 3-D Secure page. */
  status: "SUCCESS" | "FAILURE";
  /** mdStatus the bank reports (1 = authenticated); null when 3-D Secure never starts. */
  mdStatus: number | null;
  failure?: IyzicoFailure;
  /** False for the card documented as "Success but cannot be cancelled, refund or post auth". */
  reversible: boolean;
}

export type FakeIyzicoFormStatus = "INIT" | "SUCCESS" | "FAILURE";

export interface FakeIyzicoForm {
  token: string;
  /** The initialize body as received, parsed. Tests read arbitrary nested fields of it. */
  // biome-ignore lint/suspicious/noExplicitAny: a recorded request is whatever the store sent
  request: Record<string, any>;
  raw: string;
  status: FakeIyzicoFormStatus;
}

export interface FakeIyzicoPayOptions {
  /** Default 5528790000000008 (Halkbank MasterCard credit, a documented success card). */
  card?: string;
  /** Default 1; must be one the hosted page would offer for this card. */
  installments?: number;
  /** What the shopper does on the bank page; default "approve". */
  threeDs?: "approve" | "fail" | "cancel";
}

export interface FakeIyzicoNotification {
  body: string;
  headers: Record<string, string>;
  payload: Record<string, unknown>;
}

export interface FakeIyzicoDelivery {
  token: string;
  url: string;
  /** HTTP status, or 0 when the endpoint could not be reached (then `error` says why). */
  status: number;
  error?: string;
}

export interface FakeIyzico {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
  /** Forget forms, payments, logs, queued failures, the clock and the down switch; keep keys and notifyUrl. */
  reset(): void;
  setNotifyUrl(url: string | null): void;
  /** Every API path answers HTTP 503 with a non-JSON body (provider down). */
  setDown(down: boolean): void;
  /** Every API answer waits this long first (a slow provider: lets tests cut a request mid-call). */
  setDelay(ms: number): void;
  /** For same-day cancel rules, card expiry and timestamps. */
  setClock(now: () => Date): void;
  /** Completes a payment of the form like the hosted page would (no callback, no notification sent). */
  pay(
    token: string,
    options?: FakeIyzicoPayOptions,
  ): Promise<{ status: "SUCCESS" | "FAILURE"; paymentId: string | null }>;
  /** The signed HPP notification iyzico would POST for the token's current state (tests tamper with it). */
  notification(token: string): FakeIyzicoNotification;
  /** Posts that notification to notifyUrl; returns the store's answer. */
  deliverNotification(token: string): Promise<{ status: number; text: string }>;
  /** Checkout forms initialized, with the request body as received (parsed) and the raw text. */
  forms(): FakeIyzicoForm[];
  form(token: string): FakeIyzicoForm | undefined;
  /** Successful refunds; `price` is the text the store sent. */
  refunds(): { paymentId: string; price: string; conversationId?: string }[];
  /** Successful cancels. */
  cancels(): { paymentId: string; conversationId?: string }[];
  requests(): { method: string; path: string; authorized: boolean }[];
  /** Webhook deliveries made after hosted-page payments (failures are recorded here, never thrown). */
  deliveries(): FakeIyzicoDelivery[];
  /** Makes the next N calls to an API path answer with the given iyzico failure (e.g. to test refusals). */
  failNext(path: string, failure: IyzicoFailure, times?: number): void;
}

// ---------------------------------------------------------------------------------------------------------------
// iyzico's documented vocabulary
// ---------------------------------------------------------------------------------------------------------------

export const IYZICO_PATHS = {
  initialize: "/payment/iyzipos/checkoutform/initialize/auth/ecom",
  retrieve: "/payment/iyzipos/checkoutform/auth/ecom/detail",
  installment: "/payment/iyzipos/installment",
  refund: "/v2/payment/refund",
  cancel: "/payment/cancel",
} as const;

/** Bank errors: iyzico's published bank error table (gitbook "Banka Hataları", same rows on docs "Hata Kodları"). */
const BANK = {
  notSufficientFunds: {
    errorCode: "10051",
    errorMessage: "Kart limiti yetersiz, yetersiz bakiye",
    errorGroup: "NOT_SUFFICIENT_FUNDS",
  },
  doNotHonour: { errorCode: "10005", errorMessage: "İşlem onaylanmadı", errorGroup: "DO_NOT_HONOUR" },
  invalidTransaction: {
    errorCode: "10012",
    errorMessage: "Geçersiz işlem",
    errorGroup: "INVALID_TRANSACTION",
  },
  lostCard: { errorCode: "10041", errorMessage: "Kayıp kart, karta el koyunuz", errorGroup: "LOST_CARD" },
  stolenCard: {
    errorCode: "10043",
    errorMessage: "Çalıntı kart, karta el koyunuz",
    errorGroup: "STOLEN_CARD",
  },
  expiredCard: { errorCode: "10054", errorMessage: "Vadesi dolmuş kart", errorGroup: "EXPIRED_CARD" },
  invalidCvc2: { errorCode: "10084", errorMessage: "CVC2 bilgisi hatalı", errorGroup: "INVALID_CVC2" },
  notPermittedToCardholder: {
    errorCode: "10057",
    errorMessage: "Kart sahibi bu işlemi yapamaz",
    errorGroup: "NOT_PERMITTED_TO_CARDHOLDER",
  },
  notPermittedToTerminal: {
    errorCode: "10058",
    errorMessage: "Terminalin bu işlemi yapmaya yetkisi yok",
    errorGroup: "NOT_PERMITTED_TO_TERMINAL",
  },
  fraudSuspect: { errorCode: "10034", errorMessage: "Dolandırıcılık şüphesi", errorGroup: "FRAUD_SUSPECT" },
  general: {
    errorCode: "10202",
    errorMessage: "Ödeme işlemi esnasında genel bir hata oluştu",
    errorGroup: "UNKNOWN",
  },
} satisfies Record<string, IyzicoFailure>;

/** mdStatus meanings from iyzico's 3-D Secure pages. */
const MD_STATUS_TEXT = {
  0: "3-D Secure imzası geçersiz veya doğrulama",
  4: "Doğrulama denemesi, kart sahibi sisteme daha sonra kayıt olmayı seçmiş",
} as const;

/**
 * Failures whose code the documentation we could reach does not give: this fake's choice, kept in one place so a
 * look at iyzico's full error list can correct them.
 * - A failed or abandoned 3-D Secure step: iyzico documents only what each mdStatus means, so the fake answers the
 *   documented catch-all bank error plus that mdStatus. The shopper's "İptal" is reported like "Reddet"
 *   (mdStatus 0): how iyzico reports a shopper who leaves the bank page is not documented.
 * - 5087 "Üye İşyerine Ait Ödeme Kaydı Bulunamadı" is on docs "Hata Kodları" (as quoted by other integrations).
 * - 11 "Geçersiz istek" is iyzico's observed answer to an invalid request; it stands in for an unknown token.
 * - 5115 is what an SDK's live-sandbox tests saw for a cancel iyzico would not do; its message, and the codes
 *   5093, 5116–5118 with their messages, are invented.
 */
const CHOSEN = {
  paymentNotFound: { errorCode: "5087", errorMessage: "Üye İşyerine Ait Ödeme Kaydı Bulunamadı" },
  tokenNotFound: { errorCode: "11", errorMessage: "Geçersiz istek" },
  refundExceeds: { errorCode: "5093", errorMessage: "İade tutarı, iade edilebilir tutardan büyük olamaz" },
  notReversible: { errorCode: "5115", errorMessage: "Bu ödeme için iptal veya iade yapılamaz" },
  cancelNotSameDay: {
    errorCode: "5116",
    errorMessage: "İptal işlemi yalnızca ödemenin yapıldığı gün yapılabilir",
  },
  cancelAfterRefund: { errorCode: "5117", errorMessage: "İadesi yapılmış ödeme iptal edilemez" },
  currencyMismatch: { errorCode: "5118", errorMessage: "Para birimi ödemenin para birimiyle aynı olmalıdır" },
} satisfies Record<string, IyzicoFailure>;

/** Validation errors that are documented: gitbook "Validasyon Hataları" and recorded sandbox answers. */
const VALIDATION = {
  invalidRequest: { errorCode: "11", errorMessage: "Geçersiz istek" },
  invalidCardNumber: { errorCode: "12", errorMessage: "Kart numarası geçersizdir" },
  basketMismatch: {
    errorCode: "5062",
    errorMessage: "Gönderilen tutar tüm kırılımların toplam tutarına eşit olmalıdır",
  },
  invalidInstallment: { errorCode: "5012", errorMessage: "Taksit seçeneği geçersizdir" },
  badSignature: { errorCode: "1000", errorMessage: "Geçersiz imza" },
  unknownApiKey: { errorCode: "1001", errorMessage: "api bilgileri bulunamadı" },
} satisfies Record<string, IyzicoFailure>;

/** Codes documented per missing field ("<field> gönderilmesi zorunludur"); other fields answer code 11. */
const REQUIRED_FIELD_CODES: Record<string, string> = { price: "5004", email: "3", identityNumber: "8" };

const missingField = (field: string): IyzicoFailure => ({
  errorCode: REQUIRED_FIELD_CODES[field] ?? VALIDATION.invalidRequest.errorCode,
  errorMessage: `${field} gönderilmesi zorunludur`,
});

const LOCALES = ["tr", "en"];
const CURRENCIES = ["TRY", "USD", "EUR", "GBP", "NOK", "CHF"];
const PAYMENT_GROUPS = ["PRODUCT", "LISTING", "SUBSCRIPTION"];
const ITEM_TYPES = ["PHYSICAL", "VIRTUAL"];
const INSTALLMENT_COUNTS = [1, 2, 3, 6, 9, 12];
const CANCEL_REASONS = ["OTHER", "FRAUD", "BUYER_REQUEST", "DOUBLE_PAYMENT"];
/** "tokenExpireTime": 1800 in every documented and recorded initialize answer. */
const TOKEN_EXPIRE_SECONDS = 1800;

type CardType = "CREDIT_CARD" | "DEBIT_CARD";
type CardAssociation = "VISA" | "MASTER_CARD" | "AMERICAN_EXPRESS" | "TROY";

interface BinInfo {
  bankName: string;
  bankCode: number;
  cardType: CardType;
  cardAssociation: CardAssociation;
  cardFamily: string;
  commercial: 0 | 1;
  /** Instalment counts the bank offers; debit and foreign cards only pay at once. */
  installments: number[];
}

/**
 * Instalment interest in basis points of the amount. Chosen, but modelled on a recorded sandbox answer for an
 * Akbank Axess BIN (100 TL → 102.17 / 103.39 / 106.89 / 110.92 for 2 / 3 / 6 / 9 instalments, parasutcom/iyzi).
 */
const INTEREST_BP: Record<number, number> = { 1: 0, 2: 217, 3: 339, 6: 689, 9: 1092 };
const CREDIT_PLAN = [1, 2, 3, 6, 9];

const bin = (
  bankName: string,
  bankCode: number,
  cardType: CardType,
  cardAssociation: CardAssociation,
  cardFamily: string,
  commercial: 0 | 1 = 0,
): BinInfo => ({
  bankName,
  bankCode,
  cardType,
  cardAssociation,
  cardFamily,
  commercial,
  installments: cardType === "CREDIT_CARD" ? CREDIT_PLAN : [1],
});

/**
 * The BINs of iyzico's documented success test cards (bank, scheme and type from "Test Kartları"; card family and
 * bank code are the banks' well-known programmes and EFT codes) plus 454671, a credit card the store's tests use
 * for instalments. Cards whose BIN is not here still pay; they just have no instalments and no bank details.
 */
const BINS: Record<string, BinInfo> = {
  "589004": bin("Akbank", 46, "DEBIT_CARD", "MASTER_CARD", "Akbank DC"),
  "552608": bin("Akbank", 46, "CREDIT_CARD", "MASTER_CARD", "Axess", 1),
  "979207": bin("Akbank", 46, "CREDIT_CARD", "TROY", "Axess"),
  "476662": bin("Denizbank", 134, "DEBIT_CARD", "VISA", "Denizbank DC"),
  "460345": bin("Denizbank", 134, "CREDIT_CARD", "VISA", "Bonus"),
  "979202": bin("QNB", 111, "DEBIT_CARD", "TROY", "QNB DC"),
  "498749": bin("QNB", 111, "DEBIT_CARD", "VISA", "QNB DC"),
  "531157": bin("QNB", 111, "CREDIT_CARD", "MASTER_CARD", "CardFinans"),
  "979203": bin("QNB", 111, "CREDIT_CARD", "TROY", "CardFinans"),
  "517041": bin("Garanti Bankası", 62, "DEBIT_CARD", "MASTER_CARD", "Bankkart Combo"),
  "540036": bin("Garanti Bankası", 62, "CREDIT_CARD", "MASTER_CARD", "Bonus"),
  "374427": bin("Garanti Bankası", 62, "CREDIT_CARD", "AMERICAN_EXPRESS", "Bonus"),
  "447505": bin("Halkbank", 12, "DEBIT_CARD", "VISA", "Halkbank DC"),
  "552879": bin("Halkbank", 12, "CREDIT_CARD", "MASTER_CARD", "Paraf"),
  "405903": bin("HSBC Bank", 123, "DEBIT_CARD", "VISA", "HSBC DC"),
  "550472": bin("HSBC Bank", 123, "CREDIT_CARD", "MASTER_CARD", "Advantage"),
  "589283": bin("Türkiye İş Bankası", 64, "DEBIT_CARD", "MASTER_CARD", "Bankamatik"),
  "454359": bin("Türkiye İş Bankası", 64, "CREDIT_CARD", "VISA", "Maximum"),
  "540667": bin("Türkiye İş Bankası", 64, "CREDIT_CARD", "MASTER_CARD", "Maximum"),
  "491005": bin("Vakıfbank", 15, "DEBIT_CARD", "VISA", "Vakıfbank DC"),
  "415792": bin("Vakıfbank", 15, "CREDIT_CARD", "VISA", "World"),
  "650052": bin("Vakıfbank", 15, "DEBIT_CARD", "TROY", "Vakıfbank DC"),
  "650170": bin("Vakıfbank", 15, "CREDIT_CARD", "TROY", "World"),
  "516888": bin("Yapı ve Kredi Bankası", 67, "DEBIT_CARD", "MASTER_CARD", "World DC"),
  "545103": bin("Yapı ve Kredi Bankası", 67, "CREDIT_CARD", "MASTER_CARD", "World"),
  "454671": bin("Akbank", 46, "CREDIT_CARD", "VISA", "Axess"),
};

const success = (description: string, reversible = true): IyzicoTestCard => ({
  description,
  status: "SUCCESS",
  mdStatus: 1,
  reversible,
});
const declined = (
  description: string,
  failure: IyzicoFailure,
  mdStatus: number | null = 1,
): IyzicoTestCard => ({
  description,
  status: "FAILURE",
  mdStatus,
  failure,
  reversible: true,
});

/**
 * docs.iyzico.com "Test Kartları" (the iyzipay SDK READMEs carry the same table). The error cards' codes come
 * from the bank error table above. Where the docs do not name a code the choice is marked:
 * - 4120111111111110 "Pickup card": no pickup group exists; STOLEN_CARD ("…karta el koyunuz") is used. (An
 *   SDK's live sandbox tests saw lost, stolen and pickup cards all answer the same code.)
 * - 4131111111111117 / 4141111111111115 "Success but mdStatus is 0 / 4": iyzico only completes mdStatus 1, so
 *   these fail after 3-D Secure with that mdStatus.
 * - 4151111111111112 "3dsecure initialize failed": fails before any bank page is shown.
 */
export const IYZICO_TEST_CARDS: Readonly<Record<string, IyzicoTestCard>> = {
  // The documented success cards (bank, scheme and type are the BIN table's).
  ...Object.fromEntries(
    `5890040000000016 5526080000000006 9792072000017956 4766620000000001 4603450000000000
     9792023757123604 4987490000000002 5311570000000005 9792020000000001 9792030000000000
     5170410000000004 5400360000000003 374427000000003 4475050000000003 5528790000000008
     4059030000000009 5504720000000003 5892830000000000 4543590000000006 4910050000000006
     4157920000000002 6500528865390837 6501700194147183 5168880000000002 5451030000000000`
      .split(/\s+/)
      .map((number) => {
        const info = BINS[number.slice(0, 6)];
        const type = info?.cardType === "DEBIT_CARD" ? "debit" : "credit";
        return [number, success(`${info?.bankName} ${info?.cardAssociation} ${type}`)];
      }),
  ),
  "5400010000000004": success("Foreign (non-Turkish) credit"),
  "4054180000000007": success("Foreign (non-Turkish) debit"),
  "5406670000000009": success("Success but cannot be cancelled, refund or post auth", false),
  "4111111111111129": declined("Not sufficient funds", BANK.notSufficientFunds),
  "4129111111111111": declined("Do not honour", BANK.doNotHonour),
  "4128111111111112": declined("Invalid transaction", BANK.invalidTransaction),
  "4127111111111113": declined("Lost card", BANK.lostCard),
  "4126111111111114": declined("Stolen card", BANK.stolenCard),
  "4125111111111115": declined("Expired card", BANK.expiredCard),
  "4124111111111116": declined("Invalid cvc2", BANK.invalidCvc2),
  "4123111111111117": declined("Not permitted to card holder", BANK.notPermittedToCardholder),
  "4122111111111118": declined("Not permitted to terminal", BANK.notPermittedToTerminal),
  "4121111111111119": declined("Fraud suspect", BANK.fraudSuspect),
  "4120111111111110": declined("Pickup card", BANK.stolenCard),
  "4130111111111118": declined("General error", BANK.general),
  "4131111111111117": declined("Success but mdStatus is 0", threeDsFailure(0), 0),
  "4141111111111115": declined("Success but mdStatus is 4", threeDsFailure(4), 4),
  "4151111111111112": declined("3dsecure initialize failed", BANK.general, null),
};

/** A 3-D Secure step that did not end in mdStatus 1 (see `CHOSEN`). */
function threeDsFailure(mdStatus: 0 | 4): IyzicoFailure {
  return { ...BANK.general, errorMessage: MD_STATUS_TEXT[mdStatus] };
}

// ---------------------------------------------------------------------------------------------------------------
// Money: integer kuruş from decimal text, answered as trailing-zero-free JSON numbers
// ---------------------------------------------------------------------------------------------------------------

/** Up to 10 integer digits: any sum of amounts stays an exact integer number of kuruş. */
const DECIMAL = /^(\d{1,10})(?:\.(\d+))?$/;

function parseMoney(value: unknown): number | null {
  const text =
    typeof value === "number" && Number.isFinite(value)
      ? String(value)
      : typeof value === "string"
        ? value.trim()
        : "";
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const fraction = (match[2] ?? "").padEnd(2, "0");
  // A card cannot be charged a fraction of a kuruş.
  if (/[1-9]/.test(fraction.slice(2))) return null;
  return Number(match[1]) * 100 + Number(fraction.slice(0, 2));
}

const money = (kurus: number): number =>
  Number(`${Math.floor(kurus / 100)}.${String(kurus % 100).padStart(2, "0")}`);

/** a × b / c rounded half up, exact (BigInt) for non-negative integers. */
function mulDiv(a: number, b: number, c: number): number {
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  return Number((2n * n + d) / (2n * d));
}

/** What the card is charged for `n` instalments: the amount plus the plan's interest, each rounded half up. */
function withInterest(amount: number, n: number) {
  const totalPrice = amount + mulDiv(amount, INTEREST_BP[n] ?? 0, 10_000);
  return {
    installmentPrice: money(mulDiv(totalPrice, 1, n)),
    totalPrice: money(totalPrice),
    total: totalPrice,
  };
}

function display(kurus: number, currency: string): string {
  const whole = Math.floor(kurus / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${whole},${String(kurus % 100).padStart(2, "0")} ${currency}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value : undefined;
const digits = (count: number) => Array.from(randomBytes(count), (b) => String(b % 10)).join("");
const hmacHex = (key: string, message: string) =>
  createHmac("sha256", key).update(message, "utf8").digest("hex");

/** Constant-time comparison of two strings of any length. */
function sameText(a: string, b: string): boolean {
  return timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());
}

function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return number.length >= 12 && sum % 10 === 0;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The calendar day in Turkey (UTC+3 all year), where iyzico's banks close the day. */
const turkishDay = (date: Date) => new Date(date.getTime() + 3 * 3_600_000).toISOString().slice(0, 10);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

interface Answer {
  status: number;
  body: string;
  type: string;
}
const json = (value: unknown, status = 200): Answer => ({
  status,
  body: JSON.stringify(value),
  type: "application/json;charset=UTF-8",
});
const html = (body: string, status = 200): Answer => ({ status, body, type: "text/html; charset=utf-8" });

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="tr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · iyzico (fake)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}
label{display:block;margin:.75rem 0 .25rem}input[type=text]{width:100%;padding:.4rem}
button{margin:1rem .5rem 0 0;padding:.5rem 1rem}[role=alert]{color:#b00020}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${content}
</body></html>`;
}

// ---------------------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------------------

interface Form {
  token: string;
  request: Json;
  raw: string;
  conversationId: string | undefined;
  locale: string;
  callbackUrl: string;
  basketId: string | undefined;
  currency: string;
  price: number;
  paidPrice: number;
  items: { id: string; price: number }[];
  enabledInstallments: number[] | null;
  /** The card entered on the hosted page, waiting for the instalment choice and the bank page. */
  attempt?: { card: string; installment: number };
  payment?: Payment;
}

interface Payment {
  form: Form;
  paymentId: string;
  status: "SUCCESS" | "FAILURE";
  card: string;
  bin: BinInfo | undefined;
  installment: number;
  paidPrice: number;
  mdStatus: number | null;
  failure?: IyzicoFailure;
  reversible: boolean;
  authCode: string;
  hostReference: string;
  referenceCode: string;
  createdAt: Date;
  transactions: { itemId: string; paymentTransactionId: string; price: number; paidPrice: number }[];
  refunded: number;
  cancelled: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------------------

export async function startFakeIyzico(options: FakeIyzicoOptions): Promise<FakeIyzico> {
  const merchantId = options.merchantId ?? "3404590";
  let notifyUrl = options.notifyUrl ?? null;
  let down = false;
  let delayMs = 0;
  let clock = () => new Date();
  let nextId = 20_000_000 + Number(digits(6));

  const forms = new Map<string, Form>();
  const payments = new Map<string, Payment>();
  const refunds: { paymentId: string; price: string; conversationId?: string }[] = [];
  const cancels: { paymentId: string; conversationId?: string }[] = [];
  const requests: { method: string; path: string; authorized: boolean }[] = [];
  const deliveries: FakeIyzicoDelivery[] = [];
  const failures = new Map<string, IyzicoFailure[]>();

  const newId = () => String(nextId++);
  let url = "";

  // --- answers ----------------------------------------------------------------------------------------------------

  const envelope = (body: Json) => ({
    locale: text(body.locale) ?? "tr",
    systemTime: clock().getTime(),
    ...(text(body.conversationId) ? { conversationId: body.conversationId } : {}),
  });
  const ok = (body: Json, fields: Json) => json({ status: "success", ...envelope(body), ...fields });
  const refuse = (body: Json, failure: IyzicoFailure) =>
    json({ status: "failure", ...failure, ...envelope(body) });
  /** ":"-joined values as in "Response Signature Validation"; absent values join as empty text, as in JS. */
  const sign = (values: unknown[]) =>
    hmacHex(options.secretKey, values.map((v) => (v == null ? "" : String(v))).join(":"));

  // --- IYZWSv2 ------------------------------------------------------------------------------------------------------

  function authenticate(req: IncomingMessage, path: string, raw: string): IyzicoFailure | null {
    const header = req.headers.authorization ?? "";
    const encoded = /^IYZWSv2 ([A-Za-z0-9+/=]+)$/.exec(header)?.[1];
    const decoded = encoded ? Buffer.from(encoded, "base64").toString("utf8") : "";
    const parts = /^apiKey:(.*)&randomKey:(.*)&signature:([0-9a-f]{64})$/.exec(decoded);
    if (!parts) return VALIDATION.badSignature;
    const [, apiKey = "", randomKey = "", signature = ""] = parts;
    if (!sameText(apiKey, options.apiKey)) return VALIDATION.unknownApiKey;
    const rnd = req.headers["x-iyzi-rnd"];
    if (rnd !== undefined && rnd !== randomKey) return VALIDATION.badSignature;
    const expected = hmacHex(options.secretKey, randomKey + path + raw);
    return timingSafeEqual(Buffer.from(expected, "hex"), Buffer.from(signature, "hex"))
      ? null
      : VALIDATION.badSignature;
  }

  // --- Checkout Form initialize -----------------------------------------------------------------------------------

  function validateInitialize(body: Json): IyzicoFailure | Omit<Form, "token" | "raw" | "request"> {
    if (body.locale !== undefined && !LOCALES.includes(String(body.locale))) return VALIDATION.invalidRequest;
    for (const field of ["price", "paidPrice"] as const) {
      if (body[field] === undefined || body[field] === null || body[field] === "") return missingField(field);
    }
    const price = parseMoney(body.price);
    const paidPrice = parseMoney(body.paidPrice);
    if (!price || !paidPrice) return VALIDATION.invalidRequest;
    // Required in the documented request schema, although its description says "Varsayılan; TRY".
    const currency = text(body.currency);
    if (!currency) return missingField("currency");
    if (!CURRENCIES.includes(currency)) return VALIDATION.invalidRequest;
    if (body.paymentGroup !== undefined && !PAYMENT_GROUPS.includes(String(body.paymentGroup))) {
      return VALIDATION.invalidRequest;
    }
    const callbackUrl = text(body.callbackUrl);
    if (!callbackUrl) return missingField("callbackUrl");
    if (!/^https?:\/\/[^\s]+$/.test(callbackUrl)) return VALIDATION.invalidRequest;

    // Buyer fields iyzico requires (gitbook "Ödeme" table; the newer OpenAPI fragment lists gsmNumber instead of ip,
    // but iyzico's own samples and older table make ip mandatory and gsmNumber optional).
    if (!isObject(body.buyer)) return missingField("buyer");
    for (const field of [
      "id",
      "name",
      "surname",
      "identityNumber",
      "email",
      "registrationAddress",
      "city",
      "country",
      "ip",
    ]) {
      if (!text(body.buyer[field])) return missingField(field);
    }
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(body.buyer.email))) return VALIDATION.invalidRequest;

    const basket: unknown = body.basketItems;
    if (!Array.isArray(basket) || basket.length === 0) return missingField("basketItems");
    const items: { id: string; price: number }[] = [];
    let physical = false;
    for (const item of basket) {
      if (!isObject(item)) return VALIDATION.invalidRequest;
      for (const field of ["id", "name", "category1", "itemType"]) {
        if (!text(item[field])) return missingField(field);
      }
      if (!ITEM_TYPES.includes(String(item.itemType))) return VALIDATION.invalidRequest;
      physical ||= item.itemType === "PHYSICAL";
      if (item.price === undefined || item.price === null) return missingField("price");
      // "0 ve 0'dan küçük olamaz" (basket item price).
      const itemPrice = parseMoney(item.price);
      if (!itemPrice) return VALIDATION.invalidRequest;
      items.push({ id: String(item.id), price: itemPrice });
    }

    // The shipping address is only required when something physical is shipped.
    for (const name of physical ? ["billingAddress", "shippingAddress"] : ["billingAddress"]) {
      const address = body[name];
      if (!isObject(address)) return missingField(name);
      for (const field of ["contactName", "city", "country", "address"]) {
        if (!text(address[field])) return missingField(field);
      }
    }

    let enabledInstallments: number[] | null = null;
    if (body.enabledInstallments !== undefined && body.enabledInstallments !== null) {
      const list = body.enabledInstallments;
      if (!Array.isArray(list) || list.length === 0) return VALIDATION.invalidInstallment;
      if (!list.every((n) => Number.isInteger(n) && INSTALLMENT_COUNTS.includes(n as number))) {
        return VALIDATION.invalidInstallment;
      }
      enabledInstallments = list as number[];
    }

    if (items.reduce((sum, item) => sum + item.price, 0) !== price) return VALIDATION.basketMismatch;

    return {
      conversationId: text(body.conversationId),
      locale: text(body.locale) ?? "tr",
      callbackUrl,
      basketId: text(body.basketId),
      currency,
      price,
      paidPrice,
      items,
      enabledInstallments,
    };
  }

  function initialize(body: Json, raw: string): Answer {
    const checked = validateInitialize(body);
    if ("errorCode" in checked) return refuse(body, checked);
    const token = randomUUID();
    forms.set(token, { token, request: body, raw, ...checked });
    const paymentPageUrl = `${url}/checkout?token=${token}&lang=${checked.locale}`;
    // Like iyzico's snippet, but instead of loading their widget it sends the browser to the hosted page.
    const target = JSON.stringify(paymentPageUrl).replace(/</g, "\\u003c");
    const checkoutFormContent = `<script type="text/javascript">if (typeof iyziInit == 'undefined') {var iyziInit = {currency:'${checked.currency}',token:'${token}',price:${money(checked.paidPrice)},locale:'${checked.locale}',baseUrl:'${url}'};window.location.href = ${target};}</script>`;
    return ok(body, {
      token,
      checkoutFormContent,
      tokenExpireTime: TOKEN_EXPIRE_SECONDS,
      paymentPageUrl,
      signature: sign([body.conversationId, token]),
    });
  }

  // --- Checkout Form retrieve -----------------------------------------------------------------------------------

  function retrieve(body: Json): Answer {
    const token = text(body.token);
    if (!token) return refuse(body, missingField("token"));
    const form = forms.get(token);
    // Unknown token: iyzico's code for it is not in the documentation we could reach; "Geçersiz istek" is chosen.
    if (!form) return refuse(body, CHOSEN.tokenNotFound);
    const payment = form.payment;
    // Not paid yet: the query itself succeeds but carries no paymentStatus (nor a signature, which needs one).
    if (!payment) return ok(body, { token, callbackUrl: form.callbackUrl });

    // The echoed conversationId is the retrieve request's, and it is what the signature covers.
    const fields = {
      price: money(form.price),
      paidPrice: money(payment.paidPrice),
      installment: payment.installment,
      paymentId: payment.paymentId,
      currency: form.currency,
      basketId: form.basketId,
      paymentStatus: payment.status,
    };
    const card = {
      cardType: payment.bin?.cardType ?? "CREDIT_CARD",
      cardAssociation: payment.bin?.cardAssociation ?? association(payment.card),
      ...(payment.bin ? { cardFamily: payment.bin.cardFamily } : {}),
      binNumber: payment.card.slice(0, 8),
      lastFourDigits: payment.card.slice(-4),
    };
    const signature = sign([
      fields.paymentStatus,
      fields.paymentId,
      fields.currency,
      fields.basketId,
      body.conversationId,
      fields.paidPrice,
      fields.price,
      token,
    ]);
    if (payment.status === "FAILURE") {
      return ok(body, {
        ...fields,
        ...card,
        ...payment.failure,
        ...(payment.mdStatus === null ? {} : { mdStatus: payment.mdStatus }),
        phase: "AUTH",
        token,
        callbackUrl: form.callbackUrl,
        signature,
      });
    }
    return ok(body, {
      ...fields,
      fraudStatus: 1,
      ...card,
      itemTransactions: payment.transactions.map((t) => ({
        itemId: t.itemId,
        paymentTransactionId: t.paymentTransactionId,
        transactionStatus: 2,
        price: money(t.price),
        paidPrice: money(t.paidPrice),
      })),
      authCode: payment.authCode,
      hostReference: payment.hostReference,
      phase: "AUTH",
      mdStatus: payment.mdStatus,
      token,
      callbackUrl: form.callbackUrl,
      signature,
    });
  }

  // --- installment query --------------------------------------------------------------------------------------

  function installmentDetail(binNumber: string, info: BinInfo | undefined, price: number) {
    // An unknown BIN is answered with a single instalment and no card details (recorded sandbox answer).
    const counts = info?.installments ?? [1];
    return {
      binNumber,
      price: money(price),
      ...(info
        ? {
            cardType: info.cardType,
            cardAssociation: info.cardAssociation,
            cardFamilyName: info.cardFamily,
            force3ds: 0,
            bankCode: info.bankCode,
            bankName: info.bankName,
            forceCvc: 0,
            commercial: info.commercial,
            dccEnabled: 0,
            agricultureEnabled: 0,
          }
        : { force3ds: 0, forceCvc: 0 }),
      installmentPrices: counts.map((n) => {
        const { installmentPrice: each, totalPrice } = withInterest(price, n);
        return { installmentPrice: each, totalPrice, installmentNumber: n };
      }),
    };
  }

  function installments(body: Json): Answer {
    if (body.price === undefined || body.price === null || body.price === "") {
      return refuse(body, missingField("price"));
    }
    const price = parseMoney(body.price);
    if (!price) return refuse(body, VALIDATION.invalidRequest);
    const binNumber = text(body.binNumber);
    // Without a BIN the docs promise rates "based on the amount only": one entry per BIN the fake knows.
    const installmentDetails = binNumber
      ? [installmentDetail(binNumber, BINS[binNumber.slice(0, 6)], price)]
      : Object.entries(BINS).map(([prefix, info]) => installmentDetail(prefix, info, price));
    return ok(body, { installmentDetails });
  }

  // --- refund v2 and cancel ---------------------------------------------------------------------------------------

  function findPayment(body: Json): Payment | IyzicoFailure {
    const paymentId = text(body.paymentId);
    if (!paymentId) return missingField("paymentId");
    return payments.get(paymentId) ?? CHOSEN.paymentNotFound;
  }

  function refund(body: Json): Answer {
    const found = findPayment(body);
    if ("errorCode" in found) return refuse(body, found);
    if (body.price === undefined || body.price === null || body.price === "") {
      return refuse(body, missingField("price"));
    }
    const amount = parseMoney(body.price);
    if (!amount) return refuse(body, VALIDATION.invalidRequest);
    const form = found.form;
    if (body.currency !== undefined && body.currency !== form.currency) {
      return refuse(body, CHOSEN.currencyMismatch);
    }
    if (found.status !== "SUCCESS" || !found.reversible || found.cancelled) {
      return refuse(body, CHOSEN.notReversible);
    }
    // "Must not exceed" what was charged, less what was already refunded.
    if (amount > found.paidPrice - found.refunded) return refuse(body, CHOSEN.refundExceeds);
    found.refunded += amount;
    refunds.push({
      paymentId: found.paymentId,
      price: String(body.price),
      ...(text(body.conversationId) ? { conversationId: String(body.conversationId) } : {}),
    });
    return ok(body, {
      paymentId: found.paymentId,
      price: money(amount),
      currency: form.currency,
      authCode: found.authCode,
      hostReference: found.hostReference,
      refundHostReference: `mock${digits(6)}iyzihostrfn`,
      retryable: false,
      // Documented order for /v2/payment/refund: paymentId, price, currency, conversationId.
      signature: sign([found.paymentId, money(amount), form.currency, body.conversationId]),
    });
  }

  function cancel(body: Json): Answer {
    if (body.reason !== undefined && !CANCEL_REASONS.includes(String(body.reason))) {
      return refuse(body, VALIDATION.invalidRequest);
    }
    // A description is only accepted together with a reason.
    if (text(body.description) && body.reason === undefined) return refuse(body, missingField("reason"));
    const found = findPayment(body);
    if ("errorCode" in found) return refuse(body, found);
    if (found.status !== "SUCCESS" || !found.reversible || found.cancelled) {
      return refuse(body, CHOSEN.notReversible);
    }
    if (found.refunded > 0) return refuse(body, CHOSEN.cancelAfterRefund);
    if (turkishDay(found.createdAt) !== turkishDay(clock())) return refuse(body, CHOSEN.cancelNotSameDay);
    found.cancelled = true;
    cancels.push({
      paymentId: found.paymentId,
      ...(text(body.conversationId) ? { conversationId: String(body.conversationId) } : {}),
    });
    // iyzico signs no cancel answer ("Response Signature Validation" lists none).
    return ok(body, {
      paymentId: found.paymentId,
      price: money(found.paidPrice),
      currency: found.form.currency,
      authCode: found.authCode,
      hostReference: found.hostReference,
      cancelHostReference: `mock${digits(6)}iyzihostrfn`,
    });
  }

  // --- payments -------------------------------------------------------------------------------------------------

  /** Instalment counts the hosted page offers for this card; always at least a single payment. */
  function installmentOptions(form: Form, card: string): number[] {
    const plan = BINS[card.slice(0, 6)]?.installments ?? [1];
    return plan.filter((n) => n === 1 || !form.enabledInstallments || form.enabledInstallments.includes(n));
  }

  function complete(
    form: Form,
    card: string,
    installment: number,
    threeDs: "approve" | "fail" | "cancel",
  ): Payment {
    const spec = IYZICO_TEST_CARDS[card] ?? success("Any other card that passes the Luhn check");
    let status = spec.status;
    let mdStatus = spec.mdStatus;
    let failure = spec.failure;
    // The shopper's answer on the bank page only matters when the page was shown.
    if (mdStatus !== null && threeDs !== "approve") {
      status = "FAILURE";
      mdStatus = 0;
      failure = threeDsFailure(0);
    }
    const paidPrice = withInterest(form.paidPrice, installment).total;
    // Distribute what was charged over the basket lines in proportion to their prices; the last takes the rest.
    let left = paidPrice;
    const transactions = form.items.map((item, index) => {
      const share = index === form.items.length - 1 ? left : mulDiv(paidPrice, item.price, form.price);
      left -= share;
      return { itemId: item.id, paymentTransactionId: newId(), price: item.price, paidPrice: share };
    });
    const payment: Payment = {
      form,
      paymentId: newId(),
      status,
      card,
      bin: BINS[card.slice(0, 6)],
      installment,
      paidPrice,
      mdStatus,
      ...(failure ? { failure } : {}),
      reversible: spec.reversible,
      authCode: digits(6),
      hostReference: `mock${digits(8)}`,
      referenceCode: randomUUID(),
      createdAt: clock(),
      transactions: status === "SUCCESS" ? transactions : [],
      refunded: 0,
      cancelled: false,
    };
    form.payment = payment;
    delete form.attempt;
    payments.set(payment.paymentId, payment);
    return payment;
  }

  // --- webhook ----------------------------------------------------------------------------------------------------

  function notification(token: string): FakeIyzicoNotification {
    const form = forms.get(token);
    const payment = form?.payment;
    if (!form || !payment) throw new Error(`Fake iyzico: no completed payment for token ${token}`);
    const iyziEventType = "CHECKOUT_FORM_AUTH";
    const paymentConversationId = form.conversationId ?? "";
    // Field order and number-vs-string as in the documented HPP example.
    const payload = {
      paymentConversationId,
      merchantId: /^\d+$/.test(merchantId) ? Number(merchantId) : merchantId,
      status: payment.status,
      token,
      iyziReferenceCode: payment.referenceCode,
      iyziEventType,
      iyziEventTime: clock().getTime(),
      iyziPaymentId: Number(payment.paymentId),
    };
    const signature = hmacHex(
      options.secretKey,
      options.secretKey + iyziEventType + payment.paymentId + token + paymentConversationId + payment.status,
    );
    return {
      body: JSON.stringify(payload),
      headers: { "Content-Type": "application/json", "X-IYZ-SIGNATURE-V3": signature },
      payload,
    };
  }

  async function deliverNotification(token: string): Promise<{ status: number; text: string }> {
    if (!notifyUrl) throw new Error("Fake iyzico: no notification URL (setNotifyUrl first)");
    const { body, headers } = notification(token);
    const res = await fetch(notifyUrl, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, text: await res.text() };
  }

  /** After a hosted-page payment: deliver, and record rather than throw when the store cannot be reached. */
  async function notifyAfterPayment(token: string) {
    if (!notifyUrl) return;
    const target = notifyUrl;
    try {
      const { status } = await deliverNotification(token);
      deliveries.push({ token, url: target, status });
    } catch (e) {
      const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : "";
      deliveries.push({
        token,
        url: target,
        status: 0,
        error: `${e instanceof Error ? e.message : e}${cause}`,
      });
    }
  }

  // --- hosted pages -------------------------------------------------------------------------------------------------

  function amountLine(form: Form, kurus = form.paidPrice) {
    return `<p>Ödenecek tutar: <strong>${escapeHtml(display(kurus, form.currency))}</strong></p>`;
  }

  function cardPage(form: Form, error?: string): Answer {
    const hidden = `<input type="hidden" name="token" value="${escapeHtml(form.token)}">`;
    return html(
      page(
        "Ödeme",
        `${amountLine(form)}
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/checkout/card">${hidden}
<label for="cardNumber">Kart numarası</label><input type="text" id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number">
<label for="cardHolderName">Kart üzerindeki isim</label><input type="text" id="cardHolderName" name="cardHolderName" autocomplete="cc-name">
<label for="expiry">Son kullanma tarihi</label><input type="text" id="expiry" name="expiry" placeholder="AA/YY" autocomplete="cc-exp">
<label for="cvc">CVC</label><input type="text" id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc">
<button type="submit">Öde</button>
</form>`,
      ),
      error ? 400 : 200,
    );
  }

  function installmentPage(form: Form, card: string, counts: number[]): Answer {
    const options = counts
      .map((n, index) => {
        const { total } = withInterest(form.paidPrice, n);
        const label =
          n === 1
            ? `Tek çekim — toplam ${display(total, form.currency)}`
            : `${n} taksit — ${n} × ${display(mulDiv(total, 1, n), form.currency)}, toplam ${display(total, form.currency)}`;
        return `<label><input type="radio" name="installment" value="${n}"${index === 0 ? " checked" : ""}> ${escapeHtml(label)}</label>`;
      })
      .join("\n");
    return html(
      page(
        "Taksit seçenekleri",
        `${amountLine(form)}<p>Kart: •••• ${escapeHtml(card.slice(-4))}</p>
<form method="post" action="/checkout/installment"><input type="hidden" name="token" value="${escapeHtml(form.token)}">
<fieldset><legend>Taksit seçiniz</legend>
${options}
</fieldset>
<button type="submit">Devam</button>
</form>`,
      ),
    );
  }

  function threeDsPage(form: Form, card: string, installment: number): Answer {
    const bank = BINS[card.slice(0, 6)]?.bankName ?? "Kartınızı veren banka";
    return html(
      page(
        "3-D Secure doğrulama",
        `<p>${escapeHtml(bank)}</p>${amountLine(form, withInterest(form.paidPrice, installment).total)}
<p>Kart: •••• ${escapeHtml(card.slice(-4))}${installment > 1 ? ` · ${installment} taksit` : ""}</p>
<form method="post" action="/checkout/3ds"><input type="hidden" name="token" value="${escapeHtml(form.token)}">
<button type="submit" name="action" value="approve">Onayla</button>
<button type="submit" name="action" value="fail">Reddet</button>
<button type="submit" name="action" value="cancel">İptal</button>
</form>`,
      ),
    );
  }

  /** `autoSubmit` only right after the payment: a shopper coming back to the page is not sent to the store again. */
  function finalPage(form: Form, autoSubmit = false): Answer {
    const payment = form.payment as Payment;
    const title = payment.status === "SUCCESS" ? "Ödeme başarılı" : "Ödeme başarısız";
    const reason = payment.failure ? `<p role="alert">${escapeHtml(payment.failure.errorMessage)}</p>` : "";
    return html(
      page(
        title,
        `${reason}
<form id="iyzico-return" method="post" action="${escapeHtml(form.callbackUrl)}" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="token" value="${escapeHtml(form.token)}">
<button type="submit">Mağazaya dön</button>
</form>
${autoSubmit ? '<script>document.getElementById("iyzico-return").submit();</script>' : ""}`,
      ),
    );
  }

  async function finish(
    form: Form,
    card: string,
    installment: number,
    threeDs: "approve" | "fail" | "cancel",
  ) {
    complete(form, card, installment, threeDs);
    await notifyAfterPayment(form.token);
    return finalPage(form, true);
  }

  async function handlePage(
    method: string,
    path: string,
    query: URLSearchParams,
    raw: string,
  ): Promise<Answer> {
    const input = method === "POST" ? new URLSearchParams(raw) : query;
    const form = forms.get(input.get("token") ?? "");
    if (!form) return html(page("Ödeme bulunamadı", "<p>Bu ödeme oturumu bulunamadı.</p>"), 404);
    // A declined form can be tried again with another card; iyzico then notifies the second outcome too
    // (dev.iyzipay.com, "Webhooks": "Kullanıcı aynı form üzerinde tekrar deneyip başarılı ödeme yaparsa…").
    if (form.payment?.status === "SUCCESS") return finalPage(form);

    if (method === "GET" && path === "/checkout") return cardPage(form);
    if (method === "POST" && path === "/checkout/card") {
      const card = (input.get("cardNumber") ?? "").replace(/[\s-]/g, "");
      if (!/^\d+$/.test(card) || !luhn(card)) {
        return cardPage(form, VALIDATION.invalidCardNumber.errorMessage);
      }
      if (!(input.get("cardHolderName") ?? "").trim()) {
        return cardPage(form, "Kart üzerindeki isim zorunludur");
      }
      const expiry = /^\s*(\d{2})\s*\/\s*(\d{2})\s*$/.exec(input.get("expiry") ?? "");
      const month = Number(expiry?.[1]);
      const now = clock();
      // Sandbox cards take any expiry in the right format, as long as it is not in the past.
      if (!expiry || month < 1 || month > 12) return cardPage(form, "Son kullanma tarihi geçersizdir");
      const year = 2000 + Number(expiry[2]);
      if (year * 12 + month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) {
        return cardPage(form, "Son kullanma tarihi geçersizdir");
      }
      if (!/^\d{3,4}$/.test(input.get("cvc") ?? "")) return cardPage(form, "CVC geçersizdir");
      if (IYZICO_TEST_CARDS[card]?.mdStatus === null) return finish(form, card, 1, "approve");
      const counts = installmentOptions(form, card);
      form.attempt = { card, installment: 1 };
      return counts.length > 1 ? installmentPage(form, card, counts) : threeDsPage(form, card, 1);
    }
    const attempt = form.attempt;
    if (!attempt) return cardPage(form);
    if (method === "POST" && path === "/checkout/installment") {
      const n = Number(input.get("installment"));
      const counts = installmentOptions(form, attempt.card);
      if (!counts.includes(n)) return installmentPage(form, attempt.card, counts);
      attempt.installment = n;
      return threeDsPage(form, attempt.card, n);
    }
    if (method === "POST" && path === "/checkout/3ds") {
      const action = input.get("action");
      const threeDs = action === "approve" || action === "fail" || action === "cancel" ? action : "cancel";
      return finish(form, attempt.card, attempt.installment, threeDs);
    }
    return html(page("Bulunamadı", "<p>Sayfa bulunamadı.</p>"), 404);
  }

  // --- in-process and HTTP controls -------------------------------------------------------------------------------

  function mustForm(token: string): Form {
    const form = forms.get(token);
    if (!form) throw new Error(`Fake iyzico: no checkout form with token ${token}`);
    return form;
  }

  async function pay(token: string, opts: FakeIyzicoPayOptions = {}) {
    const form = mustForm(token);
    if (form.payment?.status === "SUCCESS") throw new Error(`Fake iyzico: token ${token} is already paid`);
    const card = opts.card ?? "5528790000000008";
    if (!luhn(card)) throw new Error(`Fake iyzico: ${card} is not a valid card number`);
    const installment = opts.installments ?? 1;
    if (!installmentOptions(form, card).includes(installment)) {
      throw new Error(
        `Fake iyzico: ${installment} instalments are not offered for card ${card} on this form`,
      );
    }
    const payment = complete(form, card, installment, opts.threeDs ?? "approve");
    return { status: payment.status, paymentId: payment.paymentId };
  }

  const formView = (form: Form): FakeIyzicoForm => ({
    token: form.token,
    request: structuredClone(form.request),
    raw: form.raw,
    status: form.payment?.status ?? "INIT",
  });

  function failNext(path: string, failure: IyzicoFailure, times = 1) {
    const queue = failures.get(path) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    failures.set(path, queue);
  }

  function reset() {
    forms.clear();
    payments.clear();
    refunds.length = 0;
    cancels.length = 0;
    requests.length = 0;
    deliveries.length = 0;
    failures.clear();
    down = false;
    delayMs = 0;
    clock = () => new Date();
  }

  // HTTP access to the controls, for a fake running in another process (the CLI): JSON in, JSON out, no auth.
  //   GET  /_fake/forms | /_fake/refunds | /_fake/cancels | /_fake/requests | /_fake/deliveries
  //   GET  /_fake/notification?token=…            → { body, headers, payload }
  //   POST /_fake/pay {"token", "card"?, "installments"?, "threeDs"?} → { status, paymentId }
  //   POST /_fake/deliver {"token"}                 → the store's { status, text }
  //   POST /_fake/fail-next {"path", "errorCode", "errorMessage", "errorGroup"?, "times"?}
  //   POST /_fake/notify-url {"url": "…" | null} | /_fake/down {"down": true} | /_fake/clock {"now": ISO | null}
  //   POST /_fake/reset
  async function handleControl(
    method: string,
    path: string,
    query: URLSearchParams,
    raw: string,
  ): Promise<Answer> {
    try {
      const input = raw ? (JSON.parse(raw) as Json) : {};
      const lists: Record<string, () => unknown> = {
        "/_fake/forms": () => [...forms.values()].map(formView),
        "/_fake/refunds": () => refunds,
        "/_fake/cancels": () => cancels,
        "/_fake/requests": () => requests,
        "/_fake/deliveries": () => deliveries,
        "/_fake/notification": () => notification(query.get("token") ?? ""),
      };
      const list = lists[path];
      if (method === "GET" && list) return json(list());
      if (method !== "POST") return json({ error: `unknown control ${method} ${path}` }, 404);
      switch (path) {
        case "/_fake/pay":
          return json(
            await pay(String(input.token), {
              ...(input.card ? { card: String(input.card) } : {}),
              ...(input.installments ? { installments: Number(input.installments) } : {}),
              ...(input.threeDs ? { threeDs: input.threeDs as FakeIyzicoPayOptions["threeDs"] } : {}),
            }),
          );
        case "/_fake/deliver":
          return json(await deliverNotification(String(input.token)));
        case "/_fake/fail-next":
          failNext(
            String(input.path),
            {
              errorCode: String(input.errorCode),
              errorMessage: String(input.errorMessage),
              ...(input.errorGroup ? { errorGroup: String(input.errorGroup) } : {}),
            },
            Number(input.times ?? 1),
          );
          return json({ ok: true });
        case "/_fake/notify-url":
          notifyUrl = text(input.url) ?? null;
          return json({ ok: true });
        case "/_fake/down":
          down = input.down === true;
          return json({ ok: true });
        case "/_fake/clock": {
          const fixed = text(input.now) ? new Date(String(input.now)) : null;
          clock = fixed ? () => new Date(fixed) : () => new Date();
          return json({ ok: true });
        }
        case "/_fake/reset":
          reset();
          return json({ ok: true });
        default:
          return json({ error: `unknown control ${method} ${path}` }, 404);
      }
    } catch (e) {
      return json({ error: e instanceof Error ? e.message : String(e) }, 500);
    }
  }

  // --- HTTP plumbing ------------------------------------------------------------------------------------------------

  const api: Record<string, (body: Json, raw: string) => Answer> = {
    [IYZICO_PATHS.initialize]: initialize,
    [IYZICO_PATHS.retrieve]: retrieve,
    [IYZICO_PATHS.installment]: installments,
    [IYZICO_PATHS.refund]: refund,
    [IYZICO_PATHS.cancel]: cancel,
  };

  async function handleApi(req: IncomingMessage, path: string, raw: string): Promise<Answer> {
    const entry = { method: "POST", path, authorized: false };
    requests.push(entry);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (down)
      return { status: 503, body: "<html><body>503 Service Unavailable</body></html>", type: "text/html" };
    const handler = api[path];
    // Spring's default answer for an unknown route (iyzico's API is a Spring application).
    if (!handler) return json({ status: 404, error: "Not Found", path }, 404);

    let body: Json = {};
    let parsed = false;
    try {
      const value: unknown = JSON.parse(raw);
      if (isObject(value)) {
        body = value;
        parsed = true;
      }
    } catch {
      // Refused after authentication, so an unsigned caller learns nothing but 1000/1001.
    }
    const authFailure = authenticate(req, path, raw);
    if (authFailure) return refuse(body, authFailure);
    entry.authorized = true;
    const injected = failures.get(path)?.shift();
    if (injected) return refuse(body, injected);
    if (!parsed) return refuse(body, VALIDATION.invalidRequest);
    return handler(body, raw);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const target = new URL(req.url ?? "/", "http://fake-iyzico.local");
    const method = (req.method ?? "GET").toUpperCase();
    const path = target.pathname;
    // Anything but a POST outside the pages (a browser's /favicon.ico) is not an API call and is not logged.
    const answer = path.startsWith("/_fake/")
      ? await handleControl(method, path, target.searchParams, raw)
      : path === "/checkout" || path.startsWith("/checkout/")
        ? await handlePage(method, path, target.searchParams, raw)
        : method === "POST"
          ? await handleApi(req, path, raw)
          : html(page("Bulunamadı", "<p>Sayfa bulunamadı.</p>"), 404);
    res.writeHead(answer.status, {
      "Content-Type": answer.type,
      "Content-Length": String(Buffer.byteLength(answer.body)),
      "Cache-Control": "no-store",
    });
    res.end(answer.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) return res.destroy();
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(`Fake iyzico crashed: ${String(e)}`);
    });
  });
  url = `http://127.0.0.1:${await listenLocally(server, options.port)}`;

  return {
    url,
    close: () => closeServer(server),
    reset,
    setNotifyUrl: (next) => {
      notifyUrl = next;
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    setDown: (next) => {
      down = next;
    },
    setClock: (next) => {
      clock = next;
    },
    pay,
    notification,
    deliverNotification,
    forms: () => [...forms.values()].map(formView),
    form: (token) => {
      const form = forms.get(token);
      return form ? formView(form) : undefined;
    },
    refunds: () => refunds.map((r) => ({ ...r })),
    cancels: () => cancels.map((c) => ({ ...c })),
    requests: () => requests.map((r) => ({ ...r })),
    deliveries: () => deliveries.map((d) => ({ ...d })),
    failNext,
  };
}

/** The scheme a card number belongs to, for cards whose BIN the fake does not know. */
function association(card: string): CardAssociation {
  if (/^3[47]/.test(card)) return "AMERICAN_EXPRESS";
  if (/^(9792|65)/.test(card)) return "TROY";
  return card.startsWith("4") ? "VISA" : "MASTER_CARD";
}
