import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { subscribeStockAlertAction, unsubscribeStockAlertAction } from "@/app/actions/stock-alerts";
import { POST as subscribeRoute } from "@/app/api/products/[slug]/stock-alerts/route";
import type { Database } from "@/db/client";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { clockAt, releaseExpiredBatch } from "@/lib/inventory/reservations";
import { setStock } from "@/lib/inventory/staff";
import { mailboxTransport } from "@/lib/notifications/transport";
import { refundOrder } from "@/lib/orders/refunds";
import { transitionOrder } from "@/lib/orders/staff";
import { PRIVACY_SECTIONS } from "@/lib/privacy/sections";
import { sendStockAlertJob } from "@/lib/stock-alerts/email";
import { stockAlertListQuerySchema } from "@/lib/stock-alerts/schemas";
import { listSubscribersPerSku, subscribe, unsubscribe } from "@/lib/stock-alerts/service";
import { unsubscribePath, verifyUnsubscribe } from "@/lib/stock-alerts/token";
import { form } from "./action-support";
import { call, makeUser, offlineOrder, paidCardOrder, type TestUser } from "./admin-support";
import { cartWith, extraPool, oneSku, q, startFakeStripeEnv, tag, uniqueEmail } from "./checkout-support";

// Back-in-stock alerts: the route's answers, and the one email per subscriber queued in the transaction
// that brings a sold-out variant back, whatever the path (the inventory trigger of migration stock_alerts).

const session = vi.hoisted(() => ({ user: null as { id: string; email: string } | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next-intl/server", async () => (await import("./action-support")).nextIntlServer);
vi.mock("next/cache", async () => (await import("./action-support")).nextCache);
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "10.77.0.1", "next-action": "x" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }),
}));

const fake = await startFakeStripeEnv();
const pool = extraPool(12);
const staff = { actor: "Elif Demir", locale: "tr" as const };
let shopper: TestUser;

beforeAll(async () => {
  await pool.db.execute(sql`select 1`);
  shopper = await makeUser(getDb(), "customer", "Ayşe Yılmaz");
});

afterAll(async () => {
  await pool.client.end({ timeout: 5 });
  await fake.close();
});

async function slugOf(db: Database, productId: number) {
  const [row] = await q<{ slug: string }>(db, sql`select slug from products where id = ${productId}`);
  return row?.slug ?? "";
}

/** The subscribers of a variant with how many alert jobs each has (and whether it is marked notified). */
async function alertsOf(db: Database, variantId: number) {
  return q<{ email: string; jobs: number; notified: boolean }>(
    db,
    sql`select a.email, (select count(*)::int from graphile_worker.jobs j
          where j.task_identifier = 'send_stock_alert' and j.key = 'stock_alert:' || a.id) as jobs,
        a.notified_at is not null as notified
      from stock_alerts a where a.variant_id = ${variantId} order by a.email`,
  );
}

/** A sold-out SKU (none on hand) with two guests waiting for it. */
async function soldOutWithSubscribers(prefix: string, stock = 0) {
  const db = getDb();
  const item = await oneSku(db, prefix, stock);
  const slug = await slugOf(db, item.productId);
  const emails = [uniqueEmail("a"), uniqueEmail("b")].sort();
  for (const email of emails) await subscribe(db, slug, item.sku, { email, locale: "tr" });
  return { item, slug, emails };
}

const oneEach = (emails: string[]) => emails.map((email) => ({ email, jobs: 1, notified: true }));
const none = (emails: string[]) => emails.map((email) => ({ email, jobs: 0, notified: false }));

