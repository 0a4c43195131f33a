import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { PaymentFailureReason } from "@/db/schema";
import { env } from "@/lib/env";
import { ProviderError } from "@/lib/errors";
import { STORE_TIME_ZONE } from "@/lib/i18n/dates";
import { fromDecimalText, toDecimalText } from "@/lib/money";
import { CONFIGURED } from "./credentials";
import type {
  OrderForPayment,
  PaymentFailure,
  PaymentProvider,
  ProviderPaymentState,
  StoredPayment,
} from "./provider";

/**
 * iyzico over its HTTP API (docs.iyzico.com): the Checkout Form (the shopper pays, 3-D Secure included, on
 * iyzico's page, which posts a token back to the store), the payment's state read back by that token,
 * installment tables, refunds and same-day cancels. Requests are signed with IYZWSv2; answers that carry a
 * `signature` are checked before they are believed. Amounts travel as dotted decimal text made from kuruş.
 */

type IyzicoAnswer = Record<string, unknown> & { status?: string; errorCode?: string; errorMessage?: string };

const REQUEST_TIMEOUT_MS = 20_000;

function keys() {
  const { IYZICO_API_KEY, IYZICO_SECRET_KEY } = env();
  if (!IYZICO_API_KEY || !IYZICO_SECRET_KEY)
    throw new Error("IYZICO_API_KEY and IYZICO_SECRET_KEY are not set");
  return { apiKey: IYZICO_API_KEY, secretKey: IYZICO_SECRET_KEY };
}

const hmacHex = (key: string, message: string) => createHmac("sha256", key).update(message).digest("hex");

/** `Authorization: IYZWSv2 base64(apiKey:…&randomKey:…&signature:hex(HMAC-SHA256(secret, rnd + path + body)))`. */
export function iyzicoAuthorization(
  apiKey: string,
  secretKey: string,
  path: string,
  body: string,
  rnd: string,
) {
  const signature = hmacHex(secretKey, rnd + path + body);
  return `IYZWSv2 ${Buffer.from(`apiKey:${apiKey}&randomKey:${rnd}&signature:${signature}`).toString("base64")}`;
}

