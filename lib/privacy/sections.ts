import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows, type Transaction } from "@/db/client";
import { BUCKETS } from "@/lib/accounts/users";
import { deleteCart } from "@/lib/cart/service";
import { eraseReviewsOf } from "@/lib/reviews/service";
import { getStorage } from "@/lib/storage";

/**
 * The personal data the store holds, capability by capability (KVKK art. 11: access; art. 7: erasure).
 * Each entry is one section of the export and says what an erasure does to it. A capability that adds a
 * table holding personal data (returns, invoices, accepted contracts…) adds one entry to
 * PRIVACY_SECTIONS below: its `collect` puts the data in every export, its `erase` runs in every erasure's
 * transaction, its `expire` in the retention job's (lib/privacy/retention.ts); a record the law makes the
 * store keep simply has no `erase`.
 */

/** Whose data: the account (if any) and the orders in scope, worked out once by lib/privacy/service.ts. */
export interface Subject {
  /** Normalized. */
  email: string;
  userId: string | null;
  /** The account's orders, plus (for staff requests) guest orders placed with the email. */
  orderIds: string[];
}

export interface PrivacySection {
  /** The section's key in the export. */
  name: string;
  /** What the export shows: plain JSON. */
  collect(db: Executor, subject: Subject): Promise<unknown>;
  /** The erasure's work on this data; `placeholder` replaces the email wherever a record must stay. */
  erase?(tx: Transaction, subject: Subject, placeholder: string, now: Date): Promise<void>;
  /** Removes what is left of these orders' personal data once their retention period is over. */
  expire?(tx: Transaction, orderIds: string[], placeholder: string, now: Date): Promise<void>;
}

/** `<column> in (…ids)`, also for no ids (SQL has no empty list). */
export function idIn(column: SQL, ids: string[]): SQL {
  return ids.length ? sql`${column} in ${ids}` : sql`false`;
}

/** A device token shown without what would let anyone push to it: `ExponentPushToken[abcd…wxyz]`. */
export function maskToken(token: string): string {
  const inner = /^(.*\[)(.*)(\])$/.exec(token);
  const [head, body, tail] = inner ? [inner[1], inner[2] ?? "", inner[3]] : ["", token, ""];
  return body.length <= 8 ? `${head}…${tail}` : `${head}${body.slice(0, 4)}…${body.slice(-4)}${tail}`;
}

const account: PrivacySection = {
  name: "account",
  async collect(db, { userId }) {
    if (!userId) return null;
    const [row] = await rows(
      db,
      sql`select id, email, name, role, created_at as "createdAt", updated_at as "updatedAt"
        from users where id = ${userId}`,
    );
    return row ?? null;
  },
  // The row stays (its orders keep one owner), with nothing left that names or reaches the person, and
  // without a password: nobody can sign in to it, and its sessions find no user (lib/accounts/users.ts).
  async erase(tx, { userId }, placeholder, now) {
    if (!userId) return;
    await tx.execute(sql`update users set email = ${placeholder}, name = '', password_hash = null,
      erased_at = ${now.toISOString()}, updated_at = ${now.toISOString()} where id = ${userId}`);
  },
};

const notificationPreferences: PrivacySection = {
  name: "notificationPreferences",
  async collect(db, { userId }) {
    if (!userId) return null;
    const [row] = await rows(
      db,
      sql`select sms_opt_in as sms, push_opt_in as push from users where id = ${userId}`,
    );
    return row ?? null;
  },
  async erase(tx, { userId }) {
    if (userId)
      await tx.execute(sql`update users set sms_opt_in = false, push_opt_in = false where id = ${userId}`);
  },
};

const addresses: PrivacySection = {
  name: "addresses",
  collect: (db, { userId }) =>
    rows(
      db,
      sql`select name, line1, line2, district, city, postal_code as "postalCode", country, phone,
        is_default_shipping as "defaultShipping", is_default_billing as "defaultBilling", created_at as "createdAt"
        from addresses where user_id = ${userId} order by created_at`,
    ),
  async erase(tx, { userId }) {
    if (userId) await tx.execute(sql`delete from addresses where user_id = ${userId}`);
  },
};

