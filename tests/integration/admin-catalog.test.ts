import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PATCH as couponPatchRoute, GET as couponRoute } from "@/app/api/admin/coupons/[id]/route";
import { POST as couponCreateRoute, GET as couponsRoute } from "@/app/api/admin/coupons/route";
import { PUT as setStockRoute, GET as stockRoute } from "@/app/api/admin/inventory/[sku]/route";
import { GET as inventoryRoute } from "@/app/api/admin/inventory/route";
import { PATCH as productPatchRoute, GET as productRoute } from "@/app/api/admin/products/[id]/route";
import { POST as createRoute, GET as productsRoute } from "@/app/api/admin/products/route";
import { applyCoupon } from "@/lib/coupons/service";
import { getDb } from "@/lib/db";
import { setStock } from "@/lib/inventory/staff";
import { call, makeUser, type TestUser } from "./admin-support";
import {
  cartWith,
  checkoutInput,
  clearCardProviderEnv,
  countRows,
  expectStockInvariant,
  extraPool,
  ledgerOf,
  oneSku,
  place,
  q,
  stockOf,
  uniqueEmail,
} from "./checkout-support";

// Products, stock and discount codes through the admin API: validated like the rest of the API, duplicates
// refused with a clear 409, stock never set below what is held, every stock change explained by the ledger.

clearCardProviderEnv();
const pool = extraPool(10);
let staff: TestUser;

beforeAll(async () => {
  staff = await makeUser(getDb(), "staff", "Elif Şahin");
});

afterAll(async () => {
  vi.restoreAllMocks();
  await pool.client.end({ timeout: 5 });
});

const suffix = () => randomBytes(3).toString("hex");

function productBody(slug: string, skus: string[], overrides: Record<string, unknown> = {}) {
  return {
    name: { tr: "Keten Gömlek", en: "Linen Shirt" },
    slug,
    description: "Yazlık keten gömlek.",
    categorySlug: "giyim",
    brand: null,
    active: true,
    variants: skus.map((sku, index) => ({
      sku,
      name: { tr: `Beden ${index}`, en: `Size ${index}` },
      price: 89_990,
      weightGrams: 300,
      stock: 5 + index,
    })),
    ...overrides,
  };
}

const create = (body: unknown) =>
  call(createRoute, "/api/admin/products", { method: "POST", body, as: staff });

