import { readdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as moderateRoute } from "@/app/api/admin/reviews/[id]/route";
import { GET as adminListRoute } from "@/app/api/admin/reviews/route";
import { GET as listRoute, POST as reviewRoute } from "@/app/api/products/[slug]/reviews/route";
import { POST as helpfulRoute } from "@/app/api/reviews/[id]/helpful/route";
import { GET as mediaRoute } from "@/app/media/[...key]/route";
import type { Database } from "@/db/client";
import { getDb } from "@/lib/db";
import { transitionOrder } from "@/lib/orders/staff";
import { eraseSubject, exportPersonalData } from "@/lib/privacy/service";
import { productJsonLd } from "@/lib/reviews/json-ld";
import { createReview, productReviews, reviewableProducts } from "@/lib/reviews/service";
import { getStorage, type Storage } from "@/lib/storage";
import { MAX_IMAGE_BYTES } from "@/lib/storage/check";
import { png } from "../support/images";
import { BASE, call, makeUser, offlineOrder, type TestUser } from "./admin-support";
import { cartWith, checkoutInput, extraPool, place, q, uniqueEmail } from "./checkout-support";

// Reviews from verified buyers: who may write one (a received product only), once (the unique constraint
// under 10 concurrent submissions), what the public sees (approved only, the summary, the author's
// initials), one helpful vote per visitor, the staff's moderation and the product's JSON-LD; photos checked
// like product images, public only once approved, and erased with their author.

const storageDir = vi.hoisted(() => {
  // Photos of this file go to a folder of its own (read by lib/env.ts on first use).
  const dir = require("node:fs").mkdtempSync(
    require("node:path").join(require("node:os").tmpdir(), "store-review-photos-"),
  );
  process.env.STORAGE_DIR = dir;
  return dir as string;
});

const jar = vi.hoisted(() => new Map<string, string>());
const session = vi.hoisted(() => ({ user: null as { id: string; role: string } | null }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => jar.has(name),
    set: (name: string, value: string) => jar.set(name, value),
    delete: (name: string) => jar.delete(name),
  }),
  headers: async () => new Headers(),
}));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

const pool = extraPool(12);
let staff: TestUser;

beforeAll(async () => {
  await pool.db.execute(sql`select 1`);
  staff = await makeUser(getDb(), "staff", "Elif Demir");
});

afterAll(async () => {
  await pool.client.end({ timeout: 5 });
});

beforeEach(() => {
  jar.clear();
  session.user = null;
});

const context = { actor: "Elif Demir", locale: "tr" as const };

/** A customer's order of a fresh product, placed (not yet delivered); `deliver` takes it there. */
async function bought(db: Database, name = "Ayşe Yılmaz") {
  const order = await offlineOrder(db, "REV", { qty: 1 });
  const buyer = await makeUser(db, "customer", name);
  await db.execute(sql`update orders set user_id = ${buyer.id} where order_no = ${order.orderNo}`);
  const [product] = await q<{ slug: string }>(
    db,
    sql`select slug from products where id = ${order.item.productId}`,
  );
  return { order, buyer, slug: product?.slug ?? "" };
}

async function ship(db: Database, orderNo: string) {
  await transitionOrder(db, orderNo, { to: "processing" }, context);
  await transitionOrder(db, orderNo, { to: "shipped", carrier: "Aras Kargo", trackingNo: "AR1" }, context);
}

async function deliver(db: Database, orderNo: string) {
  await ship(db, orderNo);
  await transitionOrder(db, orderNo, { to: "delivered" }, context);
}

const review = { rating: 5, title: "Çok güzel", body: "Tam beklediğim gibi, hızlı geldi." };

function write(slug: string, as: TestUser | null, body: unknown = review) {
  session.user = as ? { id: as.id, role: as.role } : null;
  return call(reviewRoute, `/api/products/${slug}/reviews`, { method: "POST", params: { slug }, body });
}

function read(slug: string, query = "") {
  return call(listRoute, `/api/products/${slug}/reviews${query}`, { params: { slug } });
}

function moderate(id: number, body: unknown, as: TestUser | null = staff) {
  return call(moderateRoute, `/api/admin/reviews/${id}`, {
    method: "POST",
    params: { id: String(id) },
    body,
    as,
  });
}

async function reviewIds(db: Database, slug: string) {
  const found = await q<{ id: number }>(
    db,
    sql`select r.id from reviews r join products p on p.id = r.product_id where p.slug = ${slug} order by r.id`,
  );
  return found.map((row) => Number(row.id));
}

