import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// The admin API for the rest of the store (categories, brands, product images, shipping zones with their
// methods and rate tables, KDV per tax class, fee rules): the pages' services behind the admin API's
// auth, validation and error shape; what is still in use is not deleted; catalogue changes refresh the
// storefront's cache.

const storageDir = vi.hoisted(() => {
  // Uploads of this file go to a folder of its own (read by lib/env.ts on first use).
  const dir = require("node:fs").mkdtempSync(
    require("node:path").join(require("node:os").tmpdir(), "store-media-"),
  );
  process.env.STORAGE_DIR = dir;
  return dir as string;
});
vi.mock("next/cache", async () => (await import("./action-support")).nextCache);

import * as brandRoute from "@/app/api/admin/brands/[id]/route";
import * as brandsRoute from "@/app/api/admin/brands/route";
import * as categoryRoute from "@/app/api/admin/categories/[id]/route";
import * as categoriesRoute from "@/app/api/admin/categories/route";
import * as feeRoute from "@/app/api/admin/fees/[kind]/route";
import * as feesRoute from "@/app/api/admin/fees/route";
import * as imageRoute from "@/app/api/admin/products/[id]/images/[imageId]/route";
import * as imagesRoute from "@/app/api/admin/products/[id]/images/route";
import { POST as productCreateRoute } from "@/app/api/admin/products/route";
import * as zoneRoute from "@/app/api/admin/shipping/zones/[id]/route";
import * as zonesRoute from "@/app/api/admin/shipping/zones/route";
import * as taxClassRoute from "@/app/api/admin/tax-classes/[taxClass]/route";
import * as taxClassesRoute from "@/app/api/admin/tax-classes/route";
import { getDb } from "@/lib/db";
import { jpeg, png } from "../support/images";
import { nextCache } from "./action-support";
import { BASE, call, makeToken, makeUser, type TestUser } from "./admin-support";
import { q } from "./checkout-support";

const suffix = () => randomBytes(3).toString("hex");
let staff: TestUser;
let customer: TestUser;
let token: { authorization: string };

beforeAll(async () => {
  [staff, customer, token] = await Promise.all([
    makeUser(getDb(), "staff", "Deniz Arslan"),
    makeUser(getDb(), "customer"),
    makeToken(getDb(), "ERP"),
  ]);
});

beforeEach(() => {
  nextCache.revalidateTag.mockClear();
});

const catalogRefreshed = () => expect(nextCache.revalidateTag).toHaveBeenCalledWith("catalog", { expire: 0 });

type Body = Record<string, unknown>;
const fieldsOf = (answer: { body: { error?: { details: Record<string, unknown> } } }) =>
  answer.body.error?.details.fields as Record<string, string> | undefined;

async function product(taxClass = "standard") {
  const s = suffix();
  return call(productCreateRoute, "/api/admin/products", {
    method: "POST",
    as: staff,
    body: {
      name: { tr: `Ürün ${s}`, en: `Product ${s}` },
      slug: `urun-${s}`,
      categorySlug: "giyim",
      taxClass,
      variants: [{ sku: `API-${s}`, price: 10_000, weightGrams: 200 }],
    },
  });
}