describe("products", () => {
  it("creates a product with variants, stock as on_hand with an 'initial' ledger row", async () => {
    const db = getDb();
    const [category] = await q<{ slug: string }>(db, sql`select slug from categories order by id limit 1`);
    const s = suffix();
    const answer = await create(
      productBody(`keten-gomlek-${s}`, [`kg-${s}-s`, `KG-${s}-M`], { categorySlug: category?.slug }),
    );
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      slug: `keten-gomlek-${s}`,
      name: { tr: "Keten Gömlek", en: "Linen Shirt" },
      description: { tr: "Yazlık keten gömlek.", en: "Yazlık keten gömlek." },
      active: true,
      variants: [
        { sku: `KG-${s.toUpperCase()}-S`, price: 89_990, onHand: 5, reserved: 0, available: 5 },
        { sku: `KG-${s.toUpperCase()}-M`, onHand: 6 },
      ],
    });
    const variants = answer.body.variants as { id: number }[];
    for (const [index, variant] of variants.entries()) {
      expect(await stockOf(db, variant.id)).toEqual({ onHand: 5 + index, reserved: 0 });
      expect(await ledgerOf(db, variant.id, "initial")).toEqual([
        { on_hand_delta: 5 + index, reserved_delta: 0, reference: "Elif Şahin" },
      ]);
    }
    const fetched = await call(productRoute, `/api/admin/products/${answer.body.id}`, {
      params: { id: String(answer.body.id) },
      as: staff,
    });
    expect(fetched.body).toEqual(answer.body);
    const listed = await call(productsRoute, `/api/admin/products?q=KG-${s}`, { as: staff });
    expect(listed.body).toMatchObject({ total: 1, items: [{ slug: `keten-gomlek-${s}` }] });
    await expectStockInvariant(db);
  });

  it("a slug or SKU in use is 409 ALREADY_EXISTS naming the fields, and nothing is written", async () => {
    const db = getDb();
    const s = suffix();
    expect((await create(productBody(`urun-${s}`, [`U-${s}-1`]))).status).toBe(201);
    const products = await countRows(db, "products");
    const variants = await countRows(db, "variants");

    const sameSlug = await create(productBody(`urun-${s}`, [`U-${s}-2`]));
    expect(sameSlug.status).toBe(409);
    expect(sameSlug.body.error).toMatchObject({
      code: "ALREADY_EXISTS",
      details: { fields: { slug: expect.any(String) } },
    });
    expect(sameSlug.body.error?.message).toContain(`urun-${s}`);

    const sameSku = await create(productBody(`urun2-${s}`, [`U-${s}-9`, `u-${s}-1`]));
    expect(sameSku.status).toBe(409);
    expect(Object.keys(sameSku.body.error?.details.fields as object)).toEqual(["variants.1.sku"]);

    const twiceInBody = await create(productBody(`urun3-${s}`, [`U-${s}-7`, `U-${s}-7`]));
    expect(twiceInBody.status).toBe(400);
    expect(twiceInBody.body.error?.details.fields).toHaveProperty(["variants.1.sku"]);

    // Two creations of the same slug at once: exactly one wins.
    const race = await Promise.all([
      create(productBody(`yaris-${s}`, [`Y-${s}-1`])),
      create(productBody(`yaris-${s}`, [`Y-${s}-2`])),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await countRows(db, "products")).toBe(products + 1);
    expect(await countRows(db, "variants")).toBe(variants + 1);
  });

  it("a negative price, missing fields, unknown category or brand are 400 and nothing is written", async () => {
    const db = getDb();
    const products = await countRows(db, "products");
    const s = suffix();
    const body = productBody(`fiyat-${s}`, [`F-${s}`]);
    const negative = await create({ ...body, variants: [{ ...body.variants[0], price: -1 }] });
    expect(negative.status).toBe(400);
    expect(negative.body.error).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(negative.body.error?.details.fields).toHaveProperty(["variants.0.price"]);

    const fractional = await create({ ...body, variants: [{ ...body.variants[0], price: 10.5 }] });
    expect(fractional.status).toBe(400);
    const noVariants = await create({ ...body, variants: [] });
    expect(noVariants.body.error?.details.fields).toHaveProperty(["variants"]);
    const badSlug = await create({ ...body, slug: "Büyük Harf" });
    expect(badSlug.body.error?.details.fields).toHaveProperty(["slug"]);
    const category = await create({ ...body, categorySlug: "yok-boyle-kategori" });
    expect(category.status).toBe(400);
    expect(category.body.error?.details.fields).toHaveProperty(["categorySlug"]);
    const brand = await create({ ...body, brand: "Olmayan Marka" });
    expect(brand.body.error?.details.fields).toHaveProperty(["brand"]);
    const text = await call(createRoute, "/api/admin/products", {
      method: "POST",
      body,
      headers: { "content-type": "text/plain" },
      as: staff,
    });
    expect(text.status).toBe(415);
    expect(await countRows(db, "products")).toBe(products);
  });

  it("PATCH changes fields and variants, deactivates, refuses a taken slug, 404 for an unknown id", async () => {
    const db = getDb();
    const s = suffix().toUpperCase();
    const first = await create(productBody(`duzenle-${s.toLowerCase()}`, [`D-${s}-1`, `D-${s}-2`]));
    const other = await create(productBody(`diger-${s.toLowerCase()}`, [`O-${s}-1`]));
    const id = String(first.body.id);
    const patch = (body: unknown, productId = id) =>
      call(productPatchRoute, `/api/admin/products/${productId}`, {
        method: "PATCH",
        params: { id: productId },
        body,
        as: staff,
      });

    const changed = await patch({
      name: "Keten Gömlek Yeni",
      active: false,
      variants: [{ sku: `D-${s}-2`, price: 79_990, active: false }],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: { tr: "Keten Gömlek Yeni", en: "Keten Gömlek Yeni" },
      active: false,
      variants: [
        { sku: `D-${s}-1`, price: 89_990, active: true },
        { sku: `D-${s}-2`, price: 79_990, active: false },
      ],
    });
    expect((await patch({ active: true })).body).toMatchObject({ active: true });

    const taken = await patch({ slug: `diger-${s.toLowerCase()}` });
    expect(taken.status).toBe(409);
    expect(taken.body.error?.code).toBe("ALREADY_EXISTS");
    const foreign = await patch({ variants: [{ sku: `O-${s}-1`, price: 1 }] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error?.details.fields).toHaveProperty(["variants.0.sku"]);
    const [price] = await q<{ price: string }>(db, sql`select price from variants where sku = ${`O-${s}-1`}`);
    expect(Number(price?.price)).toBe(89_990);
    expect((await patch({ variants: [{ sku: `D-${s}-1`, price: -100 }] })).status).toBe(400);
    expect((await patch({})).status).toBe(400);
    expect((await patch({ active: false }, "99999999")).status).toBe(404);
    expect((await patch({ active: false }, "abc")).status).toBe(404);
    expect(other.status).toBe(201);
  });
});