describe("writing a review", () => {
  it("only a buyer who received the product: 401 signed out, 403 not bought or not delivered, 201 delivered, 409 twice", async () => {
    const db = getDb();
    const { order, buyer, slug } = await bought(db);
    const stranger = await makeUser(db, "customer");

    expect((await write(slug, null)).status).toBe(401);
    const notBought = await write(slug, stranger);
    expect(notBought.status).toBe(403);
    expect(notBought.body.error?.code).toBe("NOT_A_VERIFIED_BUYER");
    expect(notBought.body.error?.message).toBe(
      "Yalnızca bu ürünü satın alıp teslim almış müşteriler değerlendirme yazabilir.",
    );
    expect((await write(slug, buyer)).body.error?.code).toBe("NOT_A_VERIFIED_BUYER");
    await ship(db, order.orderNo);
    expect((await write(slug, buyer)).body.error?.code).toBe("NOT_A_VERIFIED_BUYER");

    const orderId =
      (await q<{ id: string }>(db, sql`select id from orders where order_no = ${order.orderNo}`))[0]?.id ??
      "";
    expect(await reviewableProducts(db, orderId, buyer.id)).toEqual([]);
    await transitionOrder(db, order.orderNo, { to: "delivered" }, context);
    expect(await reviewableProducts(db, orderId, buyer.id)).toEqual([{ slug, name: expect.any(String) }]);
    expect(await reviewableProducts(db, orderId, stranger.id)).toEqual([]);
    const created = await write(slug, buyer);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ review: { status: "pending" } });

    const again = await write(slug, buyer, { rating: 1, title: "Yine", body: "İkinci kez" });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("ALREADY_REVIEWED");
    expect(await reviewIds(db, slug)).toHaveLength(1);
    // Reviewed: the order page no longer offers it.
    expect(await reviewableProducts(db, orderId, buyer.id)).toEqual([]);
  });

  it("a delivered parcel carrying the product's SKU is enough while the order itself is still shipped", async () => {
    const db = getDb();
    const { order, buyer, slug } = await bought(db);
    await ship(db, order.orderNo);
    await db.execute(sql`update shipments set status = 'delivered', delivered_at = now()
      where order_id = (select id from orders where order_no = ${order.orderNo})`);
    expect((await write(slug, buyer)).status).toBe(201);
  });

  it("400 with the fields for a bad review, 404 for an unknown product", async () => {
    const db = getDb();
    const { order, buyer, slug } = await bought(db);
    await deliver(db, order.orderNo);
    const bad = await write(slug, buyer, { rating: 6, title: "", body: "x".repeat(2001) });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe("VALIDATION_FAILED");
    expect(Object.keys(bad.body.error?.details?.fields ?? {}).sort()).toEqual(["body", "rating", "title"]);
    const unknown = await write("yok-boyle-bir-urun", buyer);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe("PRODUCT_NOT_FOUND");
    expect((await read("yok-boyle-bir-urun")).status).toBe(404);
  });

  it("10 concurrent reviews by one buyer leave one row; the others are 409", async () => {
    const db = getDb();
    const { order, buyer, slug } = await bought(db);
    await deliver(db, order.orderNo);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        createReview(pool.db, slug, buyer.id, { ...review, title: `Deneme ${i}` }).then(
          () => "created",
          (error: { code?: string }) => error.code ?? "error",
        ),
      ),
    );
    const counts: Record<string, number> = {};
    for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
    expect(counts).toEqual({ created: 1, ALREADY_REVIEWED: 9 });
    expect(await reviewIds(db, slug)).toHaveLength(1);
  });

  it("429 past 10 reviews an hour by one buyer", async () => {
    const db = getDb();
    const { order, buyer, slug } = await bought(db);
    await deliver(db, order.orderNo);
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push((await write(slug, buyer)).status);
    expect(answers).toEqual([201, ...Array(9).fill(409), 429]);
  });
});