const pushTokens: PrivacySection = {
  name: "pushTokens",
  async collect(db, { userId }) {
    const found = await rows<{ token: string; platform: string; createdAt: Date }>(
      db,
      sql`select token, platform, created_at as "createdAt" from push_tokens where user_id = ${userId}
        order by created_at`,
    );
    return found.map((row) => ({ ...row, token: maskToken(row.token) }));
  },
  async erase(tx, { userId }) {
    if (userId) await tx.execute(sql`delete from push_tokens where user_id = ${userId}`);
  },
};

/** The app's sign-ins (lib/app-tokens): when each began, was last refreshed and ended; never a token. */
const appSignIns: PrivacySection = {
  name: "appSignIns",
  async collect(db, { userId }) {
    if (!userId) return [];
    return rows(
      db,
      sql`select f.created_at as "createdAt", max(t.created_at) as "lastRefreshedAt", f.revoked_at as "revokedAt"
        from app_token_families f join app_refresh_tokens t on t.family_id = f.id
        where f.user_id = ${userId} group by f.id order by f.created_at`,
    );
  },
  async erase(tx, { userId }) {
    if (userId) await tx.execute(sql`delete from app_token_families where user_id = ${userId}`);
  },
};

const cart: PrivacySection = {
  name: "cart",
  async collect(db, { userId }) {
    const [head] = await rows<Record<string, unknown> & { id: string }>(
      db,
      sql`select id, currency, shipping_country as "shippingCountry", shipping_postal_code as "shippingPostalCode",
        shipping_method as "shippingMethod", gift_wrap as "giftWrap", created_at as "createdAt",
        last_activity_at as "lastActivityAt" from carts where user_id = ${userId}`,
    );
    if (!head) return null;
    const [items, coupons] = await Promise.all([
      rows(
        db,
        sql`select v.sku, ci.qty, ci.unit_price as "unitPrice", ci.created_at as "addedAt"
          from cart_items ci join variants v on v.id = ci.variant_id where ci.cart_id = ${head.id}
          order by ci.created_at`,
      ),
      rows<{ code: string }>(
        db,
        sql`select k.code from cart_coupons cc join coupons k on k.id = cc.coupon_id where cc.cart_id = ${head.id}`,
      ),
    ]);
    const { id: _id, ...rest } = head;
    return { ...rest, items, coupons: coupons.map((coupon) => coupon.code) };
  },
  // Through the cart's own code, so the stock it holds goes back to the shelf with a ledger row.
  async erase(tx, { userId }, _placeholder, now) {
    const [found] = await rows<{ id: string }>(tx, sql`select id from carts where user_id = ${userId}`);
    if (found) await deleteCart(tx, found.id, now);
  },
};

/** The shipping address as an erased order keeps it: the country alone (for the sales figures). */
const STRIPPED_ADDRESS = sql`jsonb_build_object('name', '', 'line1', '', 'line2', '', 'district', '', 'city', '',
  'postalCode', '', 'country', shipping_address->>'country', 'phone', '')`;