/** Compares hex signatures without leaking where they differ. */
function sameSignature(given: unknown, expected: string): boolean {
  if (typeof given !== "string" || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** iyzico's response signature: hex HMAC-SHA256 of the listed fields joined with ":" (as JavaScript prints them). */
export function iyzicoResponseSignature(secretKey: string, fields: unknown[]): string {
  return hmacHex(secretKey, fields.map((field) => String(field)).join(":"));
}

/**
 * The webhook signature (header X-IYZ-SIGNATURE-V3): HMAC-SHA256 keyed with the secret key over the secret
 * key followed by the notification's fields — for the Checkout Form (it has a token) iyziEventType,
 * iyziPaymentId, token, paymentConversationId, status; for direct API payments iyziEventType, paymentId,
 * paymentConversationId, status.
 */
export function iyzicoNotificationSignature(secretKey: string, body: Record<string, unknown>): string {
  const parts =
    body.token !== undefined
      ? [body.iyziEventType, body.iyziPaymentId, body.token, body.paymentConversationId, body.status]
      : [body.iyziEventType, body.paymentId, body.paymentConversationId, body.status];
  return hmacHex(
    secretKey,
    secretKey + parts.map((part) => (part === undefined ? "" : String(part))).join(""),
  );
}

export function verifyIyzicoNotification(body: Record<string, unknown>, signature: string | null): boolean {
  const { IYZICO_SECRET_KEY } = env();
  if (!IYZICO_SECRET_KEY || !signature) return false;
  return sameSignature(signature.toLowerCase(), iyzicoNotificationSignature(IYZICO_SECRET_KEY, body));
}

/** POSTs a signed request; an unreachable iyzico or an unreadable answer is a ProviderError. */
async function call(path: string, request: Record<string, unknown>): Promise<IyzicoAnswer> {
  const { apiKey, secretKey } = keys();
  const body = JSON.stringify(request);
  const rnd = `${Date.now()}${randomBytes(6).toString("hex")}`;
  let response: Response;
  try {
    response = await fetch(`${env().IYZICO_BASE_URL.replace(/\/+$/, "")}${path}`, {
      method: "POST",
      headers: {
        Authorization: iyzicoAuthorization(apiKey, secretKey, path, body, rnd),
        "x-iyzi-rnd": rnd,
        "Content-Type": "application/json",
        Accept: "application/json",
      },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ProviderError("iyzico", `${path} unreachable (${(error as Error).message})`);
  }
  const text = await response.text();
  try {
    const answer = JSON.parse(text) as IyzicoAnswer;
    if (answer && typeof answer === "object" && typeof answer.status === "string") return answer;
  } catch {
    // not JSON: reported below
  }
  throw new ProviderError("iyzico", `${path} answered HTTP ${response.status} without a readable body`);
}

/** A refusal (status "failure") as a ProviderError carrying iyzico's code and message. */
function refused(path: string, answer: IyzicoAnswer): ProviderError {
  return new ProviderError("iyzico", `${path} refused: ${answer.errorCode} ${answer.errorMessage}`, {
    code: answer.errorCode ?? null,
    message: answer.errorMessage ?? null,
  });
}

/** iyzico's error groups (and the 3-D Secure outcome) as the reason the shopper is told. */
const REASONS: Record<string, PaymentFailureReason> = {
  NOT_SUFFICIENT_FUNDS: "insufficient_funds",
  EXPIRED_CARD: "expired_card",
  INVALID_CVC2: "invalid_card",
  INVALID_CARD_NUMBER: "invalid_card",
  INVALID_EXPIRE_YEAR_MONTH: "invalid_card",
  FRAUD_SUSPECT: "fraud_suspected",
  DO_NOT_HONOUR: "declined",
  INVALID_TRANSACTION: "declined",
  LOST_CARD: "declined",
  STOLEN_CARD: "declined",
  PICKUP_CARD: "declined",
  NOT_PERMITTED_TO_CARDHOLDER: "declined",
  NOT_PERMITTED_TO_TERMINAL: "declined",
  RESTRICTED_BY_LAW: "declined",
  BANK_NOT_SUPPORTED: "declined",
};

export function iyzicoFailure(answer: IyzicoAnswer): PaymentFailure {
  const group = typeof answer.errorGroup === "string" ? answer.errorGroup : "";
  const mdStatus = answer.mdStatus === undefined || answer.mdStatus === null ? null : String(answer.mdStatus);
  const threeDsFailed = mdStatus !== null && mdStatus !== "1";
  const reason: PaymentFailureReason =
    REASONS[group] ??
    (threeDsFailed ? "three_ds_failed" : Number(answer.fraudStatus) === -1 ? "fraud_suspected" : "other");
  return {
    reason,
    code: answer.errorCode ?? (threeDsFailed ? `mdStatus ${mdStatus}` : null),
    message: answer.errorMessage ?? null,
  };
}

/** "Ayşe Nur Yılmaz" → name "Ayşe Nur", surname "Yılmaz" (iyzico requires both). */
function splitName(full: string): { name: string; surname: string } {
  const words = full.trim().split(/\s+/);
  const surname = words.length > 1 ? (words.pop() as string) : (words[0] ?? "-");
  return { name: words.join(" ") || surname, surname };
}

const countryName = (code: string) => new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;

function addressOf(address: OrderForPayment["shippingAddress"]) {
  return {
    contactName: address.name,
    city: address.city,
    country: countryName(address.country),
    address: [address.line1, address.line2, address.district].filter(Boolean).join(", "),
    zipCode: address.postalCode,
  };
}

/**
 * The basket: every line at what it costs after its discount, then shipping, fees and (when prices
 * exclude it) the tax, as items; they add up to the order's total exactly, as iyzico requires. Free
 * lines are left out (iyzico refuses items of 0).
 */
export function iyzicoBasket(order: OrderForPayment) {
  const parts = [
    ...order.items.map((item) => ({
      id: item.sku,
      name: `${item.name} · ${item.variantName}`.slice(0, 250),
      category1: item.productSlug,
      amount: item.lineTotal - item.discount,
    })),
    { id: "SHIPPING", name: "Kargo", category1: "Kargo", amount: order.shipping },
    { id: "FEES", name: "Hizmet bedeli", category1: "Hizmet", amount: order.fees },
    { id: "TAX", name: "KDV", category1: "Vergi", amount: order.taxIncluded ? 0 : order.tax },
  ].filter((part) => part.amount > 0);
  const sum = parts.reduce((total, part) => total + part.amount, 0);
  if (sum !== order.total)
    throw new Error(`basket of ${order.orderNo} adds up to ${sum}, not ${order.total}`);
  return parts.map(({ amount, ...part }) => ({
    ...part,
    itemType: "PHYSICAL",
    price: toDecimalText(amount, order.currency),
  }));
}

/** iyzico's installment counts, limited by the store's policy and the shopper's choice. */
const IYZICO_COUNTS = [1, 2, 3, 6, 9, 12];

function enabledInstallments({ max, chosen }: { max: number; chosen: number | null }): number[] {
  if (chosen !== null && chosen > 1) return [1, chosen];
  return IYZICO_COUNTS.filter((count) => count <= max);
}

const PATHS = {
  initialize: "/payment/iyzipos/checkoutform/initialize/auth/ecom",
  retrieve: "/payment/iyzipos/checkoutform/auth/ecom/detail",
  installment: "/payment/iyzipos/installment",
  refund: "/v2/payment/refund",
  cancel: "/payment/cancel",
};

/** The calendar day in Turkey (iyzico cancels, instead of refunding, a payment of the same day). */
const turkishDay = (at: Date) => at.toLocaleDateString("en-CA", { timeZone: STORE_TIME_ZONE });

function paymentIdOf(payment: StoredPayment): string {
  const id = payment.providerData?.paymentId;
  if (typeof id !== "string" && typeof id !== "number")
    throw new Error(`payment ${payment.id} has no iyzico paymentId`);
  return String(id);
}

export const iyzicoProvider: PaymentProvider = {
  name: "iyzico",

  configured: CONFIGURED.iyzico,

  async start({ paymentId, order, buyerIp, installments }) {
    const { secretKey } = keys();
    const total = toDecimalText(order.total, order.currency);
    const buyer = splitName(order.billingAddress.name);
    const request = {
      locale: order.locale,
      conversationId: paymentId,
      price: total,
      paidPrice: total,
      currency: order.currency,
      basketId: order.orderNo,
      paymentGroup: "PRODUCT",
      callbackUrl: `${env().APP_URL.replace(/\/+$/, "")}/api/payments/iyzico/callback`,
      enabledInstallments: enabledInstallments(installments),
      buyer: {
        id: order.userId ?? `guest-${order.orderNo}`,
        ...buyer,
        gsmNumber: order.billingAddress.phone,
        email: order.email,
        // The store does not ask for a national id number; iyzico accepts this placeholder for such shops.
        identityNumber: "11111111111",
        registrationAddress: addressOf(order.billingAddress).address,
        ip: buyerIp,
        city: order.billingAddress.city,
        country: countryName(order.billingAddress.country),
        zipCode: order.billingAddress.postalCode,
      },
      shippingAddress: addressOf(order.shippingAddress),
      billingAddress: addressOf(order.billingAddress),
      basketItems: iyzicoBasket(order),
    };
    const answer = await call(PATHS.initialize, request);
    if (answer.status !== "success" || typeof answer.token !== "string")
      throw refused(PATHS.initialize, answer);
    const expected = iyzicoResponseSignature(secretKey, [answer.conversationId, answer.token]);
    if (answer.signature !== undefined && !sameSignature(answer.signature, expected)) {
      throw new ProviderError("iyzico", "checkout form answer with a wrong signature");
    }
    return {
      providerPaymentId: answer.token,
      session: {
        provider: "iyzico",
        token: answer.token,
        paymentPageUrl: String(answer.paymentPageUrl ?? ""),
        checkoutFormContent: String(answer.checkoutFormContent ?? ""),
      },
    };
  },

  /** The Checkout Form's result, read by its token; the signature must match before it is believed. */
  async read(payment): Promise<ProviderPaymentState> {
    const { secretKey } = keys();
    if (!payment.providerPaymentId) return { status: "pending" };
    const answer = await call(PATHS.retrieve, {
      locale: "tr",
      conversationId: payment.id,
      token: payment.providerPaymentId,
    });
    if (
      answer.paymentStatus !== "FAILURE" &&
      (answer.status !== "success" || answer.paymentStatus !== "SUCCESS")
    ) {
      return { status: "pending" };
    }
    const expected = iyzicoResponseSignature(secretKey, [
      answer.paymentStatus,
      answer.paymentId,
      answer.currency,
      answer.basketId,
      answer.conversationId,
      answer.paidPrice,
      answer.price,
      answer.token,
    ]);
    // A success must be signed; a failure is checked when it carries a signature.
    const signed = answer.paymentStatus === "SUCCESS" || answer.signature !== undefined;
    if (signed && !sameSignature(answer.signature, expected)) {
      throw new ProviderError("iyzico", "checkout form result with a wrong signature");
    }
    if (answer.paymentStatus === "FAILURE") return { status: "failed", failure: iyzicoFailure(answer) };
    if (Number(answer.fraudStatus) === -1) return { status: "failed", failure: iyzicoFailure(answer) };
    // 0: iyzico's fraud team is still looking at it; a later notification or read settles it.
    if (Number(answer.fraudStatus) !== 1) return { status: "pending" };
    const currency = String(answer.currency);
    const amount = fromDecimalText(answer.price, currency);
    const paidAmount = fromDecimalText(answer.paidPrice, currency);
    if (amount === null || paidAmount === null) {
      throw new ProviderError("iyzico", `unreadable amounts ${answer.price} / ${answer.paidPrice}`);
    }
    return {
      status: "succeeded",
      amount,
      paidAmount,
      currency,
      installments: Number(answer.installment) || 1,
      data: {
        paymentId: String(answer.paymentId),
        cardFamily: answer.cardFamily ?? null,
        cardAssociation: answer.cardAssociation ?? null,
        lastFourDigits: answer.lastFourDigits ?? null,
      },
    };
  },

  /**
   * A refund of the whole payment on the day it was made is a cancel (the charge disappears from the
   * shopper's statement, installment interest included); any other is a refund of the amount.
   */
  async refund(payment, refund) {
    const paymentId = paymentIdOf(payment);
    const ip = "127.0.0.1";
    const whole = refund.refundedBefore === 0 && refund.amount >= payment.amount;
    if (whole && payment.paidAt && turkishDay(payment.paidAt) === turkishDay(new Date())) {
      const answer = await call(PATHS.cancel, { locale: "tr", conversationId: refund.id, paymentId, ip });
      if (answer.status !== "success") throw refused(PATHS.cancel, answer);
      return `iyzico-cancel-${paymentId}`;
    }
    const answer = await call(PATHS.refund, {
      locale: "tr",
      conversationId: refund.id,
      paymentId,
      price: toDecimalText(refund.amount, payment.currency),
      currency: payment.currency,
      ip,
    });
    if (answer.status !== "success") throw refused(PATHS.refund, answer);
    return `iyzico-refund-${paymentId}-${refund.id}`;
  },

  /** An unpaid Checkout Form token simply expires. */
  async abandon() {},

  async installments({ bin, amount, currency, locale }) {
    const answer = await call(PATHS.installment, {
      locale,
      conversationId: `bin-${bin}`,
      binNumber: bin,
      price: toDecimalText(amount, currency),
      currency,
    });
    if (answer.status !== "success") return null;
    const [detail] = (answer.installmentDetails ?? []) as {
      cardFamilyName?: string;
      bankName?: string;
      installmentPrices?: { installmentNumber: number; installmentPrice: unknown; totalPrice: unknown }[];
    }[];
    if (!detail?.installmentPrices?.length) return null;
    const options = detail.installmentPrices.flatMap((price) => {
      const installmentPrice = fromDecimalText(price.installmentPrice, currency);
      const totalPrice = fromDecimalText(price.totalPrice, currency);
      if (installmentPrice === null || totalPrice === null) return [];
      return [{ count: Number(price.installmentNumber), installmentPrice, totalPrice }];
    });
    return { cardFamily: detail.cardFamilyName ?? null, bank: detail.bankName ?? null, options };
  },
};
