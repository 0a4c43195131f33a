import { createHmac, timingSafeEqual } from "node:crypto";
import type { PaymentFailureReason } from "@/db/schema";
import { env } from "@/lib/env";
import { ProviderError } from "@/lib/errors";
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
 * PayTR's iFrame API (dev.paytr.com): a token for the order (signed `paytr_token`), PayTR's payment page
 * in an iframe, the result posted to the store (signed `hash`), the status inquiry to read a payment back,
 * refunds, and the BIN and installment-rate services. PayTR takes amounts ×100 (kuruş) and refunds as
 * dotted decimal text.
 */

const REQUEST_TIMEOUT_MS = 20_000;

function credentials() {
  const { PAYTR_MERCHANT_ID, PAYTR_MERCHANT_KEY, PAYTR_MERCHANT_SALT } = env();
  if (!PAYTR_MERCHANT_ID || !PAYTR_MERCHANT_KEY || !PAYTR_MERCHANT_SALT) {
    throw new Error("PAYTR_MERCHANT_ID, PAYTR_MERCHANT_KEY and PAYTR_MERCHANT_SALT are not set");
  }
  return { id: PAYTR_MERCHANT_ID, key: PAYTR_MERCHANT_KEY, salt: PAYTR_MERCHANT_SALT };
}

/** base64(HMAC-SHA256(merchant_key, message)): every PayTR token and hash. */
export function paytrHash(key: string, message: string): string {
  return createHmac("sha256", key).update(message).digest("base64");
}

/** PayTR's currency codes (it says TL for the lira). */
const paytrCurrency = (currency: string) => (currency === "TRY" ? "TL" : currency);
const storeCurrency = (currency: string) => (currency === "TL" ? "TRY" : currency);

/** merchant_oid: PayTR allows letters and digits only, so the order number loses its dashes. */
export const merchantOid = (orderNo: string, attempt: number) =>
  `${orderNo.replace(/[^A-Za-z0-9]/g, "")}P${attempt}`;

const base = () => env().PAYTR_BASE_URL.replace(/\/+$/, "");