describe("inventory", () => {
  const put = (sku: string, body: unknown) =>
    call(setStockRoute, `/api/admin/inventory/${sku}`, { method: "PUT", params: { sku }, body, as: staff });

  it("sets on hand with a ledger row (reason and staff name) and shows the history", async () => {
    const db = getDb();
    const item = await oneSku(db, "INV", 10);
    const answer = await put(item.sku.toLowerCase(), { onHand: 25, reason: "Sayım farkı" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ sku: item.sku, onHand: 25, reserved: 0, available: 25 });
    expect(await ledgerOf(db, item.id, "adjustment")).toEqual([
      { on_hand_delta: 15, reserved_delta: 0, reference: "Elif Şahin: Sayım farkı" },
    ]);
    await put(item.sku, { onHand: 3, reason: "Hasarlı" });
    const history = await call(stockRoute, `/api/admin/inventory/${item.sku}`, {
      params: { sku: item.sku },
      as: staff,
    });
    expect(history.body).toMatchObject({
      level: { onHand: 3 },
      ledger: [
        { onHandDelta: -22, reason: "adjustment", reference: "Elif Şahin: Hasarlı" },
        { onHandDelta: 15, reason: "adjustment" },
        { onHandDelta: 10, reason: "initial" },
      ],
    });
    const listed = await call(inventoryRoute, `/api/admin/inventory?q=${item.sku}`, { as: staff });
    expect(listed.body).toMatchObject({ total: 1, items: [{ sku: item.sku, onHand: 3 }] });
    await expectStockInvariant(db);
  });

  it("below what carts hold is 409 STOCK_BELOW_RESERVED and nothing changes; unknown SKU 404; bad input 400", async () => {
    const db = getDb();
    const item = await oneSku(db, "INR", 10);
    await cartWith(db, [[item.sku, 4]]);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 10, reserved: 4 });
    const below = await put(item.sku, { onHand: 3, reason: "sayım" });
    expect(below.status).toBe(409);
    expect(below.body.error).toMatchObject({
      code: "STOCK_BELOW_RESERVED",
      details: { reserved: 4, onHand: 3 },
    });
    expect(await stockOf(db, item.id)).toEqual({ onHand: 10, reserved: 4 });
    expect(await ledgerOf(db, item.id, "adjustment")).toEqual([]);
    expect((await put(item.sku, { onHand: 4 })).status).toBe(200);
    expect(await stockOf(db, item.id)).toEqual({ onHand: 4, reserved: 4 });

    expect((await put("YOK-BOYLE-SKU", { onHand: 1 })).status).toBe(404);
    for (const body of [{ onHand: -1 }, { onHand: 1.5 }, { onHand: "5" }, {}]) {
      expect((await put(item.sku, body)).status).toBe(400);
    }
    await expectStockInvariant(db);
  });

  it("a stock count racing shoppers' reservations never leaves reserved above on hand", async () => {
    const db = getDb();
    const item = await oneSku(db, "INC", 20);
    const context = { actor: "Elif Şahin", locale: "tr" as const };
    const results = await Promise.allSettled([
      ...Array.from({ length: 6 }, () => cartWith(pool.db, [[item.sku, 2]])),
      setStock(db, item.sku, { onHand: 8 }, context),
      setStock(pool.db, item.sku, { onHand: 9 }, context),
    ]);
    expect(results.every((r) => r.status === "fulfilled" || (r.reason as { code?: string }).code)).toBe(true);
    const stock = await stockOf(db, item.id);
    expect(stock.reserved).toBeLessThanOrEqual(stock.onHand);
    await expectStockInvariant(db);
  });
});

