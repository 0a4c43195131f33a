import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { idle } from "@/lib/forms/state";

// The catalogue pages' services and server actions: the category tree refuses loops and deleting what is
// still used, brands refuse duplicates, images are accepted by their bytes (JPEG/PNG/WebP/AVIF, ≤ 5 MB),
// stored content-addressed and served back by /media, and every change refreshes the storefront's cache.

const storageDir = vi.hoisted(() => {
  // Uploads of this file go to a folder of its own (read by lib/env.ts on first use).
  const dir = require("node:fs").mkdtempSync(
    require("node:path").join(require("node:os").tmpdir(), "store-media-"),
  );
  process.env.STORAGE_DIR = dir;
  return dir as string;
});
vi.mock("@/lib/auth/session", async () => (await import("./action-support")).authSession);
vi.mock("next-intl/server", async () => (await import("./action-support")).nextIntlServer);
vi.mock("next/cache", async () => (await import("./action-support")).nextCache);

import {
  addVariantAction,
  createProductAction,
  deleteBrandAction,
  deleteCategoryAction,
  saveCategoryAction,
  setProductActiveAction,
  updateProductAction,
  updateVariantAction,
  uploadImageAction,
} from "@/app/actions/admin-catalog";
import { GET as mediaRoute } from "@/app/media/[...key]/route";
import { createBrand, deleteBrand, updateBrand } from "@/lib/catalog/brands";
import { createCategory, deleteCategory, listCategories, updateCategory } from "@/lib/catalog/categories";
import { productCreateSchema } from "@/lib/catalog/edit-schemas";
import { addProductImage, deleteImage, listProductImages, moveImage } from "@/lib/catalog/images";
import { createProduct, getAdminProduct } from "@/lib/catalog/products";
import { findProduct } from "@/lib/catalog/queries";
import { getDb } from "@/lib/db";
import { getStorage } from "@/lib/storage";
import { MAX_IMAGE_BYTES } from "@/lib/storage/check";
import { LocalDiskStorage } from "@/lib/storage/local";
import { png } from "../support/images";
import { actAs, form, nextCache, outcome } from "./action-support";
import { BASE, makeUser, type TestUser } from "./admin-support";
import { countRows, q } from "./checkout-support";

const context = { actor: "Test Personel", locale: "en" as const };
const suffix = () => randomBytes(3).toString("hex");
let staff: TestUser;

beforeAll(async () => {
  staff = await makeUser(getDb(), "staff", "Katalog Personeli");
});

beforeEach(() => {
  nextCache.revalidateTag.mockClear();
  nextCache.revalidatePath.mockClear();
  actAs(staff, "en");
});

/** A tiny image of each kind: just enough bytes to be recognised, plus a unique tail. */
const PNG = (tail = suffix()) => png(tail);
const GIF = () => Buffer.from(`GIF89a${suffix()}`);

async function category(parentId: number | null = null) {
  const s = suffix();
  return createCategory(getDb(), {
    slug: `kat-${s}`,
    name: { tr: `Kat ${s}`, en: `Cat ${s}` },
    parentId,
    position: 0,
  });
}

async function product(categorySlug = "giyim", brand: string | null = null) {
  const s = suffix();
  return createProduct(
    getDb(),
    productCreateSchema.parse({
      name: { tr: `Ürün ${s}`, en: `Product ${s}` },
      slug: `urun-${s}`,
      categorySlug,
      brand,
      variants: [{ sku: `U-${s}`, price: 10_000, weightGrams: 200 }],
    }),
    context,
  );
}

const parentOf = async (id: number) => (await listCategories(getDb())).find((c) => c.id === id)?.parentId;