/** Four delivered buyers' reviews of one product (5, 4, 4, 1 stars), the last one left pending. */
async function reviewedProduct(db: Database) {
  const first = await bought(db, "Ayşe Yılmaz");
  const slug = first.slug;
  const buyers = [first.buyer];
  await deliver(db, first.order.orderNo);
  for (const name of ["Mehmet Öz", "Zeynep Kaya Demir", "Can"]) {
    const cartId = await cartWith(db, [[first.order.item.sku, 1]]);
    const order = await place(
      db,
      cartId,
      checkoutInput(uniqueEmail("revx"), { paymentMethod: "cash_on_delivery" }),
    );
    const buyer = await makeUser(db, "customer", name);
    await db.execute(sql`update orders set user_id = ${buyer.id} where order_no = ${order.orderNo}`);
    await deliver(db, order.orderNo);
    buyers.push(buyer);
  }
  const ratings = [5, 4, 4, 1];
  for (const [i, buyer] of buyers.entries()) {
    expect((await write(slug, buyer, { ...review, rating: ratings[i], title: `Başlık ${i}` })).status).toBe(
      201,
    );
  }
  const ids = await reviewIds(db, slug);
  for (const id of ids.slice(0, 3)) expect((await moderate(id, { status: "approved" })).status).toBe(200);
  return { slug, ids };
}

describe("what the public sees", () => {
  it("approved reviews only, newest first, the summary of approved ones and the author as a first name and initial", async () => {
    const db = getDb();
    const { slug, ids } = await reviewedProduct(db);
    const answer = await read(slug);
    expect(answer.status).toBe(200);
    expect(answer.body.summary).toEqual({
      average: 4.3,
      count: 3,
      distribution: { "1": 0, "2": 0, "3": 0, "4": 2, "5": 1 },
    });
    const items = answer.body.items as { id: number; author: string; title: string; verified: boolean }[];
    expect(items.map((item) => item.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(items.map((item) => item.author)).toEqual(["Zeynep D.", "Mehmet Ö.", "Ayşe Y."]);
    expect(items.every((item) => item.verified)).toBe(true);
    expect(items[0]).toMatchObject({ rating: 4, title: "Başlık 2", body: review.body });
    expect(items[0]).not.toHaveProperty("reply");

    expect((await moderate(ids[0] ?? 0, { status: "rejected" })).status).toBe(200);
    const after = await read(slug);
    expect(after.body.summary).toMatchObject({ average: 4, count: 2 });
    expect((after.body.items as unknown[]).length).toBe(2);
  });

  it("helpful: one vote per visitor (cookie or account), most helpful first, 404 for pending or unknown", async () => {
    const db = getDb();
    const { slug, ids } = await reviewedProduct(db);
    const vote = (id: number) =>
      call(helpfulRoute, `/api/reviews/${id}/helpful`, { method: "POST", params: { id: String(id) } });
    session.user = null;
    const first = await vote(ids[0] ?? 0);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ helpful: 1 });
    expect((await vote(ids[0] ?? 0)).body).toEqual({ helpful: 1 });
    jar.clear();
    expect((await vote(ids[0] ?? 0)).body).toEqual({ helpful: 2 });
    session.user = { id: staff.id, role: "staff" };
    expect((await vote(ids[0] ?? 0)).body).toEqual({ helpful: 3 });
    expect((await vote(ids[0] ?? 0)).body).toEqual({ helpful: 3 });
    expect((await vote(ids[3] ?? 0)).status).toBe(404);
    expect((await vote(999_999_999)).status).toBe(404);

    const helpful = await read(slug, "?sort=helpful");
    expect((helpful.body.items as { id: number; helpful: number }[])[0]).toMatchObject({
      id: ids[0],
      helpful: 3,
    });
    expect((await read(slug, "?sort=best")).status).toBe(400);
  });
});

describe("moderation", () => {
  it("staff list by status, approve with the store's reply; 401, 403, 404, 400", async () => {
    const db = getDb();
    const { slug, ids } = await reviewedProduct(db);
    const pendingId = ids[3] ?? 0;
    const list = await call(adminListRoute, "/api/admin/reviews?status=pending&limit=100", { as: staff });
    expect(list.status).toBe(200);
    const pending = list.body.items as { id: number; status: string; product: { slug: string } }[];
    expect(pending.every((item) => item.status === "pending")).toBe(true);
    expect(pending.find((item) => item.id === pendingId)?.product.slug).toBe(slug);

    const customer = await makeUser(db, "customer");
    expect((await call(adminListRoute, "/api/admin/reviews", {})).status).toBe(401);
    expect((await call(adminListRoute, "/api/admin/reviews", { as: customer })).status).toBe(403);
    expect((await moderate(pendingId, { status: "approved" }, customer)).status).toBe(403);
    expect((await moderate(999_999_999, { status: "approved" })).status).toBe(404);
    expect((await moderate(pendingId, { status: "pending" })).status).toBe(400);

    const approved = await moderate(pendingId, {
      status: "approved",
      reply: "Geri bildiriminiz için teşekkürler.",
    });
    expect(approved.status).toBe(200);
    expect(approved.body.review).toMatchObject({ id: pendingId, status: "approved" });
    const shown = (await read(slug)).body.items as { id: number; reply?: string }[];
    expect(shown.find((item) => item.id === pendingId)?.reply).toBe("Geri bildiriminiz için teşekkürler.");
  });
});