const orders: PrivacySection = {
  name: "orders",
  async collect(db, { orderIds }) {
    if (orderIds.length === 0) return [];
    const inOrders = (column: SQL) => idIn(column, orderIds);
    const [heads, items, events, payments, refunds, shipments] = await Promise.all([
      rows<{ id: string } & Record<string, unknown>>(
        db,
        sql`select id, order_no as "orderNo", email, locale, status, payment_method as "paymentMethod", currency,
          subtotal, discount, shipping, tax, fees, total, refunded, shipping_address as "shippingAddress",
          billing_address as "billingAddress", shipping_method as "shippingMethod", placed_at as "placedAt"
          from orders where ${inOrders(sql`id`)} order by placed_at`,
      ),
      rows<{ orderId: string }>(
        db,
        sql`select order_id as "orderId", sku, name, variant_name as "variantName", qty, unit_price as "unitPrice",
          line_total as "lineTotal", discount, tax from order_items where ${inOrders(sql`order_id`)} order by id`,
      ),
      rows<{ orderId: string }>(
        db,
        sql`select order_id as "orderId", type, to_status as "status", note, created_at as "at"
          from order_events where ${inOrders(sql`order_id`)} order by id`,
      ),
      rows<{ orderId: string }>(
        db,
        sql`select order_id as "orderId", provider, method, status, amount, paid_amount as "paidAmount", currency,
          installments, provider_data->>'lastFourDigits' as "cardLastFour", created_at as "createdAt"
          from payments where ${inOrders(sql`order_id`)} order by created_at`,
      ),
      rows<{ orderId: string }>(
        db,
        sql`select order_id as "orderId", amount, reason, created_at as "createdAt"
          from refunds where ${inOrders(sql`order_id`)} order by created_at`,
      ),
      rows<{ orderId: string }>(
        db,
        sql`select s.order_id as "orderId", s.carrier, s.tracking_no as "trackingNo", s.status, s.lines,
          s.shipped_at as "shippedAt", s.delivered_at as "deliveredAt",
          coalesce((select json_agg(json_build_object('at', e.at, 'status', e.status, 'location', e.location,
            'description', e.description) order by e.at) from shipment_events e where e.shipment_id = s.id), '[]')
            as events
          from shipments s where ${inOrders(sql`s.order_id`)} order by s.id`,
      ),
    ]);
    const of = <T extends { orderId: string }>(list: T[], id: string) =>
      list.filter((row) => row.orderId === id).map(({ orderId: _o, ...row }) => row);
    return heads.map(({ id, ...order }) => ({
      ...order,
      items: of(items, id),
      timeline: of(events, id),
      payments: of(payments, id),
      refunds: of(refunds, id),
      shipments: of(shipments, id),
    }));
  },
  /*
   * What an erased order keeps for the 10 years Turkish law requires of sales records (VUK art. 253 and
   * TTK art. 82): the billing name and address (the invoice's buyer), the items, prices, taxes, totals,
   * payments, refunds, shipments' carriers and tracking numbers, and the timeline. What goes: the email
   * (a placeholder), both phone numbers, the shipping address (but its country), the carrier label (the
   * recipient's name, address and phone), the provider's checkout session, and the stored checkout
   * answer (a copy of the order with the email).
   */
  async erase(tx, { orderIds }, placeholder, now) {
    if (orderIds.length === 0) return;
    const at = now.toISOString();
    await tx.execute(sql`update orders set email = ${placeholder}, shipping_address = ${STRIPPED_ADDRESS},
      billing_address = billing_address || '{"phone": ""}'::jsonb, erased_at = ${at}, updated_at = ${at}
      where ${idIn(sql`id`, orderIds)}`);
    await tx.execute(
      sql`update shipments set label = null, label_type = null where ${idIn(sql`order_id`, orderIds)}`,
    );
    await tx.execute(sql`update payments set session = null where ${idIn(sql`order_id`, orderIds)}`);
    await tx.execute(sql`delete from idempotency_keys where ${idIn(sql`order_id`, orderIds)}`);
  },
  // Ten years on: the billing name and address go too, and the owner; the figures stay for the statistics.
  async expire(tx, orderIds, placeholder, now) {
    const at = now.toISOString();
    await tx.execute(sql`update orders set email = ${placeholder}, user_id = null,
      shipping_address = ${STRIPPED_ADDRESS},
      billing_address = jsonb_build_object('name', '', 'line1', '', 'line2', '', 'district', '', 'city', '',
        'postalCode', '', 'country', billing_address->>'country', 'phone', ''),
      erased_at = coalesce(erased_at, ${at}), anonymised_at = ${at}, updated_at = ${at}
      where ${idIn(sql`id`, orderIds)}`);
    await tx.execute(
      sql`update shipments set label = null, label_type = null where ${idIn(sql`order_id`, orderIds)}`,
    );
    await tx.execute(sql`update payments set session = null, provider_data = null, failure_message = null
      where ${idIn(sql`order_id`, orderIds)}`);
    await tx.execute(sql`delete from idempotency_keys where ${idIn(sql`order_id`, orderIds)}`);
    await tx.execute(sql`update coupon_redemptions set email = ${placeholder}, user_id = null
      where ${idIn(sql`order_id`, orderIds)}`);
  },
};