describe("auth", () => {
  const lists: [unknown, string][] = [
    [categoriesRoute.GET, "/api/admin/categories"],
    [brandsRoute.GET, "/api/admin/brands"],
    [zonesRoute.GET, "/api/admin/shipping/zones"],
    [taxClassesRoute.GET, "/api/admin/tax-classes"],
    [feesRoute.GET, "/api/admin/fees"],
  ];

  it("anonymous 401, a customer 403, staff and admin API tokens allowed, on every resource", async () => {
    for (const [handler, path] of lists) {
      expect((await call(handler, path, { as: { authorization: "Bearer sfat_wrong" } })).status, path).toBe(
        401,
      );
      expect((await call(handler, path, { as: staff })).status, path).toBe(200);
      expect((await call(handler, path, { as: token })).status, path).toBe(200);
    }
    // Every method of every route, before its body or ids are looked at.
    const modules = [
      categoriesRoute,
      categoryRoute,
      brandsRoute,
      brandRoute,
      imagesRoute,
      imageRoute,
      zonesRoute,
      zoneRoute,
      taxClassesRoute,
      taxClassRoute,
      feesRoute,
      feeRoute,
    ];
    const params = { id: "1", imageId: "1", taxClass: "zero", kind: "gift_wrap" };
    for (const module of modules) {
      for (const [method, handler] of Object.entries(module)) {
        const options = { method, params, body: method === "GET" || method === "DELETE" ? undefined : {} };
        expect((await call(handler, "/", options)).status, method).toBe(401);
        expect((await call(handler, "/", { ...options, as: customer })).status, method).toBe(403);
      }
    }
    expect(await q(getDb(), sql`select kind from fee_rules where kind = 'gift_wrap'`)).toHaveLength(1);
  });
});

