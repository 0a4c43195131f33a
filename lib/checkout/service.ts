import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { rows } from "@/db/client";
import type { AddressSnapshot, OrderStatus, PaymentMethod } from "@/db/schema";
import { cartCouponRecords, type PricedCart, priceLines, recheckCoupons } from "@/lib/cart/pricing";
import { readCart } from "@/lib/cart/service";
import { priceableLines } from "@/lib/cart/view";
import { requestHash, withIdempotency } from "@/lib/checkout/idempotency";
import type { CouponRecord } from "@/lib/coupons/rules";
import { retryOnConflict } from "@/lib/db-retry";
import { env } from "@/lib/env";
import { AppError, fieldCode } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locale";
import { translator } from "@/lib/i18n/translate";
import {
  type Clock,
  clockAt,
  commitOrderStock,
  holdAgainForOrder,
  holdForOrder,
  releaseExpiredForVariant,
  releaseOrderStock,
  setLineReservation,
  setLineReservations,
} from "@/lib/inventory/reservations";
import { acceptContract } from "@/lib/legal/contracts";
import { log } from "@/lib/log";
import { formatMoney } from "@/lib/money";
import { enqueueEmail } from "@/lib/notifications/emails";
import { type AmountColumns, logEvent, orderAmounts, transition } from "@/lib/orders/service";
import { abandonOpenAttempts } from "@/lib/payments/apply";
import type { PaymentProvider, PaymentSession } from "@/lib/payments/provider";
import { cardProvider, paymentSettings, providerNamed } from "@/lib/payments/settings";
import { openPaymentSession } from "@/lib/payments/start";
import type { Totals } from "@/lib/pricing/engine";
import { emitOrderEvent } from "@/lib/webhooks/orders";
import type { CheckoutInput } from "./schemas";

export interface CheckoutResult {
  order: { orderNo: string; status: OrderStatus; totals: Totals };
  payment:
    | PaymentSession
    | { provider: "manual"; method: "cash_on_delivery" | "bank_transfer"; instructions: string };
}

function totalsOf(priced: PricedCart): Totals {
  const { subtotal, discount, shipping, tax, fees, total, taxIncluded } = priced.result;
  return { subtotal, discount, shipping, tax, fees, total, taxIncluded };
}

function orderNumber(sequence: number, now: Date): string {
  return `SF-${now.getUTCFullYear()}-${String(sequence).padStart(6, "0")}`;
}

/** Payment instructions shown (and emailed) to offline buyers, in the order's language. */
export function paymentInstructions(
  method: "cash_on_delivery" | "bank_transfer",
  order: { orderNo: string; total: number; currency: string },
  locale: Locale,
): string {
  const t = translator(locale, "checkout");
  const total = formatMoney(order.total, order.currency, locale);
  return method === "bank_transfer"
    ? t("bankTransferInstructions", {
        total,
        bank: env().STORE_BANK_NAME,
        iban: env().STORE_IBAN,
        reference: order.orderNo,
      })
    : t("cashOnDeliveryInstructions", { total });
}

/** Takes every line's stock for the order, or throws OUT_OF_STOCK listing the short lines. */
async function secureStock(
  tx: Transaction,
  cartId: string,
  lines: Awaited<ReturnType<typeof readCart>>["lines"],
  time: Clock,
) {
  const short: { sku: string; requested: number; available: number }[] = [];
  // Every active line at once (two statements); the inventory rows are locked ascending by variant id,
  // the store's lock order, so two checkouts of the same SKUs cannot deadlock.
  const held = await setLineReservations(
    tx,
    cartId,
    lines.filter((line) => line.active),
    time,
  );
  // The short lines one by one, ascending: lapsed holds given back first, then one more try.
  for (const line of [...lines].sort((a, b) => a.variantId - b.variantId)) {
    if (held.has(line.variantId)) continue;
    if (!line.active) {
      short.push({ sku: line.sku, requested: line.qty, available: 0 });
      continue;
    }
    const target = { cartId, variantId: line.variantId, qty: line.qty };
    if (
      (await releaseExpiredForVariant(tx, line.variantId, time)) > 0 &&
      (await setLineReservation(tx, target, time))
    ) {
      continue;
    }
    const [stock] = await rows<{ free: number; held: number }>(
      tx,
      sql`select i.on_hand - i.reserved as free, coalesce((select qty from reservations r where r.cart_id = ${cartId}
        and r.variant_id = i.variant_id and r.status = 'active'), 0) as held
        from inventory i where i.variant_id = ${line.variantId}`,
    );
    short.push({ sku: line.sku, requested: line.qty, available: (stock?.free ?? 0) + (stock?.held ?? 0) });
  }
  if (short.length > 0) throw new AppError("OUT_OF_STOCK", { items: short });
}