const couponUses: PrivacySection = {
  name: "couponUses",
  collect: (db, { userId, email, orderIds }) =>
    rows(
      db,
      sql`select k.code, o.order_no as "orderNo", r.discount, r.created_at as "usedAt"
        from coupon_redemptions r join coupons k on k.id = r.coupon_id left join orders o on o.id = r.order_id
        where r.user_id = ${userId} or r.email = ${email} or ${idIn(sql`r.order_id`, orderIds)}
        order by r.created_at`,
    ),
  // The use itself stays with its order (the code's usage count); only the email goes.
  async erase(tx, { email, orderIds }, placeholder) {
    await tx.execute(sql`update coupon_redemptions set email = ${placeholder}
      where email = ${email} or ${idIn(sql`order_id`, orderIds)}`);
  },
};

const signInFailures: PrivacySection = {
  name: "signInFailures",
  collect: (db, { email }) =>
    rows(
      db,
      sql`select at from rate_limit_events where bucket = ${BUCKETS.signInEmail} and key = ${email} order by at`,
    ),
  async erase(tx, { email }) {
    await tx.execute(
      sql`delete from rate_limit_events where bucket = ${BUCKETS.signInEmail} and key = ${email}`,
    );
  },
};

/** Emails, SMS and pushes kept by the development mailbox (no provider configured) instead of sent. */
const storedMessages: PrivacySection = {
  name: "storedMessages",
  async collect(db, subject) {
    const recipients = await messageRecipients(db, subject);
    return rows(
      db,
      sql`select 'email' as channel, "to", subject as title, text as body, created_at as "createdAt"
        from dev_emails where "to" = ${subject.email}
        union all
        select channel, "to", title, body, created_at from dev_messages where ${idIn(sql`"to"`, recipients)}
        order by "createdAt"`,
    );
  },
  async erase(tx, subject) {
    const recipients = await messageRecipients(tx, subject);
    await tx.execute(sql`delete from dev_emails where "to" = ${subject.email}`);
    await tx.execute(sql`delete from dev_messages where ${idIn(sql`"to"`, recipients)}`);
  },
};

/**
 * The subject's order emails waiting in the job queue (or given up, kept for a retry): their payload holds
 * the address (only an email job's message has a `to`). graphile-worker's public view hides payloads.
 */
function queuedEmailJobs({ email, orderIds }: Subject): SQL {
  return sql`from graphile_worker._private_jobs where payload #>> '{message,to}' = ${email}
    and payload #>> '{message,orderNo}' in (select order_no from orders where ${idIn(sql`id`, orderIds)})`;
}

const queuedEmails: PrivacySection = {
  name: "queuedEmails",
  collect: (db, subject) =>
    rows(
      db,
      sql`select payload #>> '{message,kind}' as kind, payload #>> '{message,orderNo}' as "orderNo", run_at as "runAt"
        ${queuedEmailJobs(subject)} order by run_at`,
    ),
  // Not sent any more: graphile-worker's complete_jobs removes them (one a worker is sending is left alone).
  async erase(tx, subject) {
    await tx.execute(sql`select 1 from graphile_worker.complete_jobs(array(select id ${queuedEmailJobs(subject)}
      and locked_at is null))`);
  },
};

/** The phones and devices the subject's SMS and pushes went to. */
async function messageRecipients(db: Executor, { userId, orderIds }: Subject): Promise<string[]> {
  const found = await rows<{ to: string }>(
    db,
    sql`select token as "to" from push_tokens where user_id = ${userId}
      union select phone from addresses where user_id = ${userId}
      union select shipping_address->>'phone' from orders where ${idIn(sql`id`, orderIds)}`,
  );
  return found.map((row) => row.to).filter(Boolean);
}

async function clearReturnRequests(tx: Transaction, orderIds: string[]): Promise<void> {
  await tx.execute(sql`update returns set note = null, iban = null where ${idIn(sql`order_id`, orderIds)}`);
}