describe("categories", () => {
  it("list, create, get, patch (only what is named) and delete, refreshing the storefront each time", async () => {
    const s = suffix();
    const created = await call(categoriesRoute.POST, "/api/admin/categories", {
      method: "POST",
      as: token,
      body: { slug: `kat-${s}`, name: { tr: `Kat ${s}`, en: `Cat ${s}` }, parentId: null, position: 3 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: `kat-${s}`, parentId: null, position: 3, productCount: 0 });
    catalogRefreshed();
    const id = String(created.body.id);

    const list = await call(categoriesRoute.GET, "/api/admin/categories", { as: staff });
    expect((list.body.items as Body[]).map((c) => c.slug)).toContain(`kat-${s}`);
    const one = await call(categoryRoute.GET, `/api/admin/categories/${id}`, { as: staff, params: { id } });
    expect(one.body).toEqual(created.body);

    const giyim = (list.body.items as Body[]).find((c) => c.slug === "giyim");
    const moved = await call(categoryRoute.PATCH, `/api/admin/categories/${id}`, {
      method: "PATCH",
      as: staff,
      params: { id },
      body: { parentId: giyim?.id },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      slug: `kat-${s}`,
      name: { tr: `Kat ${s}` },
      parentId: giyim?.id,
      position: 3,
    });

    nextCache.revalidateTag.mockClear();
    const deleted = await call(categoryRoute.DELETE, `/api/admin/categories/${id}`, {
      method: "DELETE",
      as: staff,
      params: { id },
    });
    expect(deleted.status).toBe(204);
    catalogRefreshed();
    const gone = await call(categoryRoute.GET, `/api/admin/categories/${id}`, { as: staff, params: { id } });
    expect(gone.status).toBe(404);
    expect(gone.body.error?.code).toBe("NOT_FOUND");
  });

  it("400 with the fields, 409 on a taken slug and on a loop, 404 unknown, 409 IN_USE with products", async () => {
    const bad = await call(categoriesRoute.POST, "/api/admin/categories", {
      method: "POST",
      as: staff,
      body: { slug: "Kötü Slug", name: { tr: "", en: "x" }, parentId: null },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe("VALIDATION_FAILED");
    expect(Object.keys(fieldsOf(bad) ?? {})).toEqual(expect.arrayContaining(["slug", "name.tr"]));

    const taken = await call(categoriesRoute.POST, "/api/admin/categories", {
      method: "POST",
      as: staff,
      body: { slug: "giyim", name: { tr: "Giyim 2", en: "Clothing 2" }, parentId: null },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error?.code).toBe("ALREADY_EXISTS");
    expect(fieldsOf(taken)?.slug).toBeTruthy();

    const [giyim] = await q<{ id: number }>(getDb(), sql`select id from categories where slug = 'giyim'`);
    const id = String(giyim?.id);
    const [child] = await q<{ id: number }>(
      getDb(),
      sql`select id from categories where parent_id = ${giyim?.id}`,
    );
    if (child) {
      const loop = await call(categoryRoute.PATCH, `/api/admin/categories/${id}`, {
        method: "PATCH",
        as: staff,
        params: { id },
        body: { parentId: child.id },
      });
      expect(loop.status).toBe(400);
      expect(fieldsOf(loop)?.parentId).toBeTruthy();
    }
    const empty = await call(categoryRoute.PATCH, `/api/admin/categories/${id}`, {
      method: "PATCH",
      as: staff,
      params: { id },
      body: {},
    });
    expect(empty.status).toBe(400);

    for (const unknown of ["999999", "abc"]) {
      const answer = await call(categoryRoute.PATCH, `/api/admin/categories/${unknown}`, {
        method: "PATCH",
        as: staff,
        params: { id: unknown },
        body: { position: 1 },
      });
      expect(answer.status, unknown).toBe(404);
    }

    const inUse = await call(categoryRoute.DELETE, `/api/admin/categories/${id}`, {
      method: "DELETE",
      as: staff,
      params: { id },
    });
    expect(inUse.status).toBe(409);
    expect(inUse.body.error).toMatchObject({ code: "IN_USE" });
    expect(await q(getDb(), sql`select id from categories where id = ${giyim?.id}`)).toHaveLength(1);
  });
});

describe("brands", () => {
  it("round trip; a taken name is 409; a brand with products is 409 IN_USE", async () => {
    const s = suffix();
    const created = await call(brandsRoute.POST, "/api/admin/brands", {
      method: "POST",
      as: staff,
      body: { slug: `marka-${s}`, name: `Marka ${s}` },
    });
    expect(created.status).toBe(201);
    catalogRefreshed();
    const id = String(created.body.id);
    expect(created.body).toEqual({
      id: created.body.id,
      slug: `marka-${s}`,
      name: `Marka ${s}`,
      productCount: 0,
    });
    const list = await call(brandsRoute.GET, "/api/admin/brands", { as: staff });
    expect(list.body.items).toContainEqual(created.body);

    const renamed = await call(brandRoute.PATCH, `/api/admin/brands/${id}`, {
      method: "PATCH",
      as: staff,
      params: { id },
      body: { name: `Yeni Marka ${s}` },
    });
    expect(renamed.body).toMatchObject({ slug: `marka-${s}`, name: `Yeni Marka ${s}` });

    const again = await call(brandsRoute.POST, "/api/admin/brands", {
      method: "POST",
      as: staff,
      body: { slug: `baska-${s}`, name: `YENİ MARKA ${s}` },
    });
    expect(again.status).toBe(409);
    expect(fieldsOf(again)?.name).toBeTruthy();
    const invalid = await call(brandRoute.PATCH, `/api/admin/brands/${id}`, {
      method: "PATCH",
      as: staff,
      params: { id },
      body: { slug: 12 },
    });
    expect(invalid.status).toBe(400);
    expect(fieldsOf(invalid)?.slug).toBeTruthy();

    const [used] = await q<{ id: number }>(
      getDb(),
      sql`select brand_id as id from products where brand_id is not null limit 1`,
    );
    const usedId = String(used?.id);
    const inUse = await call(brandRoute.DELETE, `/api/admin/brands/${usedId}`, {
      method: "DELETE",
      as: staff,
      params: { id: usedId },
    });
    expect(inUse.status).toBe(409);
    expect(inUse.body.error).toMatchObject({ code: "IN_USE", details: { reason: "products" } });

    expect((await call(brandRoute.DELETE, "/", { method: "DELETE", as: staff, params: { id } })).status).toBe(
      204,
    );
    expect((await call(brandRoute.GET, "/", { as: staff, params: { id } })).status).toBe(404);
    expect((await call(brandRoute.DELETE, "/", { method: "DELETE", as: staff, params: { id } })).status).toBe(
      404,
    );
  });
});

describe("product images", () => {
  /** Headers just complete enough to be recognised and measured, plus a unique tail. */
  const pngBytes = () => png(suffix());
  const jpegBytes = () => jpeg(suffix());

  async function upload(productId: string, bytes: Buffer, name: string, fields: Record<string, string> = {}) {
    const form = new FormData();
    // The browser's claimed type says PNG whatever the bytes are: only the bytes count.
    form.set("file", new File([new Uint8Array(bytes)], name, { type: "image/png" }));
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    const request = new NextRequest(`${BASE}/api/admin/products/${productId}/images`, {
      method: "POST",
      headers: { authorization: token.authorization },
      body: form,
    });
    const response = await imagesRoute.POST(request, { params: Promise.resolve({ id: productId }) });
    type Answer = Awaited<ReturnType<typeof call>>["body"];
    return { status: response.status, body: (await response.json()) as Answer };
  }

  it("uploads PNG and JPEG by their bytes, refuses anything else, changes alt text and order, deletes", async () => {
    const created = await product();
    const id = String(created.body.id);
    const png = await upload(id, pngBytes(), "a.png", { altTr: "Ön yüz" });
    expect(png.status).toBe(201);
    expect(png.body).toMatchObject({
      url: expect.stringMatching(/\.png$/),
      position: 0,
      alt: { tr: "Ön yüz" },
    });
    expect(png.body.alt).toMatchObject({ en: (created.body.name as { en: string }).en });
    catalogRefreshed();
    const jpeg = await upload(id, jpegBytes(), "b.png");
    expect(jpeg.status).toBe(201);
    expect(jpeg.body).toMatchObject({ url: expect.stringMatching(/\.jpg$/), position: 1 });
    expect(readdirSync(storageDir)).toHaveLength(2);

    const gif = await upload(id, Buffer.from(`GIF89a${suffix()}`), "c.png");
    expect(gif.status).toBe(400);
    expect(gif.body.error?.code).toBe("VALIDATION_FAILED");
    expect(fieldsOf(gif)?.file).toMatch(/JPEG, PNG, WebP/);
    const json = await call(imagesRoute.POST, "/", { method: "POST", as: staff, params: { id }, body: {} });
    expect(json.status).toBe(415);
    expect((await upload("999999", pngBytes(), "d.png")).status).toBe(404);
    expect(readdirSync(storageDir)).toHaveLength(2);

    const imageId = String(jpeg.body.id);
    const moved = await call(imageRoute.PATCH, "/", {
      method: "PATCH",
      as: staff,
      params: { id, imageId },
      body: { position: 0, alt: { tr: "Arka", en: "Back" } },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: jpeg.body.id, position: 0, alt: { tr: "Arka", en: "Back" } });
    const gallery = await call(imagesRoute.GET, "/", { as: staff, params: { id } });
    expect((gallery.body.items as Body[]).map((image) => [image.id, image.position])).toEqual([
      [jpeg.body.id, 0],
      [png.body.id, 1],
    ]);
    const bad = await call(imageRoute.PATCH, "/", {
      method: "PATCH",
      as: staff,
      params: { id, imageId },
      body: { position: -1 },
    });
    expect(bad.status).toBe(400);

    // An image is reached only through its own product.
    const other = String((await product()).body.id);
    const elsewhere = await call(imageRoute.DELETE, "/", {
      method: "DELETE",
      as: staff,
      params: { id: other, imageId },
    });
    expect(elsewhere.status).toBe(404);
    const deleted = await call(imageRoute.DELETE, "/", {
      method: "DELETE",
      as: staff,
      params: { id, imageId },
    });
    expect(deleted.status).toBe(204);
    expect(readdirSync(storageDir)).toHaveLength(1);
    expect((await call(imagesRoute.GET, "/", { as: staff, params: { id } })).body.items).toHaveLength(1);
  });
});

describe("shipping zones", () => {
  const method = (code: string, rates: { maxGrams: number; price: number }[], extra: Body = {}) => ({
    code,
    nameTr: code === "express" ? "Hızlı Kargo" : "Standart Kargo",
    nameEn: code === "express" ? "Express" : "Standard",
    carrier: "Yurtiçi Kargo",
    carrierCode: "simulated",
    service: "standart",
    etaMinDays: 1,
    etaMaxDays: 3,
    freeThreshold: null,
    extraPerKg: 500,
    active: true,
    rates,
    ...extra,
  });

  it("a zone with methods and rate tables round-trips; a PATCH keeps what it does not name", async () => {
    const body = {
      code: `japonya-${suffix()}`,
      nameTr: "Japonya",
      nameEn: "Japan",
      countries: ["JP"],
      postalPrefixes: [],
      chargesTax: false,
      position: 7,
      methods: [
        method("standard", [
          { maxGrams: 5000, price: 90_000 },
          { maxGrams: 1000, price: 45_000 },
        ]),
        method("express", [{ maxGrams: 2000, price: 150_000 }], {
          service: "ekspres",
          freeThreshold: 5_000_000,
        }),
      ],
    };
    const created = await call(zonesRoute.POST, "/api/admin/shipping/zones", {
      method: "POST",
      as: token,
      body,
    });
    expect(created.status).toBe(201);
    const { methods, ...zone } = body;
    expect(created.body).toMatchObject(zone);
    // Methods in the store's order, brackets by weight.
    expect(created.body.methods).toEqual([
      expect.objectContaining({
        ...methods[0],
        rates: [
          { maxGrams: 1000, price: 45_000 },
          { maxGrams: 5000, price: 90_000 },
        ],
      }),
      expect.objectContaining(methods[1]),
    ]);
    const id = String(created.body.id);
    const one = await call(zoneRoute.GET, "/", { as: staff, params: { id } });
    expect(one.body).toEqual(created.body);
    const list = await call(zonesRoute.GET, "/", { as: staff });
    expect(list.body.items).toContainEqual(created.body);

    const patched = await call(zoneRoute.PATCH, "/", {
      method: "PATCH",
      as: staff,
      params: { id },
      body: {
        nameEn: "Japan (air)",
        methods: [method("express", [{ maxGrams: 3000, price: 160_000 }], { active: false })],
      },
    });
    expect(patched.status).toBe(200);
    const after = patched.body as Body & { methods: Body[] };
    expect(after).toMatchObject({ ...zone, nameEn: "Japan (air)" });
    expect(after.methods.map((m) => [m.code, m.active, m.rates])).toEqual([
      ["standard", true, created.body.methods && (created.body.methods as Body[])[0]?.rates],
      ["express", false, [{ maxGrams: 3000, price: 160_000 }]],
    ]);
    // The express method was replaced in place, not added again.
    expect(after.methods[1]?.id).toBe((created.body.methods as Body[])[1]?.id);

    expect((await call(zoneRoute.DELETE, "/", { method: "DELETE", as: staff, params: { id } })).status).toBe(
      204,
    );
    expect((await call(zoneRoute.GET, "/", { as: staff, params: { id } })).status).toBe(404);
    expect(await q(getDb(), sql`select id from shipping_methods where zone_id = ${Number(id)}`)).toEqual([]);
  });

  it("refuses overlaps, bad tables and taken codes with nothing written; unknown zones are 404", async () => {
    const count = async () => (await q(getDb(), sql`select id from shipping_zones`)).length;
    const before = await count();
    const base = { nameTr: "Yeni", nameEn: "New", postalPrefixes: [], chargesTax: true };
    const overlap = await call(zonesRoute.POST, "/", {
      method: "POST",
      as: staff,
      body: { ...base, code: `de-${suffix()}`, countries: ["DE"] },
    });
    expect(overlap.status).toBe(400);
    expect(fieldsOf(overlap)?.countries).toContain("international");
    const badTable = await call(zonesRoute.POST, "/", {
      method: "POST",
      as: staff,
      body: {
        ...base,
        code: `kr-${suffix()}`,
        countries: ["KR"],
        methods: [method("standard", []), method("standard", [{ maxGrams: 10, price: -1 }])],
      },
    });
    expect(badTable.status).toBe(400);
    expect(Object.keys(fieldsOf(badTable) ?? {})).toEqual(
      expect.arrayContaining(["methods.0.rates", "methods.1.rates.0.price", "methods.1"]),
    );
    const taken = await call(zonesRoute.POST, "/", {
      method: "POST",
      as: staff,
      body: {
        ...base,
        code: "istanbul",
        countries: ["KR"],
        methods: [method("standard", [{ maxGrams: 10, price: 1 }])],
      },
    });
    expect(taken.status).toBe(409);
    expect(fieldsOf(taken)?.code).toBeTruthy();
    expect(await count()).toBe(before);

    const [istanbul] = await q<{ id: number }>(
      getDb(),
      sql`select id from shipping_zones where code = 'istanbul'`,
    );
    const id = String(istanbul?.id);
    const abroad = await call(zoneRoute.PATCH, "/", {
      method: "PATCH",
      as: staff,
      params: { id },
      body: { countries: ["DE"] },
    });
    expect(abroad.status).toBe(400);
    expect(fieldsOf(abroad)?.postalPrefixes).toBeTruthy();
    for (const unknown of ["999999", "x"]) {
      const answer = await call(zoneRoute.PATCH, "/", {
        method: "PATCH",
        as: staff,
        params: { id: unknown },
        body: { nameTr: "Yok" },
      });
      expect(answer.status).toBe(404);
    }
  });
});

describe("tax classes", () => {
  it("rates per class; a rate prices still need is 409 IN_USE; a class without a rate takes no products", async () => {
    const list = await call(taxClassesRoute.GET, "/", { as: staff });
    const items = list.body.items as { taxClass: string; rateBp: number; productCount: number }[];
    expect(items.map((item) => item.taxClass)).toEqual(["standard", "reduced", "super_reduced", "zero"]);
    expect(items[0]).toMatchObject({ taxClass: "standard", rateBp: 2000 });

    const standard = await call(taxClassRoute.DELETE, "/", {
      method: "DELETE",
      as: staff,
      params: { taxClass: "standard" },
    });
    expect(standard.status).toBe(409);
    expect(standard.body.error).toMatchObject({ code: "IN_USE", details: { reason: "standard" } });
    const used = items.find((item) => item.taxClass !== "standard" && item.productCount > 0);
    expect(used, "the demo files products under a reduced class").toBeTruthy();
    const inUse = await call(taxClassRoute.DELETE, "/", {
      method: "DELETE",
      as: staff,
      params: { taxClass: String(used?.taxClass) },
    });
    expect(inUse.status).toBe(409);
    expect(inUse.body.error).toMatchObject({
      code: "IN_USE",
      details: { reason: "products", count: used?.productCount },
    });

    // The demo uses every class: the products of `zero` are filed as standard to free that class.
    await q(getDb(), sql`update products set tax_class = 'standard' where tax_class = 'zero'`);
    const free = { taxClass: "zero" };
    const taxClass = String(free?.taxClass);
    expect(
      (await call(taxClassRoute.DELETE, "/", { method: "DELETE", as: staff, params: { taxClass } })).status,
    ).toBe(204);
    expect((await call(taxClassRoute.GET, "/", { as: staff, params: { taxClass } })).status).toBe(404);
    const refused = await product(taxClass);
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused)?.taxClass).toBeTruthy();

    const created = await call(taxClassesRoute.POST, "/", {
      method: "POST",
      as: token,
      body: { taxClass, rateBp: 150 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ taxClass, rateBp: 150, productCount: 0 });
    const twice = await call(taxClassesRoute.POST, "/", {
      method: "POST",
      as: staff,
      body: { taxClass, rateBp: 150 },
    });
    expect(twice.status).toBe(409);
    const patched = await call(taxClassRoute.PATCH, "/", {
      method: "PATCH",
      as: staff,
      params: { taxClass },
      body: { rateBp: 100 },
    });
    expect(patched.body).toMatchObject({ taxClass, rateBp: 100 });
    const [row] = await q<{ rate_bp: number }>(
      getDb(),
      sql`select rate_bp from tax_rates where tax_class = ${taxClass}`,
    );
    expect(row?.rate_bp).toBe(100);
    expect((await product(taxClass)).status).toBe(201);

    const tooHigh = await call(taxClassRoute.PATCH, "/", {
      method: "PATCH",
      as: staff,
      params: { taxClass },
      body: { rateBp: 10_001 },
    });
    expect(tooHigh.status).toBe(400);
    expect(fieldsOf(tooHigh)?.rateBp).toBeTruthy();
    const unknown = await call(taxClassRoute.PATCH, "/", {
      method: "PATCH",
      as: staff,
      params: { taxClass: "luxury" },
      body: { rateBp: 1 },
    });
    expect(unknown.status).toBe(404);
    const unknownCreate = await call(taxClassesRoute.POST, "/", {
      method: "POST",
      as: staff,
      body: { taxClass: "luxury", rateBp: 1 },
    });
    expect(unknownCreate.status).toBe(400);
  });
});

describe("tax classes under concurrency", () => {
  it("a rate deleted while products are filed under its class never leaves a product without a rate", async () => {
    await q(getDb(), sql`update products set tax_class = 'standard' where tax_class = 'super_reduced'`);
    const taxClass = "super_reduced";
    for (let round = 0; round < 4; round++) {
      await q(
        getDb(),
        sql`insert into tax_rates (tax_class, rate_bp) values (${taxClass}, 100) on conflict do nothing`,
      );
      const [deleted, ...created] = await Promise.all([
        call(taxClassRoute.DELETE, "/", { method: "DELETE", as: staff, params: { taxClass } }),
        ...Array.from({ length: 4 }, () => product(taxClass)),
      ]);
      const made = created.filter((answer) => answer.status === 201).length;
      expect(created.every((answer) => answer.status === 201 || answer.status === 400)).toBe(true);
      // Either the rate went first (every later product refused) or a product did (the delete refused).
      expect(deleted?.status).toBe(made > 0 ? 409 : 204);
      const orphans = await q(
        getDb(),
        sql`select p.id from products p where not exists (select 1 from tax_rates t where t.tax_class = p.tax_class)`,
      );
      expect(orphans).toEqual([]);
      await q(getDb(), sql`update products set tax_class = 'standard' where tax_class = ${taxClass}`);
    }
  });
});

describe("fees", () => {
  it("one rule per kind: list, create, get, patch checked as a whole, delete", async () => {
    const list = await call(feesRoute.GET, "/", { as: staff });
    const existing = (list.body.items as Body[])[0];
    expect(existing, "the store has a fee rule").toBeTruthy();
    const kind = String(existing?.kind);
    const twice = await call(feesRoute.POST, "/", { method: "POST", as: staff, body: existing });
    expect(twice.status).toBe(409);
    expect(fieldsOf(twice)?.kind).toBeTruthy();

    const patched = await call(feeRoute.PATCH, "/", {
      method: "PATCH",
      as: token,
      params: { kind },
      body: { amount: 4_990, minOrder: 10_000 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...existing, amount: 4_990, minOrder: 10_000 });
    const crossed = await call(feeRoute.PATCH, "/", {
      method: "PATCH",
      as: staff,
      params: { kind },
      body: { freeAbove: 5_000 },
    });
    expect(crossed.status).toBe(400);
    expect(fieldsOf(crossed)?.freeAbove).toBeTruthy();
    expect((await call(feeRoute.GET, "/", { as: staff, params: { kind } })).body).toEqual(patched.body);

    expect((await call(feeRoute.DELETE, "/", { method: "DELETE", as: staff, params: { kind } })).status).toBe(
      204,
    );
    expect((await call(feeRoute.GET, "/", { as: staff, params: { kind } })).status).toBe(404);
    expect((await call(feeRoute.DELETE, "/", { method: "DELETE", as: staff, params: { kind } })).status).toBe(
      404,
    );
    expect((await call(feeRoute.GET, "/", { as: staff, params: { kind: "tip" } })).status).toBe(404);

    const created = await call(feesRoute.POST, "/", { method: "POST", as: staff, body: existing });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(existing);
  });
});