describe("the product's JSON-LD", () => {
  it("carries AggregateRating and Review items of approved reviews, and none without them", async () => {
    const db = getDb();
    const { slug } = await reviewedProduct(db);
    const product = { slug, name: "Deneme", description: "Açıklama", images: [], brand: null, variants: [] };
    const reviews = await productReviews(db, slug, { sort: "newest", page: 1 });
    const ld = productJsonLd(product, reviews, "TRY", "https://magaza.example");
    expect(ld.aggregateRating).toEqual({
      "@type": "AggregateRating",
      ratingValue: 4.3,
      reviewCount: 3,
      bestRating: 5,
      worstRating: 1,
    });
    expect(ld.review).toHaveLength(3);
    expect(ld.review?.[0]).toMatchObject({
      "@type": "Review",
      author: { "@type": "Person", name: "Zeynep D." },
      reviewRating: { "@type": "Rating", ratingValue: 4, bestRating: 5 },
      name: "Başlık 2",
    });
    const none = productJsonLd(
      product,
      { summary: { average: 0, count: 0 }, items: [] },
      "TRY",
      "https://magaza.example",
    );
    expect(none).not.toHaveProperty("aggregateRating");
    expect(none).not.toHaveProperty("review");
  });
});

describe("photos", () => {
  /** A multipart review with these files as `photos`, each claiming to be a JPEG whatever it holds. */
  async function writeWithPhotos(slug: string, as: TestUser, photos: Buffer<ArrayBuffer>[], fields = review) {
    session.user = { id: as.id, role: as.role };
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
    for (const photo of photos) form.append("photos", new File([photo], "foto.jpg", { type: "image/jpeg" }));
    const request = new NextRequest(`${BASE}/api/products/${slug}/reviews`, { method: "POST", body: form });
    const response = await reviewRoute(request, { params: Promise.resolve({ slug }) });
    return {
      status: response.status,
      body: (await response.json()) as {
        error?: { code: string; details: { fields?: Record<string, string> } };
      },
    };
  }

  function media(url: string, as: TestUser | null) {
    session.user = as ? { id: as.id, role: as.role } : null;
    const key = url.replace("/media/", "");
    return mediaRoute(new NextRequest(`${BASE}${url}`), { params: Promise.resolve({ key: [key] }) });
  }

  const stored = () => readdirSync(storageDir).filter((name) => !name.startsWith("."));
  const photoRows = async (db: Database, slug: string) =>
    q<{ url: string; width: number; height: number }>(
      db,
      sql`select rp.url, rp.width, rp.height from review_photos rp join reviews r on r.id = rp.review_id
        join products p on p.id = r.product_id where p.slug = ${slug} order by rp.position`,
    );

  it("checked like product images: too many, not an image, too big or too large a canvas is refused and nothing is written", async () => {
    const db = getDb();
    const { order, buyer, slug } = await bought(db);
    await deliver(db, order.orderNo);
    const before = stored();
    const good = () => png(crypto.randomUUID(), 40, 30);

    const tooMany = await writeWithPhotos(slug, buyer, [good(), good(), good(), good()]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error?.details.fields).toEqual({ photos: "En fazla 3 fotoğraf ekleyebilirsiniz." });
    const gif = await writeWithPhotos(slug, buyer, [good(), Buffer.from("GIF89a-fotograf")]);
    expect(gif.status).toBe(400);
    expect(gif.body.error?.details.fields?.photos).toMatch(/JPEG, PNG, WebP veya AVIF/);
    const big = await writeWithPhotos(slug, buyer, [Buffer.concat([good(), Buffer.alloc(MAX_IMAGE_BYTES)])]);
    expect(big.status).toBe(413);
    expect(big.body.error?.code).toBe("PAYLOAD_TOO_LARGE");
    expect(big.body.error?.details.fields?.photos).toBe("Görsel 5 MB'tan büyük.");
    const huge = await writeWithPhotos(slug, buyer, [png("", 20_000, 100)]);
    expect(huge.status).toBe(400);
    expect(huge.body.error?.details.fields?.photos).toMatch(/10000 piksel/);
    expect(await reviewIds(db, slug)).toEqual([]);
    expect(stored()).toEqual(before);

    const photos = [png("a", 40, 30), png("b", 300, 200), png("c", 8, 8)];
    expect((await writeWithPhotos(slug, buyer, photos)).status).toBe(201);
    const rows = await photoRows(db, slug);
    expect(rows.map(({ width, height }) => [width, height])).toEqual([
      [40, 30],
      [300, 200],
      [8, 8],
    ]);
    expect(stored()).toEqual(expect.arrayContaining(rows.map((row) => row.url.replace("/media/", ""))));
  });

  it("a review whose photos could not all be stored is not written and leaves no file behind", async () => {
    const db = getDb();
    const { order, buyer, slug } = await bought(db, "Can Er");
    await deliver(db, order.orderNo);
    const disk = getStorage();
    let puts = 0;
    // An object store that fails on the second photo, once the first is stored.
    const failing: Storage = {
      read: (key) => disk.read(key),
      delete: (key) => disk.delete(key),
      put: async (bytes, contentType) => {
        if (++puts === 2) throw new Error("storage unavailable");
        return disk.put(bytes, contentType);
      },
    };
    const before = stored();
    const photos = [png(crypto.randomUUID(), 40, 30), png(crypto.randomUUID(), 20, 20)];
    await expect(createReview(db, slug, buyer.id, review, { storage: failing, photos })).rejects.toThrow(
      "storage unavailable",
    );
    expect(puts).toBe(2);
    expect(await reviewIds(db, slug)).toEqual([]);
    expect(stored()).toEqual(before);
  });

  it("public only once approved (staff see them before), listed in the export, their files erased with the author unless shared", async () => {
    const db = getDb();
    const { order, buyer, slug } = await bought(db, "Deniz Ak");
    await deliver(db, order.orderNo);
    const other = await bought(db, "Ece Su");
    await deliver(db, other.order.orderNo);
    const own = png(crypto.randomUUID(), 64, 48);
    const shared = png(crypto.randomUUID(), 32, 32);
    expect((await writeWithPhotos(slug, buyer, [own, shared])).status).toBe(201);
    expect((await writeWithPhotos(other.slug, other.buyer, [shared])).status).toBe(201);
    const [id] = await reviewIds(db, slug);
    const [ownPhoto, sharedPhoto] = await photoRows(db, slug);
    const url = ownPhoto?.url ?? "";

    // Waiting: not listed, and its file is staff's only.
    expect((await read(slug)).body.items).toEqual([]);
    expect((await media(url, null)).status).toBe(404);
    expect((await media(url, buyer)).status).toBe(404);
    const forStaff = await media(url, staff);
    expect(forStaff.status).toBe(200);
    expect(forStaff.headers.get("cache-control")).toBe("private, no-store");
    const queue = await call(adminListRoute, "/api/admin/reviews?status=pending&limit=100", { as: staff });
    const queued = (queue.body.items as { id: number; photos: unknown[] }[]).find((item) => item.id === id);
    expect(queued?.photos).toHaveLength(2);

    expect((await moderate(id ?? 0, { status: "approved" })).status).toBe(200);
    const [item] = (await read(slug)).body.items as { photos: unknown[] }[];
    expect(item?.photos).toEqual([
      { url, width: 64, height: 48 },
      { url: sharedPhoto?.url, width: 32, height: 32 },
    ]);
    const shown = await media(url, null);
    expect(shown.status).toBe(200);
    expect(Buffer.from(await shown.arrayBuffer())).toEqual(own);

    expect((await moderate(id ?? 0, { status: "rejected" })).status).toBe(200);
    expect((await read(slug)).body.items).toEqual([]);
    expect((await media(url, null)).status).toBe(404);

    const actor = { channel: "staff", name: "Elif Demir" } as const;
    const { data } = await exportPersonalData(db, { userId: buyer.id }, actor);
    expect(data.reviews).toMatchObject([{ product: slug, photos: [url, sharedPhoto?.url] }]);
    await eraseSubject(db, { userId: buyer.id }, actor);
    expect(await photoRows(db, slug)).toEqual([]);
    expect(stored()).not.toContain(url.replace("/media/", ""));
    // The other buyer's review still shows the same bytes.
    expect(stored()).toContain(sharedPhoto?.url.replace("/media/", ""));
  });
});