/** Returns the subject asked for: their lines and reasons, and the IBAN given for a transfer. */
const returns: PrivacySection = {
  name: "returns",
  collect: (db, { orderIds }) =>
    rows(
      db,
      sql`select r.return_no as "returnNo", o.order_no as "orderNo", r.status, r.lines, r.note, r.iban,
          r.return_code as "returnCode", r.created_at as "createdAt", r.updated_at as "updatedAt"
        from returns r join orders o on o.id = r.order_id where ${idIn(sql`r.order_id`, orderIds)}
        order by r.created_at`,
    ),
  // The return stays with its order and refund (the refund keeps the IBAN a transfer was made to, as the
  // accounting record); the buyer's own words and the IBAN on the request go.
  erase: (tx, { orderIds }) => clearReturnRequests(tx, orderIds),
  expire: (tx, orderIds) => clearReturnRequests(tx, orderIds),
};

/**
 * The pre-information forms and distance sales contracts the subject accepted. They are kept unchanged (the
 * seller must be able to show what was agreed, and the table refuses changes), so there is no erase.
 */
const contracts: PrivacySection = {
  name: "contracts",
  collect: (db, { orderIds }) =>
    rows(
      db,
      sql`select o.order_no as "orderNo", c.accepted_at as "acceptedAt",
          c.pre_information_version as "preInformationVersion", c.contract_version as "contractVersion",
          c.pre_information as "preInformation", c.contract
        from order_contracts c join orders o on o.id = c.order_id where ${idIn(sql`c.order_id`, orderIds)}
        order by c.accepted_at`,
    ),
};

/** Invoices and credit notes issued to the subject: kept unchanged for the tax law's period, so no erase. */
const invoices: PrivacySection = {
  name: "invoices",
  collect: (db, { orderIds }) =>
    rows(
      db,
      sql`select i.number, i.kind, o.order_no as "orderNo", i.issued_at as "issuedAt", i.total,
          i.document -> 'buyer' as buyer
        from invoices i join orders o on o.id = i.order_id where ${idIn(sql`i.order_id`, orderIds)}
        order by i.issued_at, i.number`,
    ),
};

/**
 * Reviews the subject wrote: their own words and photos under their name, so an erasure removes them,
 * the photos' files included.
 */
const reviews: PrivacySection = {
  name: "reviews",
  collect: (db, { userId }) =>
    rows(
      db,
      sql`select p.slug as product, r.rating, r.title, r.body, r.status, r.created_at as "createdAt",
          array(select rp.url from review_photos rp where rp.review_id = r.id order by rp.position) as photos
        from reviews r join products p on p.id = r.product_id where r.user_id = ${userId}
        order by r.created_at`,
    ),
  async erase(tx, { userId }) {
    if (userId) await eraseReviewsOf(tx, getStorage(), userId);
  },
};

/** The account's wishlist: what the shopper saved, with the price when saved. */
const wishlist: PrivacySection = {
  name: "wishlist",
  collect: (db, { userId }) =>
    rows(
      db,
      sql`select v.sku, i.price_when_added as "priceWhenAdded", i.created_at as "addedAt"
        from wishlist_items i join wishlists w on w.id = i.wishlist_id join variants v on v.id = i.variant_id
        where w.user_id = ${userId} order by i.created_at`,
    ),
  async erase(tx, { userId }) {
    if (userId) await tx.execute(sql`delete from wishlists where user_id = ${userId}`);
  },
};

/** Every section, in the export's order. */
/** "Gelince haber ver" subscriptions, of the account or made with the email as a guest. */
const stockAlerts: PrivacySection = {
  name: "stockAlerts",
  collect: (db, { email, userId }) =>
    rows(
      db,
      sql`select v.sku, a.email, a.created_at as "createdAt", a.notified_at as "notifiedAt"
        from stock_alerts a join variants v on v.id = a.variant_id
        where a.email = ${email} or a.user_id = ${userId} order by a.created_at`,
    ),
  async erase(tx, { email, userId }) {
    await tx.execute(sql`delete from stock_alerts where email = ${email} or user_id = ${userId}`);
  },
};

export const PRIVACY_SECTIONS: PrivacySection[] = [
  account,
  notificationPreferences,
  addresses,
  pushTokens,
  appSignIns,
  cart,
  orders,
  couponUses,
  signInFailures,
  returns,
  contracts,
  invoices,
  reviews,
  wishlist,
  storedMessages,
  queuedEmails,
  stockAlerts,
];