/** Counts each code's use atomically (`used < usage_limit`) and records it for the per-customer limit. */
async function claimCoupons(
  tx: Transaction,
  coupons: CouponRecord[],
  priced: PricedCart,
  order: { id: string; userId: string | null; email: string },
) {
  for (const coupon of coupons) {
    const claimed = await rows<{ id: number }>(
      tx,
      sql`update coupons set used_count = used_count + 1, updated_at = now()
        where id = ${coupon.id} and (usage_limit is null or used_count < usage_limit) returning id`,
    );
    if (claimed.length === 0) throw new AppError("COUPON_USAGE_LIMIT", { code: coupon.code });
    if (coupon.perCustomerLimit !== null) {
      // One customer's concurrent checkouts queue here, so the count below cannot be raced.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`coupon:${coupon.id}:${order.email}`}))`);
      const [used] = await rows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from coupon_redemptions where coupon_id = ${coupon.id}
          and (email = ${order.email} or (${order.userId}::text is not null and user_id = ${order.userId}))`,
      );
      if ((used?.n ?? 0) >= coupon.perCustomerLimit) {
        throw new AppError("COUPON_PER_CUSTOMER_LIMIT", {
          code: coupon.code,
          limit: coupon.perCustomerLimit,
        });
      }
    }
    const discount = priced.result.coupons.find((c) => c.code === coupon.code)?.discount ?? 0;
    await tx.execute(sql`insert into coupon_redemptions (coupon_id, order_id, user_id, email, discount)
      values (${coupon.id}, ${order.id}, ${order.userId}, ${order.email}, ${discount})`);
  }
}

const snapshotAddress = (address: CheckoutInput["shippingAddress"]): AddressSnapshot => ({ ...address });

/**
 * Places an order from the cart in ONE transaction: the cart is locked, every line's stock is held (or
 * the whole thing fails with OUT_OF_STOCK), prices, codes, shipping and KDV are recomputed from the
 * database (the client's total is only compared), code usage is claimed atomically, and the order is
 * written with its snapshot, a number from a sequence and the contract the shopper accepted (refused with
 * TERMS_NOT_ACCEPTED before anything happens when they did not). Offline orders take their stock at once; card
 * orders keep it held for the payment window and get their payment opened at the store's card provider
 * afterwards.
 */
export interface PlaceOrderInput {
  cartId: string;
  userId: string | null;
  checkout: CheckoutInput;
  locale: Locale;
  buyerIp?: string;
  /** The checkout's Idempotency-Key row, which gets the order in the order's own transaction. */
  idempotency?: { scope: string; key: string };
}

export async function placeOrder(
  db: Database,
  input: PlaceOrderInput,
  now = new Date(),
): Promise<CheckoutResult> {
  const { checkout, locale } = input;
  if (checkout.acceptedTerms !== true) {
    throw new AppError("TERMS_NOT_ACCEPTED", {
      fields: { acceptedTerms: fieldCode("errors.TERMS_NOT_ACCEPTED") },
    });
  }
  const provider = checkout.paymentMethod === "card" ? await cardProvider(db) : null;
  if (checkout.paymentMethod === "card") {
    if (!provider) throw new AppError("PAYMENT_METHOD_UNAVAILABLE");
    await checkInstallments(db, provider, checkout.installments ?? null);
  }
  const windowMinutes = env().PAYMENT_WINDOW_MINUTES;
  const time = clockAt(now, env().RESERVATION_TTL_MINUTES);
  const dueAt = new Date(now.getTime() + windowMinutes * 60_000).toISOString();
  const orderId = `o_${randomBytes(16).toString("hex")}`;
  const offline = checkout.paymentMethod !== "card";

  const placed = await retryOnConflict(() =>
    db.transaction(async (tx) => {
      const [cart] = await rows<{ gift_wrap: boolean }>(
        tx,
        sql`select gift_wrap from carts where id = ${input.cartId} for update`,
      );
      const { lines } = cart ? await readCart(tx, input.cartId) : { lines: [] };
      if (!cart || lines.length === 0) throw new AppError("CART_EMPTY");
      await secureStock(tx, input.cartId, lines, time);

      const customer = { userId: input.userId, email: checkout.email };
      const priceable = priceableLines(lines);
      const { kept, dropped } = recheckCoupons(
        await cartCouponRecords(tx, input.cartId, customer),
        priceable,
        now,
      );
      const firstDropped = dropped[0];
      if (firstDropped) {
        throw new AppError(firstDropped.reason as "COUPON_INVALID", { code: firstDropped.code });
      }
      const priced = await priceLines(tx, {
        lines: priceable,
        coupons: kept,
        destination: {
          country: checkout.shippingAddress.country,
          postalCode: checkout.shippingAddress.postalCode,
        },
        shippingMethod: checkout.shippingMethod,
        paymentMethod: checkout.paymentMethod,
        giftWrap: cart.gift_wrap,
        locale,
      });
      if (priced.shippingProblem === "NO_SHIPPING_TO_ADDRESS") {
        throw new AppError("NO_SHIPPING_TO_ADDRESS", { country: checkout.shippingAddress.country });
      }
      if (!priced.shipping) {
        throw new AppError("VALIDATION_FAILED", {
          fields: { shippingMethod: "not offered for this address" },
          offered: priced.shippingOptions.map((o) => o.id),
        });
      }
      const totals = totalsOf(priced);
      if (checkout.expectedTotal !== undefined && checkout.expectedTotal !== totals.total) {
        throw new AppError("PRICE_CHANGED", { totals, expectedTotal: checkout.expectedTotal });
      }

      const [sequence] = await rows<{ n: string }>(tx, sql`select nextval('order_no_seq') as n`);
      const orderNo = orderNumber(Number(sequence?.n), now);
      const status: OrderStatus = offline ? "awaiting_confirmation" : "pending_payment";
      const pricing = {
        taxLines: priced.result.taxLines,
        feeLines: priced.fees,
        coupons: kept.map((c) => ({
          code: c.code,
          type: c.type,
          value: c.value,
          maxDiscount: c.maxDiscount,
          appliesToSkus: c.appliesToSkus,
          appliesToCategories: c.appliesToCategories,
          discount: priced.result.coupons.find((r) => r.code === c.code)?.discount ?? 0,
        })),
        shippingTax: priced.result.shippingTax,
        feesTax: priced.result.feesTax,
      };
      await tx.execute(sql`insert into orders (id, order_no, user_id, email, locale, status, payment_method, currency,
          subtotal, discount, shipping, tax, fees, total, tax_included, pricing, shipping_address, billing_address,
          shipping_method, invoice_buyer, payment_due_at, placed_at, updated_at)
        values (${orderId}, ${orderNo}, ${input.userId}, ${checkout.email}, ${locale}, ${status},
          ${checkout.paymentMethod}, ${env().STORE_CURRENCY}, ${totals.subtotal}, ${totals.discount}, ${totals.shipping},
          ${totals.tax}, ${totals.fees}, ${totals.total}, ${totals.taxIncluded}, ${JSON.stringify(pricing)}::jsonb,
          ${JSON.stringify(snapshotAddress(checkout.shippingAddress))}::jsonb,
          ${JSON.stringify(snapshotAddress(checkout.billingAddress ?? checkout.shippingAddress))}::jsonb,
          ${JSON.stringify(priced.shipping)}::jsonb, ${JSON.stringify(checkout.invoice ?? { type: "individual" })}::jsonb,
          ${offline ? null : dueAt}, ${time.now}, ${time.now})`);

      const byId = new Map(priced.result.lines.map((line) => [line.id, line]));
      const items = lines
        .filter((line) => line.active)
        .map((line) => {
          const p = byId.get(line.id);
          return sql`(${orderId}, ${line.variantId}, ${line.sku}, ${line.productSlug},
            ${locale === "en" ? line.productEn : line.productTr}, ${locale === "en" ? line.variantEn : line.variantTr},
            ${line.image}, ${line.qty}, ${line.price}, ${p?.gross ?? line.price * line.qty}, ${p?.discount ?? 0},
            ${p?.tax ?? 0}, ${p?.rateBp ?? 0})`;
        });
      await tx.execute(sql`insert into order_items (order_id, variant_id, sku, product_slug, name, variant_name, image,
        qty, unit_price, line_total, discount, tax, tax_rate_bp) values ${sql.join(items, sql`, `)}`);

      // What the buyer accepts is rendered from the snapshot just written, and kept with the order.
      await acceptContract(tx, orderId, now);
      await claimCoupons(tx, kept, priced, { id: orderId, userId: input.userId, email: checkout.email });
      await holdForOrder(
        tx,
        { cartId: input.cartId, orderId, expiresAt: offline ? time.expiresAt : dueAt },
        time,
      );
      if (offline) await commitOrderStock(tx, orderId, orderNo, time);
      await tx.execute(sql`
        with emptied as (delete from cart_items where cart_id = ${input.cartId}),
        uncouponed as (delete from cart_coupons where cart_id = ${input.cartId})
        update carts set gift_wrap = false, coupon_notices = '[]', last_activity_at = ${time.now}
        where id = ${input.cartId}`);
      await tx.execute(sql`insert into payments (order_id, attempt, provider, method, status, amount, currency)
        values (${orderId}, 1, ${provider?.name ?? "manual"}, ${checkout.paymentMethod},
          ${offline ? "pending" : "requires_payment"}, ${totals.total}, ${env().STORE_CURRENCY})`);
      await tx.execute(sql`insert into order_events (order_id, type, to_status, actor, created_at)
        values (${orderId}, 'placed', ${status}, 'customer', ${time.now})`);
      await emitOrderEvent(tx, "order.created", orderId);
      if (input.idempotency) {
        await tx.execute(sql`update idempotency_keys set order_id = ${orderId}
          where scope = ${input.idempotency.scope} and key = ${input.idempotency.key}`);
      }
      await enqueueEmail(tx, `order_received:${orderNo}`, {
        kind: "order_received",
        to: checkout.email,
        locale,
        orderNo,
      });
      return { orderNo, status, totals };
    }),
  );

  return openPayment(
    db,
    placed,
    {
      orderId,
      method: checkout.paymentMethod,
      currency: env().STORE_CURRENCY,
      attempt: 1,
      cartId: input.cartId,
      buyerIp: input.buyerIp,
      installments: checkout.installments,
      locale,
    },
    now,
  );
}

/**
 * `POST /api/checkout` and the checkout page: places the order once per Idempotency-Key (the same key
 * and body answer the same order, concurrent repeats wait, another body is 422). The order and its link
 * to the key commit together, so a retry after a crash at any point — before the order, after it, after
 * the payment was opened — gets that order: a request that finds its key already holding an order
 * resumes it (opens its payment if that had not happened) instead of placing another from an empty cart.
 */
export async function checkoutOnce(db: Database, input: PlaceOrderInput & { key: string }, now = new Date()) {
  const scope = "checkout";
  const response = await withIdempotency(
    db,
    scope,
    input.key,
    requestHash({ cartId: input.cartId, checkout: input.checkout }),
    async () => {
      const [earlier] = await rows<{ order_id: string | null }>(
        db,
        sql`select order_id from idempotency_keys where scope = ${scope} and key = ${input.key}`,
      );
      const body = earlier?.order_id
        ? await resumeOrder(db, earlier.order_id, input, now)
        : await placeOrder(db, { ...input, idempotency: { scope, key: input.key } }, now);
      return { status: 201, body };
    },
  );
  return { ...response, body: response.body as CheckoutResult };
}

/** The answer of a checkout whose order exists already (see checkoutOnce). */
async function resumeOrder(
  db: Database,
  orderId: string,
  input: PlaceOrderInput,
  now: Date,
): Promise<CheckoutResult> {
  const [order] = await rows<
    AmountColumns & {
      order_no: string;
      status: OrderStatus;
      payment_method: PaymentMethod;
      currency: string;
      abandoned: boolean;
      attempt: number;
      tax_included: boolean;
    }
  >(
    db,
    sql`select o.order_no, o.status, o.payment_method, o.currency, o.subtotal, o.discount, o.shipping, o.tax,
        o.fees, o.total, o.tax_included,
        exists (select 1 from order_events e where e.order_id = o.id and e.type = 'payment_provider_error') as abandoned,
        (select max(attempt) from payments p where p.order_id = o.id) as attempt
      from orders o where o.id = ${orderId}`,
  );
  if (!order) throw new Error(`order ${orderId} of an idempotency key is gone`);
  // The provider was unreachable and the order undone: the answer the first request gave.
  if (order.abandoned) throw new AppError("PAYMENT_PROVIDER_ERROR", { orderNo: order.order_no });
  const totals: Totals = { ...orderAmounts(order), taxIncluded: order.tax_included };
  const placed = { orderNo: order.order_no, status: order.status, totals };
  return openPayment(
    db,
    placed,
    {
      orderId,
      method: order.payment_method,
      currency: order.currency,
      attempt: order.attempt,
      cartId: input.cartId,
      buyerIp: input.buyerIp,
      installments: input.checkout.installments,
      locale: input.locale,
    },
    now,
  );
}

/**
 * What the shopper does next with a placed order: the offline instructions (cash on delivery, bank
 * transfer), or the card provider's payment session for this attempt.
 */
async function openPayment(
  db: Database,
  placed: CheckoutResult["order"],
  order: {
    orderId: string;
    method: PaymentMethod;
    currency: string;
    attempt: number;
    cartId: string;
    buyerIp?: string;
    installments?: number;
    locale: Locale;
  },
  now: Date,
): Promise<CheckoutResult> {
  if (order.method !== "card") {
    const instructions = paymentInstructions(
      order.method,
      { orderNo: placed.orderNo, total: placed.totals.total, currency: order.currency },
      order.locale,
    );
    return { order: placed, payment: { provider: "manual", method: order.method, instructions } };
  }
  const payment = await startPayment(
    db,
    {
      orderId: order.orderId,
      orderNo: placed.orderNo,
      attempt: order.attempt,
      restoreToCart: order.cartId,
      buyerIp: order.buyerIp ?? "",
      installments: order.installments ?? null,
    },
    now,
  );
  return { order: placed, payment };
}

/**
 * Installments need a provider that offers them and stay within the store's policy (staff set the
 * largest count in /admin/payments): 422 INSTALLMENTS_UNAVAILABLE otherwise.
 */
async function checkInstallments(db: Database, provider: PaymentProvider, chosen: number | null) {
  if (chosen === null || chosen === 1) return;
  const { maxInstallments } = await paymentSettings(db);
  if (provider.name === "stripe" || chosen > maxInstallments) {
    throw new AppError("INSTALLMENTS_UNAVAILABLE", { installments: chosen, max: maxInstallments });
  }
}

/**
 * Opens the attempt's payment at its provider (lib/payments/start.ts: once per attempt, stored before it
 * is returned). If the provider cannot be reached or refuses, the order is cancelled, its stock
 * released, its codes given back and the lines returned to the shopper's cart: nothing is left pending
 * without a payment, and the answer is 502 PAYMENT_PROVIDER_ERROR.
 */
async function startPayment(
  db: Database,
  input: {
    orderId: string;
    orderNo: string;
    attempt: number;
    restoreToCart?: string;
    buyerIp: string;
    installments: number | null;
  },
  now = new Date(),
): Promise<PaymentSession> {
  try {
    return await openPaymentSession(db, input, now);
  } catch (error) {
    log.error({ err: error }, `The payment of ${input.orderNo} could not be opened`);
    await abandonOrder(db, input.orderId, input.restoreToCart ?? null, now);
    throw new AppError("PAYMENT_PROVIDER_ERROR", { orderNo: input.orderNo });
  }
}

/** Undoes a card order the payment provider never accepted (see startPayment). */
async function abandonOrder(db: Database, orderId: string, cartId: string | null, now: Date) {
  const time = clockAt(now, env().RESERVATION_TTL_MINUTES);
  await db.transaction(async (tx) => {
    const [order] = await rows<{ order_no: string; user_id: string | null }>(
      tx,
      sql`select order_no, user_id from orders where id = ${orderId}`,
    );
    if (!order) return;
    const from = await transition(tx, orderId, "cancelled", {
      type: "payment_provider_error",
      actor: "system",
      note: "the payment provider could not be reached",
      at: time.now,
    });
    if (!from) return;
    await releaseOrderStock(tx, orderId, order.order_no, time);
    await tx.execute(sql`
      with given_back as (delete from coupon_redemptions where order_id = ${orderId} returning coupon_id)
      update coupons set used_count = used_count - 1 where id in (select coupon_id from given_back)`);
    await tx.execute(
      sql`update payments set status = 'failed', updated_at = ${time.now} where order_id = ${orderId}`,
    );
    if (cartId) {
      // The shopper keeps their cart: the lines come back (the cart view takes their stock again).
      await tx.execute(sql`insert into cart_items (cart_id, variant_id, qty, unit_price, created_at, updated_at)
        select ${cartId}, variant_id, qty, unit_price, ${time.now}, ${time.now} from order_items
        where order_id = ${orderId} and variant_id is not null
        on conflict (cart_id, variant_id) do nothing`);
      await logEvent(tx, orderId, { type: "cart_restored", actor: "system", at: time.now });
    }
  });
}

export type { PaymentMethod };

/**
 * A card payment failed and the window still runs: the shopper tries again from the order page, with the
 * store's card provider or another configured one. The stock is held again (all or nothing), the earlier
 * attempts are given up at their providers, and the new attempt gets its own payment.
 */
export async function retryPayment(
  db: Database,
  orderNo: string,
  now = new Date(),
  options: { buyerIp?: string; provider?: string; installments?: number } = {},
): Promise<PaymentSession> {
  const provider = options.provider ? providerNamed(options.provider) : await cardProvider(db);
  if (!provider?.configured()) throw new AppError("PAYMENT_METHOD_UNAVAILABLE");
  await checkInstallments(db, provider, options.installments ?? null);
  const time = clockAt(now, env().RESERVATION_TTL_MINUTES);
  const attempt = await db.transaction(async (tx) => {
    const [order] = await rows<{
      id: string;
      payment_due_at: string | Date;
      total: string;
      currency: string;
    }>(
      tx,
      sql`select id, payment_due_at, total, currency from orders where order_no = ${orderNo}
        and status = 'payment_failed' and payment_due_at > ${time.now} for update`,
    );
    if (!order) throw new AppError("INVALID_TRANSITION", { orderNo, reason: "nothing to retry" });
    const items = await rows<{ variant_id: number; qty: number }>(
      tx,
      sql`select variant_id, qty from order_items where order_id = ${order.id} and variant_id is not null`,
    );
    const held = await holdAgainForOrder(
      tx,
      {
        orderId: order.id,
        reference: orderNo,
        items: items.map((i) => ({ variantId: i.variant_id, qty: i.qty })),
        expiresAt: new Date(order.payment_due_at).toISOString(),
      },
      time,
    );
    if (!held) throw new AppError("OUT_OF_STOCK", { orderNo });
    const [next] = await rows<{ attempt: number; id: string }>(
      tx,
      sql`insert into payments (order_id, attempt, provider, method, status, amount, currency)
        select ${order.id}, max(attempt) + 1, ${provider.name}, 'card', 'requires_payment', ${order.total}, ${order.currency}
        from payments where order_id = ${order.id} returning attempt, id`,
    );
    await transition(tx, order.id, "pending_payment", {
      type: "payment_retry",
      actor: "customer",
      at: time.now,
    });
    if (!next) throw new Error(`no new payment attempt for ${orderNo}`);
    return { orderId: order.id, attempt: next.attempt, paymentId: next.id };
  });
  // The earlier attempts must not be charged as well (a late charge would be refunded, but better not).
  await abandonOpenAttempts(db, attempt.orderId, attempt.paymentId);
  return startPayment(
    db,
    {
      orderId: attempt.orderId,
      orderNo,
      attempt: attempt.attempt,
      buyerIp: options.buyerIp ?? "",
      installments: options.installments ?? null,
    },
    now,
  );
}