describe("categories", () => {
  // Services name a refused input's message by its key; the API and the forms put it in words (tested there).
  it("a category cannot go under itself or anything below it, and a refusal changes nothing", async () => {
    const db = getDb();
    const top = await category();
    const middle = await category(top.id);
    const bottom = await category(middle.id);
    const input = { slug: top.slug, name: top.name, position: 0 };
    for (const parentId of [top.id, middle.id, bottom.id]) {
      await expect(updateCategory(db, top.id, { ...input, parentId })).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
        details: { fields: { parentId: { key: "adminCatalog.validation.parentCycle" } } },
      });
    }
    expect(await parentOf(top.id)).toBeNull();
    await expect(updateCategory(db, top.id, { ...input, parentId: 2_000_000_000 })).rejects.toMatchObject({
      details: { fields: { parentId: { key: "adminCatalog.validation.unknownParent" } } },
    });
    // Moving a category elsewhere is fine: the bottom one to the top level.
    const moved = await updateCategory(db, bottom.id, { ...input, slug: bottom.slug, parentId: null });
    expect(moved).toMatchObject({ parentId: null, depth: 0 });
  });

  it("two moves at once can never close a loop", async () => {
    const db = getDb();
    const a = await category();
    const b = await category();
    const results = await Promise.allSettled([
      updateCategory(db, a.id, { slug: a.slug, name: a.name, position: 0, parentId: b.id }),
      updateCategory(db, b.id, { slug: b.slug, name: b.name, position: 0, parentId: a.id }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect([await parentOf(a.id), await parentOf(b.id)].filter((p) => p !== null)).toHaveLength(1);
  });

  it("a slug in use is 409 ALREADY_EXISTS on the slug", async () => {
    const existing = await category();
    await expect(
      createCategory(getDb(), {
        slug: existing.slug,
        name: { tr: "X", en: "X" },
        parentId: null,
        position: 0,
      }),
    ).rejects.toMatchObject({
      code: "ALREADY_EXISTS",
      details: { fields: { slug: { key: "adminCatalog.validation.categorySlugTaken" } } },
    });
  });

  it("deleting a category that holds products or categories is refused with the reason; an empty one goes", async () => {
    const db = getDb();
    const parent = await category();
    const child = await category(parent.id);
    await product(child.slug);
    const before = await countRows(db, "categories");
    await expect(deleteCategory(db, child.id)).rejects.toMatchObject({
      code: "IN_USE",
      status: 409,
      details: { reason: "products", count: 1 },
    });
    await expect(deleteCategory(db, parent.id)).rejects.toMatchObject({
      code: "IN_USE",
      details: { reason: "children", count: 1 },
    });
    expect(await countRows(db, "categories")).toBe(before);

    // The page's action says why, in words.
    const refused = await deleteCategoryAction(idle, form({ id: String(child.id) }));
    expect(refused.message).toBe("1 product is still in this category; move it first.");
    expect(nextCache.revalidateTag).not.toHaveBeenCalled();

    const empty = await category();
    expect(await deleteCategoryAction(idle, form({ id: String(empty.id) }))).toEqual({
      status: "ok",
      message: "Category deleted.",
    });
    expect(await countRows(db, "categories", sql`id = ${empty.id}`)).toBe(0);
    expect(nextCache.revalidateTag).toHaveBeenCalledWith("catalog", { expire: 0 });
  });

  it("the page's save action shows a loop at the parent field and saves a valid change", async () => {
    const top = await category();
    const child = await category(top.id);
    const fields = { id: String(top.id), slug: top.slug, nameTr: "Üst", nameEn: "Top", position: "3" };
    const loop = await saveCategoryAction(idle, form({ ...fields, parentId: String(child.id) }));
    expect(loop.fields?.parentId).toMatch(/under itself/);
    expect(await parentOf(top.id)).toBeNull();
    const saved = await saveCategoryAction(idle, form({ ...fields, parentId: "" }));
    expect(saved.message).toBe("Category Top saved.");
    expect((await listCategories(getDb())).find((c) => c.id === top.id)).toMatchObject({
      name: { tr: "Üst", en: "Top" },
      position: 3,
    });
    expect(nextCache.revalidateTag).toHaveBeenCalledWith("catalog", { expire: 0 });
  });
});

describe("brands", () => {
  it("a slug or a name another brand has (in any letter case) is 409 on that field, and nothing is written", async () => {
    const db = getDb();
    const s = suffix();
    const brand = await createBrand(db, { slug: `marka-${s}`, name: `Çınar ${s}` });
    const before = await countRows(db, "brands");
    await expect(createBrand(db, { slug: `marka-${s}`, name: `Başka ${s}` })).rejects.toMatchObject({
      code: "ALREADY_EXISTS",
      details: { fields: { slug: { key: "adminCatalog.validation.brandSlugTaken" } } },
    });
    const sameName = createBrand(db, { slug: `diger-${s}`, name: `ÇINAR ${s.toUpperCase()}` });
    await expect(sameName).rejects.toMatchObject({
      details: { fields: { name: { key: "adminCatalog.validation.brandNameTaken" } } },
    });
    expect(await countRows(db, "brands")).toBe(before);
    // Its own name and slug are not a conflict.
    await expect(updateBrand(db, brand.id, { slug: brand.slug, name: `Çınar ${s}` })).resolves.toMatchObject({
      id: brand.id,
    });
  });

  it("a brand that products carry cannot be deleted; an unused one can", async () => {
    const db = getDb();
    const s = suffix();
    const used = await createBrand(db, { slug: `kullanilan-${s}`, name: `Kullanılan ${s}` });
    await product("giyim", used.slug);
    await expect(deleteBrand(db, used.id)).rejects.toMatchObject({ code: "IN_USE", details: { count: 1 } });
    const refused = await deleteBrandAction(idle, form({ id: String(used.id) }));
    expect(refused.message).toBe("1 product still carries this brand.");
    expect(await countRows(db, "brands", sql`id = ${used.id}`)).toBe(1);

    const unused = await createBrand(db, { slug: `bos-${s}`, name: `Boş ${s}` });
    expect((await deleteBrandAction(idle, form({ id: String(unused.id) }))).message).toBe("Brand deleted.");
    expect(await countRows(db, "brands", sql`id = ${unused.id}`)).toBe(0);
  });
});

const filesIn = (dir: string) => readdirSync(dir).filter((name) => !name.startsWith("."));

describe("product images", () => {
  it("only real JPEG/PNG/WebP/AVIF bytes up to 5 MB are taken; a refusal stores nothing", async () => {
    const db = getDb();
    const target = await product();
    const storage = new LocalDiskStorage(mkdtempSync(path.join(os.tmpdir(), "store-images-")));
    const upload = (bytes: Uint8Array) =>
      addProductImage(db, storage, target.id, { bytes, alt: { tr: "", en: "" } });

    for (const bytes of [
      GIF(),
      Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"),
      Buffer.from("%PDF-1.7"),
    ]) {
      await expect(upload(bytes)).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
        details: { fields: { file: { key: "forms.image.notAnImage" } } },
      });
    }
    await expect(upload(new Uint8Array())).rejects.toMatchObject({
      details: { fields: { file: { key: "forms.image.noFile" } } },
    });
    const tooBig = Buffer.concat([PNG(), Buffer.alloc(MAX_IMAGE_BYTES)]);
    await expect(upload(tooBig)).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      details: {
        maxBytes: MAX_IMAGE_BYTES,
        fields: { file: { key: "forms.image.tooBig", values: { mb: 5 } } },
      },
    });
    expect(filesIn(storage.directory)).toEqual([]);
    expect(await listProductImages(db, target.id)).toEqual([]);

    // Exactly 5 MB is allowed.
    const largest = Buffer.concat([PNG(""), Buffer.alloc(MAX_IMAGE_BYTES - PNG("").length)]);
    const image = await upload(largest);
    expect(image).toMatchObject({ url: expect.stringMatching(/^\/media\/[0-9a-f]{64}\.png$/), position: 0 });
    // An empty alt text is the product's name.
    expect(image.alt).toEqual(target.name);
  });

  it("the upload action judges the bytes, not the file's name or claimed type", async () => {
    const target = await product();
    const disguised = new File([GIF()], "photo.png", { type: "image/png" });
    const refused = await uploadImageAction(
      idle,
      form({ productId: String(target.id), file: disguised, altTr: "", altEn: "" }),
    );
    expect(refused.fields?.file).toMatch(/JPEG, PNG, WebP or AVIF/);
    expect(nextCache.revalidateTag).not.toHaveBeenCalled();

    const bytes = PNG();
    const honest = new File([bytes], "notes.txt", { type: "text/plain" });
    const done = await uploadImageAction(
      idle,
      form({ productId: String(target.id), file: honest, altTr: "Ön", altEn: "Front" }),
    );
    expect(done).toEqual({ status: "ok", message: "Image uploaded." });
    expect(nextCache.revalidateTag).toHaveBeenCalledWith("catalog", { expire: 0 });
    const [stored] = await listProductImages(getDb(), target.id);
    expect(stored?.alt).toEqual({ tr: "Ön", en: "Front" });
    // Stored under STORAGE_DIR by its content hash.
    const key = stored?.url.replace("/media/", "") ?? "";
    expect(filesIn(storageDir)).toContain(key);
    expect(await readFile(path.join(storageDir, key))).toEqual(bytes);
  });

  it("/media serves a stored file with its type, nosniff and immutable caching; anything else is 404", async () => {
    const bytes = PNG();
    const { key, url } = await getStorage().put(bytes, "image/png");
    const media = (parts: string[]) =>
      mediaRoute(new NextRequest(`${BASE}/media/${parts.join("/")}`), {
        params: Promise.resolve({ key: parts }),
      });
    const served = await media([key]);
    expect(url).toBe(`/media/${key}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);

    const missing = [
      [`${"0".repeat(64)}.png`],
      ["..", "..", "package.json"],
      ["../../package.json"],
      ["..%2F..%2Fpackage.json"],
      [key, "extra"],
      [key.replace(".png", ".svg")],
      [`${key}/..`],
    ];
    for (const parts of missing) {
      const answer = await media(parts);
      expect(answer.status, parts.join("/")).toBe(404);
      expect((await answer.json()).error.code).toBe("NOT_FOUND");
    }
  });

  it("images are re-ordered and deleted; a file shared by two images stays until the last one goes", async () => {
    const db = getDb();
    const storage = new LocalDiskStorage(mkdtempSync(path.join(os.tmpdir(), "store-images-")));
    const first = await product();
    const second = await product();
    const add = (productId: number, bytes: Buffer) =>
      addProductImage(db, storage, productId, { bytes, alt: { tr: "", en: "" } });
    const shared = PNG();
    const a = await add(first.id, shared);
    const b = await add(first.id, PNG());
    const c = await add(second.id, shared);
    expect(a.url).toBe(c.url);

    const reordered = await moveImage(db, b.id, "up");
    expect(reordered.map((image) => [image.id, image.position])).toEqual([
      [b.id, 0],
      [a.id, 1],
    ]);
    // The storefront shows them in that order; the first is the listing picture.
    const shown = await findProduct(db, first.slug, "tr");
    expect(shown?.images.map((image) => image.url)).toEqual([b.url, a.url]);

    await deleteImage(db, storage, a.id);
    expect(filesIn(storage.directory)).toHaveLength(2);
    await deleteImage(db, storage, c.id);
    expect(filesIn(storage.directory)).toEqual([b.url.replace("/media/", "")]);
    expect(await storage.read(a.url.replace("/media/", ""))).toBeNull();
    await expect(deleteImage(db, storage, a.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("the storage round trip: put, read the same bytes and type, delete", async () => {
    const storage = new LocalDiskStorage(mkdtempSync(path.join(os.tmpdir(), "store-images-")));
    const bytes = PNG();
    const once = await storage.put(bytes, "image/png");
    const again = await storage.put(bytes, "image/png");
    expect(again).toEqual(once);
    expect(await storage.read(once.key)).toEqual({ bytes: expect.any(Buffer), contentType: "image/png" });
    expect(Buffer.from((await storage.read(once.key))?.bytes ?? [])).toEqual(bytes);
    await storage.delete(once.key);
    expect(await storage.read(once.key)).toBeNull();
    expect(await storage.read("../package.json")).toBeNull();
    await expect(storage.put(bytes, "image/svg+xml")).rejects.toThrow();
  });
});

describe("product actions", () => {
  it("saving a product changes it and refreshes the storefront; a taken slug is shown at the field and changes nothing", async () => {
    const db = getDb();
    const target = await product();
    const other = await product();
    const fields = {
      id: String(target.id),
      nameTr: "Yeni Ad",
      nameEn: "New Name",
      descriptionTr: "Açıklama",
      descriptionEn: "Description",
      slug: other.slug,
      categorySlug: "giyim",
      brand: "",
      taxClass: "reduced",
    };
    const taken = await updateProductAction(idle, form(fields));
    expect(taken.fields?.slug).toBe("This slug is already used by another product.");
    expect(nextCache.revalidateTag).not.toHaveBeenCalled();
    expect((await getAdminProduct(db, target.id))?.name).toEqual(target.name);

    const saved = await updateProductAction(idle, form({ ...fields, slug: target.slug, featured: "on" }));
    expect(saved).toEqual({ status: "ok", message: "Product saved." });
    expect(await getAdminProduct(db, target.id)).toMatchObject({
      name: { tr: "Yeni Ad", en: "New Name" },
      taxClass: "reduced",
      featured: true,
    });
    expect(nextCache.revalidateTag).toHaveBeenCalledWith("catalog", { expire: 0 });
    expect(nextCache.revalidatePath).toHaveBeenCalledWith(`/admin/products/${target.id}`);
  });

  it("a variant's price is typed in lira: a negative or malformed price is refused at the field", async () => {
    const target = await product();
    const sku = target.variants[0]?.sku ?? "";
    const fields = {
      productId: String(target.id),
      sku,
      nameTr: "Standart",
      nameEn: "Standard",
      attributes: "color: black\nsize: M",
      weightGrams: "250",
      lengthCm: "20",
      widthCm: "15",
      heightCm: "5",
      active: "on",
    };
    for (const price of ["-5", "abc"]) {
      const refused = await updateVariantAction(idle, form({ ...fields, price }));
      expect(refused.fields?.price, price).toBe("Enter an amount such as 125,50 (not negative).");
    }
    const badAttributes = await updateVariantAction(
      idle,
      form({ ...fields, price: "1", attributes: "just text" }),
    );
    expect(badAttributes.fields?.attributes).toMatch(/name: value/);
    expect(nextCache.revalidateTag).not.toHaveBeenCalled();

    expect((await updateVariantAction(idle, form({ ...fields, price: "1.249,90" }))).message).toBe(
      `Variant ${sku} saved.`,
    );
    const [variant] = (await getAdminProduct(getDb(), target.id))?.variants ?? [];
    expect(variant).toMatchObject({
      price: 124_990,
      weightGrams: 250,
      lengthCm: 20,
      attributes: { color: "black", size: "M" },
    });
    expect(nextCache.revalidateTag).toHaveBeenCalledWith("catalog", { expire: 0 });
  });

  it("creating a product goes to its page; a SKU in use is shown at the SKU field", async () => {
    const db = getDb();
    const s = suffix();
    const taken = await product();
    const fields = {
      nameTr: "Kupa",
      nameEn: "Mug",
      slug: `kupa-${s}`,
      categorySlug: "giyim",
      taxClass: "standard",
      price: "149,90",
      weightGrams: "350",
      stock: "4",
      active: "on",
    };
    const refused = await createProductAction(idle, form({ ...fields, sku: taken.variants[0]?.sku ?? "" }));
    expect(refused.fields?.sku).toBe("This SKU is already used.");
    expect(await countRows(db, "products", sql`slug = ${`kupa-${s}`}`)).toBe(0);

    const created = await outcome(() => createProductAction(idle, form({ ...fields, sku: `kupa-${s}` })));
    const [row] = await q<{ id: number }>(db, sql`select id from products where slug = ${`kupa-${s}`}`);
    expect(created).toEqual({ kind: "redirect", to: `/admin/products/${row?.id}` });
    expect(await getAdminProduct(db, row?.id ?? 0)).toMatchObject({
      active: true,
      variants: [{ sku: `KUPA-${s.toUpperCase()}`, price: 14_990, weightGrams: 350, onHand: 4 }],
    });
    expect(nextCache.revalidateTag).toHaveBeenCalledWith("catalog", { expire: 0 });
  });

  it("hiding a product takes the confirmation box; putting it back on sale does not", async () => {
    const db = getDb();
    const target = await product();
    const hide = { id: String(target.id), active: "false" };
    const unconfirmed = await setProductActiveAction(idle, form(hide));
    expect(unconfirmed.fields?.confirm).toBe("Tick the box to confirm.");
    expect((await getAdminProduct(db, target.id))?.active).toBe(true);
    expect(nextCache.revalidateTag).not.toHaveBeenCalled();

    expect(await setProductActiveAction(idle, form({ ...hide, confirm: "on" }))).toEqual({
      status: "ok",
      message: "The product is hidden from the store.",
    });
    expect((await getAdminProduct(db, target.id))?.active).toBe(false);
    expect(await findProduct(db, target.slug, "tr")).toBeNull();
    expect(nextCache.revalidateTag).toHaveBeenCalledWith("catalog", { expire: 0 });
    await setProductActiveAction(idle, form({ id: String(target.id), active: "true" }));
    expect((await getAdminProduct(db, target.id))?.active).toBe(true);
  });

  it("a variant is added with no stock; a SKU in use or an empty price is shown at its field", async () => {
    const db = getDb();
    const target = await product();
    const other = await product();
    const s = suffix();
    const fields = {
      productId: String(target.id),
      nameTr: "Büyük",
      nameEn: "Large",
      price: "150",
      weightGrams: "400",
      lengthCm: "10",
      widthCm: "10",
      heightCm: "10",
      attributes: "size: L",
      active: "on",
    };
    const taken = await addVariantAction(idle, form({ ...fields, sku: other.variants[0]?.sku ?? "" }));
    expect(taken.fields?.sku).toBe("This SKU is already used.");
    const empty = await addVariantAction(idle, form({ ...fields, sku: `yeni-${s}`, price: "" }));
    expect(empty.fields?.price).toBe("This field is required.");
    expect((await getAdminProduct(db, target.id))?.variants).toHaveLength(1);

    const added = await addVariantAction(idle, form({ ...fields, sku: `yeni-${s}` }));
    expect(added.message).toMatch(/^Variant YENI-.* added with no stock/);
    expect((await getAdminProduct(db, target.id))?.variants[1]).toMatchObject({
      sku: `YENI-${s.toUpperCase()}`,
      name: { tr: "Büyük", en: "Large" },
      price: 15_000,
      attributes: { size: "L" },
      onHand: 0,
    });
    expect(nextCache.revalidateTag).toHaveBeenCalledWith("catalog", { expire: 0 });
  });
});