describe("POST /api/products/{slug}/stock-alerts", () => {
  const post = (slug: string, body: unknown) =>
    call(subscribeRoute, `/api/products/${slug}/stock-alerts`, {
      method: "POST",
      params: { slug },
      body,
      headers: {
        "x-forwarded-for": `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      },
    });

  it("201 for a guest on a sold-out variant; twice is still one subscription", async () => {
    session.user = null;
    const item = await oneSku(getDb(), "SAR", 0);
    const slug = await slugOf(getDb(), item.productId);
    const email = uniqueEmail("guest");
    expect((await post(slug, { sku: item.sku.toLowerCase(), email: email.toUpperCase() })).status).toBe(201);
    expect((await post(slug, { sku: item.sku, email })).status).toBe(201);
    expect(await alertsOf(getDb(), item.id)).toEqual(none([email]));
  });

  it("signed in: the account's email, none needed", async () => {
    session.user = { id: shopper.id, email: shopper.email };
    const item = await oneSku(getDb(), "SAU", 0);
    const answer = await post(await slugOf(getDb(), item.productId), { sku: item.sku });
    session.user = null;
    expect(answer.status).toBe(201);
    expect(await alertsOf(getDb(), item.id)).toEqual(none([shopper.email.toLowerCase()]));
  });

  it("400 without an email for a guest, with a bad email or SKU", async () => {
    session.user = null;
    const item = await oneSku(getDb(), "SAV", 0);
    const slug = await slugOf(getDb(), item.productId);
    const missing = await post(slug, { sku: item.sku });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.code).toBe("VALIDATION_FAILED");
    expect(missing.body.error?.details.fields).toEqual({ email: "Bu alan zorunludur." });
    const bad = await post(slug, { sku: item.sku, email: "not-an-email" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error?.details.fields as object)).toEqual(["email"]);
    expect((await post(slug, { email: uniqueEmail("x") })).status).toBe(400);
  });

  it("404 for an unknown product, an unknown SKU or a SKU of another product", async () => {
    session.user = null;
    const item = await oneSku(getDb(), "SAW", 0);
    const other = await oneSku(getDb(), "SAX", 0);
    const slug = await slugOf(getDb(), item.productId);
    const email = uniqueEmail("g");
    const unknownProduct = await post(`no-such-${tag()}`, { sku: item.sku, email });
    expect([unknownProduct.status, unknownProduct.body.error?.code]).toEqual([404, "PRODUCT_NOT_FOUND"]);
    expect((await post(slug, { sku: `NOPE-${tag()}`, email })).status).toBe(404);
    expect((await post(slug, { sku: other.sku, email })).status).toBe(404);
  });

  it("409 IN_STOCK when the variant has stock available", async () => {
    session.user = null;
    const item = await oneSku(getDb(), "SAY", 2);
    const answer = await post(await slugOf(getDb(), item.productId), {
      sku: item.sku,
      email: uniqueEmail("g"),
    });
    expect([answer.status, answer.body.error?.code]).toEqual([409, "IN_STOCK"]);
    expect(answer.body.error?.message).toContain("stokta");
    expect(await alertsOf(getDb(), item.id)).toEqual([]);
  });
});

describe("the alert email is queued once per subscriber when stock comes back", () => {
  it("staff restock; further restocks and a second zero-to-zero change queue nothing more", async () => {
    const db = getDb();
    const { item, emails } = await soldOutWithSubscribers("SAS");
    await setStock(db, item.sku, { onHand: 0, reason: "sayım" }, staff);
    expect(await alertsOf(db, item.id)).toEqual(none(emails));
    await setStock(db, item.sku, { onHand: 3, reason: "teslimat" }, staff);
    expect(await alertsOf(db, item.id)).toEqual(oneEach(emails));
    await setStock(db, item.sku, { onHand: 0 }, staff);
    await setStock(db, item.sku, { onHand: 5 }, staff);
    expect(await alertsOf(db, item.id)).toEqual(oneEach(emails));
  });

  it("not when the stock was already above zero", async () => {
    const db = getDb();
    const item = await oneSku(db, "SAA", 2);
    const email = uniqueEmail("early");
    // A subscription can only be made while sold out; this one is written as if made just before a restock.
    await db.execute(
      sql`insert into stock_alerts (variant_id, email, locale) values (${item.id}, ${email}, 'tr')`,
    );
    await setStock(db, item.sku, { onHand: 6 }, staff);
    expect(await alertsOf(db, item.id)).toEqual(none([email]));
  });

  it("a cancelled order puts its units back", async () => {
    const db = getDb();
    const order = await offlineOrder(db, "SAC", { stock: 2, qty: 2 });
    const slug = await slugOf(db, order.item.productId);
    const email = uniqueEmail("c");
    await subscribe(db, slug, order.item.sku, { email, locale: "en" });
    await transitionOrder(db, order.orderNo, { to: "cancelled", note: "müşteri vazgeçti" }, staff);
    expect(await alertsOf(db, order.item.id)).toEqual(oneEach([email]));
  });

  it("an expired cart reservation released", async () => {
    const db = getDb();
    const item = await oneSku(db, "SAE", 1);
    const placedAt = new Date(Date.now() - 24 * 3_600_000);
    await cartWith(db, [[item.sku, 1]], placedAt);
    const slug = await slugOf(db, item.productId);
    const email = uniqueEmail("e");
    await subscribe(db, slug, item.sku, { email, locale: "tr" });
    await releaseExpiredBatch(db, clockAt(new Date(), env().RESERVATION_TTL_MINUTES));
    expect(await alertsOf(db, item.id)).toEqual(oneEach([email]));
  });

  it("a refund that restocks returned units", async () => {
    const db = getDb();
    const order = await paidCardOrder(db, fake, "SAR", { stock: 2, qty: 2 });
    const email = uniqueEmail("r");
    await subscribe(db, await slugOf(db, order.item.productId), order.item.sku, { email, locale: "tr" });
    await refundOrder(
      db,
      order.orderNo,
      { items: [{ sku: order.item.sku, qty: 1, restock: true }], reason: "iade" },
      `key-${tag()}`,
      staff,
    );
    expect(await alertsOf(db, order.item.id)).toEqual(oneEach([email]));
  });

  it("concurrent restocks of the same SKU: still one email each", async () => {
    const { item, emails } = await soldOutWithSubscribers("SAK");
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => setStock(pool.db, item.sku, { onHand: i + 1 }, staff)),
    );
    expect(await alertsOf(getDb(), item.id)).toEqual(oneEach(emails));
  });

  it("subscribing again after the email starts a new subscription", async () => {
    const db = getDb();
    const { item, slug, emails } = await soldOutWithSubscribers("SAN");
    await setStock(db, item.sku, { onHand: 1 }, staff);
    await setStock(db, item.sku, { onHand: 0 }, staff);
    const [first] = emails;
    await subscribe(db, slug, item.sku, { email: first ?? "", locale: "tr" });
    expect((await alertsOf(db, item.id)).map((a) => a.notified)).toEqual([false, true]);
    await setStock(db, item.sku, { onHand: 2 }, staff);
    expect(await alertsOf(db, item.id)).toEqual(oneEach(emails));
  });
});

describe("the email and the unsubscribe link", () => {
  it("the job sends once, in the subscriber's language, with the product and a signed unsubscribe link", async () => {
    const db = getDb();
    const item = await oneSku(db, "SAM", 0);
    const email = uniqueEmail("m");
    await subscribe(db, await slugOf(db, item.productId), item.sku, { email, locale: "en" });
    await setStock(db, item.sku, { onHand: 4 }, staff);
    const [job] = await q<{ payload: { eventKey: string; alertId: number } }>(
      db,
      sql`select payload from graphile_worker._private_jobs j join stock_alerts a on j.key = 'stock_alert:' || a.id
        where a.variant_id = ${item.id}`,
    );
    const options = {
      transport: mailboxTransport(),
      site: { storeName: "Test", appUrl: "https://shop.test" },
    };
    await sendStockAlertJob(db, job?.payload, options);
    await sendStockAlertJob(db, job?.payload, options);
    const sent = await q<{ subject: string; html: string; text: string }>(
      db,
      sql`select subject, html, text from dev_emails where "to" = ${email}`,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toContain("is back in stock");
    const alertId = Number(job?.payload.alertId);
    expect(sent[0]?.text).toContain(`https://shop.test/products/`);
    expect(sent[0]?.text).toContain(`?sku=${item.sku}`);
    expect(sent[0]?.html).toContain(unsubscribePath(alertId, env().AUTH_SECRET).replace("&", "&amp;"));
  });

  it("only the signature of that subscription unsubscribes it", async () => {
    const db = getDb();
    const { item } = await soldOutWithSubscribers("SAU");
    const [a, b] = await q<{ id: number }>(
      db,
      sql`select id from stock_alerts where variant_id = ${item.id} order by id`,
    );
    const sigA =
      new URLSearchParams(unsubscribePath(Number(a?.id), env().AUTH_SECRET).split("?")[1]).get("sig") ?? "";
    expect(verifyUnsubscribe(Number(a?.id), sigA, env().AUTH_SECRET)).toBe(true);
    expect(verifyUnsubscribe(Number(b?.id), sigA, env().AUTH_SECRET)).toBe(false);
    expect(verifyUnsubscribe(Number(a?.id), sigA, "another secret of at least thirty-two chars")).toBe(false);
    expect(await unsubscribe(db, Number(a?.id))).toBe(true);
    expect(await unsubscribe(db, Number(a?.id))).toBe(false);
    expect(await alertsOf(db, item.id)).toHaveLength(1);
  });
});

describe("subscribers per SKU for staff", () => {
  it("counts the waiting and the notified of each SKU", async () => {
    const db = getDb();
    const { item } = await soldOutWithSubscribers("SAL");
    await setStock(db, item.sku, { onHand: 1 }, staff);
    await setStock(db, item.sku, { onHand: 0 }, staff);
    await subscribe(db, await slugOf(db, item.productId), item.sku, {
      email: uniqueEmail("c"),
      locale: "tr",
    });
    const query = stockAlertListQuerySchema.parse({ q: item.sku.toLowerCase() });
    const page = await listSubscribersPerSku(db, query, "tr");
    expect(page.total).toBe(1);
    expect(page.items.map(({ sku, waiting, notified }) => ({ sku, waiting, notified }))).toEqual([
      { sku: item.sku, waiting: 1, notified: 2 },
    ]);
  });
});

describe("personal data", () => {
  it("the KVKK export lists a guest's subscriptions and an erasure deletes them", async () => {
    const db = getDb();
    const { item, emails } = await soldOutWithSubscribers("SAP");
    const [email = "", other = ""] = emails;
    const section = PRIVACY_SECTIONS.find((s) => s.name === "stockAlerts");
    const subject = { email, userId: null, orderIds: [] };
    expect(await section?.collect(db, subject)).toEqual([
      expect.objectContaining({ sku: item.sku, email, notifiedAt: null }),
    ]);
    await db.transaction((tx) => section?.erase?.(tx, subject, "erased", new Date()) ?? Promise.resolve());
    expect((await alertsOf(db, item.id)).map((a) => a.email)).toEqual([other]);
  });
});

describe("the product page's form and the unsubscribe page's button (server actions)", () => {
  it("subscribes a guest, refuses a missing email in words, and unsubscribes only with the signature", async () => {
    session.user = null;
    const db = getDb();
    const item = await oneSku(db, "SAF", 0);
    const slug = await slugOf(db, item.productId);
    const missing = await subscribeStockAlertAction(
      { status: "idle" },
      form({ slug, sku: item.sku, email: "" }),
    );
    expect(missing).toMatchObject({ status: "error", fields: { email: "Bu alan zorunludur." } });
    const email = uniqueEmail("form");
    const done = await subscribeStockAlertAction({ status: "idle" }, form({ slug, sku: item.sku, email }));
    expect(done).toMatchObject({ status: "ok" });
    expect((done as { message: string }).message).toContain(item.sku);
    const [alert] = await q<{ id: number }>(
      db,
      sql`select id from stock_alerts where variant_id = ${item.id}`,
    );
    const id = String(alert?.id);
    const wrong = await unsubscribeStockAlertAction({ status: "idle" }, form({ id, sig: "forged" }));
    expect(wrong).toMatchObject({ status: "error" });
    const sig =
      new URLSearchParams(unsubscribePath(Number(id), env().AUTH_SECRET).split("?")[1]).get("sig") ?? "";
    expect(await unsubscribeStockAlertAction({ status: "idle" }, form({ id, sig }))).toMatchObject({
      status: "ok",
    });
    expect(await alertsOf(db, item.id)).toEqual([]);
  });
});