describe("coupons", () => {
  const createCoupon = (body: unknown) =>
    call(couponCreateRoute, "/api/admin/coupons", { method: "POST", body, as: staff });

  it("creates a code stored upper-case, refuses it again in any letter case, lists it with its usage", async () => {
    const db = getDb();
    const code = `yaz${suffix()}`;
    const created = await createCoupon({
      code: ` ${code} `,
      type: "percent",
      value: 15,
      startsAt: "2026-01-01T00:00:00Z",
      expiresAt: "2099-01-01T00:00:00+03:00",
      usageLimit: 100,
      perCustomerLimit: 1,
      minOrder: 50_000,
      appliesTo: { categories: ["giyim"] },
      stackable: false,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: code.toUpperCase(),
      type: "percent",
      value: 15,
      expiresAt: "2098-12-31T21:00:00.000Z",
      usageLimit: 100,
      perCustomerLimit: 1,
      minOrder: 50_000,
      appliesTo: { skus: [], categories: ["giyim"] },
      used: 0,
      state: "active",
    });
    const again = await createCoupon({ code: code.toLowerCase(), type: "fixed", value: 100 });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: "ALREADY_EXISTS",
      details: { fields: { code: expect.any(String) } },
    });

    // Used by an order: the list shows it.
    const free = await createCoupon({ code: `kargo${suffix()}`, type: "free_shipping" });
    const item = await oneSku(db, "CPN", 5, 60_000);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    await applyCoupon(db, { cartId, code: free.body.code as string, userId: null });
    await place(db, cartId, checkoutInput(uniqueEmail("cpn"), { paymentMethod: "cash_on_delivery" }));
    const listed = await call(couponsRoute, `/api/admin/coupons?q=${free.body.code}`, { as: staff });
    expect(listed.body).toMatchObject({ total: 1, items: [{ code: free.body.code, used: 1 }] });
  });

  it("refuses what the database would refuse, with field messages", async () => {
    const db = getDb();
    const before = await countRows(db, "coupons");
    const cases: [Record<string, unknown>, string][] = [
      [{ code: `p${suffix()}`, type: "percent", value: 0 }, "value"],
      [{ code: `p${suffix()}`, type: "percent", value: 101 }, "value"],
      [{ code: `f${suffix()}`, type: "fixed", value: -5 }, "value"],
      [{ code: `f${suffix()}`, type: "fixed" }, "value"],
      [{ code: `s${suffix()}`, type: "free_shipping", value: 500 }, "value"],
      [{ code: `x${suffix()}`, type: "gift", value: 5 }, "type"],
      [{ code: "a", type: "fixed", value: 100 }, "code"],
      [{ code: "boşluk yok!", type: "fixed", value: 100 }, "code"],
      [{ code: `u${suffix()}`, type: "fixed", value: 100, usageLimit: 0 }, "usageLimit"],
      [{ code: `m${suffix()}`, type: "fixed", value: 100, minOrder: -1 }, "minOrder"],
      [
        {
          code: `d${suffix()}`,
          type: "fixed",
          value: 100,
          startsAt: "2026-02-01T00:00:00Z",
          expiresAt: "2026-01-01T00:00:00Z",
        },
        "expiresAt",
      ],
      [{ code: `t${suffix()}`, type: "fixed", value: 100, expiresAt: "yarın" }, "expiresAt"],
      [
        { code: `k${suffix()}`, type: "fixed", value: 100, appliesTo: { skus: ["YOK-SKU-1"] } },
        "appliesTo.skus",
      ],
      [
        { code: `c${suffix()}`, type: "fixed", value: 100, appliesTo: { categories: ["yok-kategori"] } },
        "appliesTo.categories",
      ],
    ];
    for (const [body, field] of cases) {
      const answer = await createCoupon(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error?.details.fields, JSON.stringify(body)).toHaveProperty([field]);
    }
    expect(await countRows(db, "coupons")).toBe(before);
  });

  it("deactivates and reactivates a code; unknown id 404", async () => {
    const created = await createCoupon({ code: `kapat${suffix()}`, type: "fixed", value: 5000 });
    const id = String(created.body.id);
    const patch = (active: unknown, couponId = id) =>
      call(couponPatchRoute, `/api/admin/coupons/${couponId}`, {
        method: "PATCH",
        params: { id: couponId },
        body: { active },
        as: staff,
      });
    expect((await patch(false)).body).toMatchObject({ active: false, state: "inactive" });
    const fetched = await call(couponRoute, `/api/admin/coupons/${id}`, { params: { id }, as: staff });
    expect(fetched.body).toMatchObject({ active: false });
    expect((await patch(true)).body).toMatchObject({ active: true, state: "active" });
    expect((await patch("no")).status).toBe(400);
    expect((await patch(false, "99999999")).status).toBe(404);
  });
});