async function post(path: string, fields: Record<string, string>): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(`${base()}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams(fields).toString(),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ProviderError("paytr", `${path} unreachable (${(error as Error).message})`);
  }
  const text = await response.text();
  try {
    const answer = JSON.parse(text) as Record<string, unknown>;
    if (answer && typeof answer === "object" && typeof answer.status === "string") return answer;
  } catch {
    // not JSON: reported below
  }
  throw new ProviderError("paytr", `${path} answered HTTP ${response.status} without a readable body`);
}

function refused(path: string, answer: Record<string, unknown>): ProviderError {
  const code = answer.err_no ?? null;
  const message = answer.err_msg ?? answer.reason ?? null;
  return new ProviderError("paytr", `${path} refused: ${code ?? ""} ${message ?? ""}`.trim(), {
    code: code === null ? null : String(code),
    message: message === null ? null : String(message),
  });
}

/** PayTR's failed_reason_code (step 2 of the iFrame API), as the reason the shopper is told. */
const REASONS: Record<string, PaymentFailureReason> = {
  "1": "three_ds_failed",
  "2": "three_ds_failed",
  "3": "fraud_suspected",
  "6": "cancelled",
  "8": "declined",
  "9": "declined",
  "10": "three_ds_failed",
  "11": "fraud_suspected",
};

/** Code 0 carries the bank's own words; the common ones are told apart by them. */
function bankReason(message: string): PaymentFailureReason {
  const text = message.toLocaleLowerCase("tr");
  if (text.includes("yetersiz") || text.includes("insufficient")) return "insufficient_funds";
  if (text.includes("süresi") || text.includes("expired")) return "expired_card";
  if (text.includes("cvv") || text.includes("cvc") || text.includes("kart numarası")) return "invalid_card";
  return "declined";
}

export function paytrFailure(code: string | null, message: string | null): PaymentFailure {
  const reason = code === "0" ? bankReason(message ?? "") : ((code ? REASONS[code] : undefined) ?? "other");
  return { reason, code, message };
}

/**
 * A notification's fields, verified: hash = base64(HMAC-SHA256(merchant_key, merchant_oid + merchant_salt +
 * status + total_amount)). Returns null when it does not match (or PayTR is not configured).
 */
export function verifyPaytrNotification(fields: Record<string, string>): boolean {
  const { PAYTR_MERCHANT_KEY, PAYTR_MERCHANT_SALT } = env();
  if (!PAYTR_MERCHANT_KEY || !PAYTR_MERCHANT_SALT) return false;
  const { merchant_oid = "", status = "", total_amount = "", hash = "" } = fields;
  const expected = paytrHash(PAYTR_MERCHANT_KEY, merchant_oid + PAYTR_MERCHANT_SALT + status + total_amount);
  const given = Buffer.from(hash);
  return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected));
}

/**
 * A verified notification as the payment's state. Only total_amount is covered by the hash, and it includes
 * installment interest: the goods amount is payment_amount, which must not exceed it.
 */
export function paytrNotificationState(fields: Record<string, string>): ProviderPaymentState {
  if (fields.status !== "success") {
    return {
      status: "failed",
      failure: paytrFailure(fields.failed_reason_code ?? null, fields.failed_reason_msg ?? null),
    };
  }
  const paidAmount = /^\d+$/.test(fields.total_amount ?? "") ? Number(fields.total_amount) : Number.NaN;
  const asked = /^\d+$/.test(fields.payment_amount ?? "") ? Number(fields.payment_amount) : paidAmount;
  // The iFrame notification does not say how many installments were taken: the status inquiry does.
  return {
    status: "succeeded",
    amount: Math.min(asked, paidAmount),
    paidAmount,
    currency: storeCurrency(fields.currency || "TL"),
  };
}

/**
 * user_basket: `[name, unit price, quantity]` per line at what the shopper pays after discounts (a line
 * whose discount does not split evenly over its units is one entry for all of them), then shipping, fees
 * and, when prices exclude it, KDV; it adds up to payment_amount.
 */
export function paytrBasket(order: OrderForPayment): [string, string, number][] {
  const money = (amount: number) => toDecimalText(amount, order.currency);
  const lines = order.items.map((item): [string, string, number] => {
    const name = `${item.name} · ${item.variantName}`;
    const paid = item.lineTotal - item.discount;
    return paid % item.qty === 0
      ? [name, money(paid / item.qty), item.qty]
      : [`${name} × ${item.qty}`, money(paid), 1];
  });
  const extras: [string, number][] = [
    ["Kargo", order.shipping],
    ["Hizmet bedeli", order.fees],
    ["KDV", order.taxIncluded ? 0 : order.tax],
  ];
  return [
    ...lines,
    ...extras
      .filter(([, amount]) => amount > 0)
      .map(([name, amount]): [string, string, number] => [name, money(amount), 1]),
  ];
}

export const paytrProvider: PaymentProvider = {
  name: "paytr",

  configured: CONFIGURED.paytr,

  async start({ attempt, order, buyerIp, installments, windowMinutes }) {
    const { id, key, salt } = credentials();
    const oid = merchantOid(order.orderNo, attempt);
    const basket = Buffer.from(JSON.stringify(paytrBasket(order))).toString("base64");
    const max = installments.chosen ?? installments.max;
    const noInstallment = max <= 1 ? "1" : "0";
    const maxInstallment = max <= 1 ? "0" : String(max);
    const currency = paytrCurrency(order.currency);
    const testMode = env().PAYTR_TEST_MODE;
    const amount = String(order.total);
    const returnUrl = `${env().APP_URL.replace(/\/+$/, "")}/orders/${order.orderNo}?payment=return`;
    const fields = {
      merchant_id: id,
      user_ip: buyerIp,
      merchant_oid: oid,
      email: order.email,
      payment_amount: amount,
      paytr_token: paytrHash(
        key,
        id +
          buyerIp +
          oid +
          order.email +
          amount +
          basket +
          noInstallment +
          maxInstallment +
          currency +
          testMode +
          salt,
      ),
      user_basket: basket,
      debug_on: "0",
      no_installment: noInstallment,
      max_installment: maxInstallment,
      user_name: order.billingAddress.name.slice(0, 60),
      user_address: [order.billingAddress.line1, order.billingAddress.district, order.billingAddress.city]
        .filter(Boolean)
        .join(", ")
        .slice(0, 400),
      user_phone: order.billingAddress.phone.replace(/[^\d]/g, "").slice(-20),
      merchant_ok_url: returnUrl,
      merchant_fail_url: returnUrl,
      timeout_limit: String(windowMinutes),
      currency,
      test_mode: testMode,
      lang: order.locale,
    };
    const answer = await post("/odeme/api/get-token", fields);
    if (answer.status !== "success" || typeof answer.token !== "string") {
      throw refused("/odeme/api/get-token", answer);
    }
    return {
      providerPaymentId: oid,
      session: {
        provider: "paytr",
        iframeToken: answer.token,
        iframeUrl: `${base()}/odeme/guvenli/${encodeURIComponent(answer.token)}`,
      },
    };
  },

  /** The status inquiry knows paid orders only; anything else is still open (a notification settles it). */
  async read(payment): Promise<ProviderPaymentState> {
    const answer = await inquire(payment);
    if (answer.status !== "success") return { status: "pending" };
    const currency = storeCurrency(String(answer.currency ?? "TL"));
    const amount = fromDecimalText(answer.payment_amount, currency);
    const paidAmount = fromDecimalText(answer.payment_total, currency);
    if (amount === null || paidAmount === null) {
      throw new ProviderError(
        "paytr",
        `unreadable amounts ${answer.payment_amount} / ${answer.payment_total}`,
      );
    }
    return {
      status: "succeeded",
      amount,
      paidAmount,
      currency,
      installments: Number(answer.taksit) || 1,
      data: { cardBrand: answer.kart_marka ?? null, maskedPan: answer.masked_pan ?? null },
    };
  },

  /**
   * reference_no is the refund's own id, so a refund whose answer was lost is found in the status
   * inquiry's list of returns instead of being sent twice.
   */
  async refund(payment, refund) {
    const { id, key, salt } = credentials();
    const oid = payment.providerPaymentId ?? merchantOid(payment.orderNo, payment.attempt);
    const reference = refund.id.replace(/[^A-Za-z0-9]/g, "").slice(0, 64);
    // Without PayTR's list of returns the refund is not sent blind: it stays recorded and is retried later.
    const earlier = await inquire(payment);
    if (earlier.status !== "success") throw refused("/odeme/durum-sorgu", earlier);
    const returns = Array.isArray(earlier.returns) ? (earlier.returns as Record<string, unknown>[]) : [];
    if (returns.some((made) => made.reference_no === reference)) return `paytr-${oid}-${reference}`;
    const amount = toDecimalText(refund.amount, payment.currency);
    const answer = await post("/odeme/iade", {
      merchant_id: id,
      merchant_oid: oid,
      return_amount: amount,
      paytr_token: paytrHash(key, id + oid + amount + salt),
      reference_no: reference,
    });
    if (answer.status !== "success") throw refused("/odeme/iade", answer);
    return `paytr-${oid}-${reference}`;
  },

  /** An unused iframe token expires by itself (timeout_limit). */
  async abandon() {},

  /** The card's brand (BIN service) and the store's installment rates for that brand. */
  async installments({ bin, amount }) {
    const { id, key, salt } = credentials();
    const card = await post("/odeme/api/bin-detail", {
      merchant_id: id,
      bin_number: bin.slice(0, 6),
      paytr_token: paytrHash(key, bin.slice(0, 6) + id + salt),
    });
    if (card.status !== "success") return null;
    const requestId = `${Date.now()}`;
    const rates = await post("/odeme/taksit-oranlari", {
      merchant_id: id,
      request_id: requestId,
      paytr_token: paytrHash(key, id + requestId + salt),
    });
    const brand = String(card.brand ?? "").toLowerCase();
    const table = (rates.oranlar as Record<string, Record<string, unknown>> | undefined)?.[brand];
    const single = { count: 1, installmentPrice: amount, totalPrice: amount };
    const options = [single];
    if (rates.status === "success" && table && card.cardType === "credit") {
      for (let count = 2; count <= 12; count++) {
        // Rates are percentages with up to two decimals: read as basis points, never as floats.
        const basisPoints = fromDecimalText(table[`taksit_${count}`], "TRY");
        if (basisPoints === null || basisPoints <= 0) continue;
        const totalPrice = amount + Math.round((amount * basisPoints) / 10_000);
        options.push({ count, installmentPrice: Math.round(totalPrice / count), totalPrice });
      }
    }
    return {
      cardFamily: card.brand ? String(card.brand) : null,
      bank: card.bank ? String(card.bank) : null,
      options,
    };
  },
};

async function inquire(payment: StoredPayment): Promise<Record<string, unknown>> {
  const { id, key, salt } = credentials();
  const oid = payment.providerPaymentId ?? merchantOid(payment.orderNo, payment.attempt);
  return post("/odeme/durum-sorgu", {
    merchant_id: id,
    merchant_oid: oid,
    paytr_token: paytrHash(key, id + oid + salt),
  });
}
