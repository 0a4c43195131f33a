// Compare: GET /api/compare's aligned rows and refusals, and the visitor's list in its signed cookie.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { toggleCompareAction } from "@/app/actions/compare";
import { DELETE as removeRoute } from "@/app/api/compare/items/[slug]/route";
import { POST as addRoute, GET as listRoute } from "@/app/api/compare/items/route";
import { GET as compareRoute } from "@/app/api/compare/route";
import { rowDiffers } from "@/lib/compare/service";
import { COMPARE_COOKIE, signCompareList } from "@/lib/compare/session";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { actAs, form, outcome, requestHeaders } from "./action-support";
import { call } from "./admin-support";
import { q } from "./checkout-support";

vi.mock("@/lib/auth/session", async () => (await import("./action-support")).authSession);
vi.mock("next-intl/server", async () => (await import("./action-support")).nextIntlServer);
vi.mock("next/cache", async () => (await import("./action-support")).nextCache);
vi.mock("next/headers", async () => (await import("./action-support")).nextHeaders);
const { jar } = requestHeaders;

beforeEach(() => {
  jar.clear();
  actAs(null);
  requestHeaders.script = false;
});

/** A product on sale with one variant per attribute set; its slug. */
async function product(
  name: string,
  variants: { attributes: Record<string, string>; price: number; stock: number; active?: boolean }[],
  options: { brand?: string | null; active?: boolean } = {},
): Promise<string> {
  const slug = `${name}-${randomBytes(3).toString("hex")}`;
  const brand =
    options.brand === null
      ? null
      : ((
          await q<{ id: number }>(
            getDb(),
            sql`insert into brands (slug, name) values (${slug}, ${options.brand ?? "Anadolu"}) returning id`,
          )
        )[0]?.id ?? null);
  const [made] = await q<{ id: number }>(
    getDb(),
    sql`insert into products (slug, name_tr, name_en, category_id, brand_id, active)
      values (${slug}, ${`${name} TR`}, ${`${name} EN`}, (select id from categories order by id limit 1),
        ${brand}, ${options.active ?? true})
      returning id`,
  );
  for (const [index, variant] of variants.entries()) {
    const [row] = await q<{ id: number }>(
      getDb(),
      sql`insert into variants (product_id, sku, name_tr, name_en, attributes, price, weight_grams, length_cm,
          width_cm, height_cm, position, active)
        values (${made?.id}, ${`${slug}-${index}`.toUpperCase()}, 'V', 'V', ${JSON.stringify(variant.attributes)}::jsonb,
          ${variant.price}, 100, 10, 10, 10, ${index}, ${variant.active ?? true})
        returning id`,
    );
    await q(getDb(), sql`insert into inventory (variant_id, on_hand) values (${row?.id}, ${variant.stock})`);
  }
  return slug;
}

const compare = (slugs: string, headers?: Record<string, string>) =>
  call(compareRoute, `/api/compare?slugs=${encodeURIComponent(slugs)}`, { headers });

describe("GET /api/compare", () => {
  it("aligns the variants' attributes in rows, one value per product, null where it has none", async () => {
    const shirt = await product("gomlek", [
      { attributes: { color: "white", size: "S" }, price: 30_000, stock: 0 },
      { attributes: { color: "black", size: "M" }, price: 25_000, stock: 2 },
      { attributes: { color: "white", size: "M" }, price: 27_000, stock: 1 },
      // Off sale: neither its value nor its price counts.
      { attributes: { color: "red", size: "XL" }, price: 1_000, stock: 5, active: false },
    ]);
    const bag = await product(
      "canta",
      [{ attributes: { color: "black", material: "deri" }, price: 90_000, stock: 0 }],
      {
        brand: null,
      },
    );
    const answer = await compare(`${bag},${shirt}`);
    expect(answer.status).toBe(200);
    expect(answer.body.products).toEqual([
      expect.objectContaining({
        slug: bag,
        name: "canta TR",
        brand: null,
        priceFrom: 90_000,
        inStock: false,
      }),
      expect.objectContaining({
        slug: shirt,
        name: "gomlek TR",
        brand: "Anadolu",
        priceFrom: 25_000,
        inStock: true,
      }),
    ]);
    expect(answer.body.attributes).toEqual([
      { name: "Renk", values: ["Siyah", "Beyaz, Siyah"] },
      { name: "Beden", values: [null, "S, M"] },
      { name: "material", values: ["deri", null] },
    ]);

    const english = await compare(`${shirt},${bag}`, { cookie: "NEXT_LOCALE=en" });
    expect((english.body.products as { name: string }[]).map((p) => p.name)).toEqual([
      "gomlek EN",
      "canta EN",
    ]);
    expect(english.body.attributes).toEqual([
      { name: "Colour", values: ["White, Black", "Black"] },
      { name: "Size", values: ["S, M", null] },
      { name: "material", values: [null, "deri"] },
    ]);
  });

  it("marks a row as differing when any value differs, a missing one included", () => {
    expect(rowDiffers(["Siyah", "Siyah"])).toBe(false);
    expect(rowDiffers(["Siyah", "Beyaz"])).toBe(true);
    expect(rowDiffers(["S", null])).toBe(true);
    expect(rowDiffers([null, null])).toBe(false);
  });

  it("refuses no slug, more than four, a repeated or malformed one (400) and unknown or off-sale ones (404)", async () => {
    const slugs = await Promise.all(
      ["a", "b", "c", "d", "e"].map((name) => product(name, [{ attributes: {}, price: 100, stock: 1 }])),
    );
    const hidden = await product("gizli", [{ attributes: {}, price: 100, stock: 1 }], { active: false });
    const noVariant = await product("bos", [{ attributes: {}, price: 100, stock: 1, active: false }]);
    expect((await compare(slugs.slice(0, 4).join(","))).status).toBe(200);
    for (const bad of ["", slugs.join(","), `${slugs[0]},${slugs[0]}`, "Ürün!", `${slugs[0]},`]) {
      const answer = await compare(bad);
      expect(answer.status, bad).toBe(400);
      expect(answer.body.error?.code).toBe("VALIDATION_FAILED");
    }
    expect((await call(compareRoute, "/api/compare")).status).toBe(400);
    for (const missing of ["yok-boyle-bir-urun", hidden, noVariant]) {
      const answer = await compare(`${slugs[0]},${missing}`);
      expect(answer.status).toBe(404);
      expect(answer.body.error).toMatchObject({ code: "PRODUCT_NOT_FOUND", details: { slug: missing } });
    }
  });
});

describe("the visitor's compare list", () => {
  const slugsOf = (body: Record<string, unknown>) => body.slugs as string[];
  const add = (slug: string) => call(addRoute, "/api/compare/items", { method: "POST", body: { slug } });
  const remove = (slug: string) =>
    call(removeRoute, `/api/compare/items/${slug}`, { method: "DELETE", params: { slug } });

  it("keeps up to four products in a signed cookie, in the order added, and refuses a fifth", async () => {
    const slugs = await Promise.all(
      ["k1", "k2", "k3", "k4", "k5"].map((name) => product(name, [{ attributes: {}, price: 100, stock: 1 }])),
    );
    const [a = "", b = "", c = "", d = "", e = ""] = slugs;
    expect((await call(listRoute, "/api/compare/items")).body).toEqual({ slugs: [] });
    const first = await add(a);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("private, no-store");
    expect(jar.get(COMPARE_COOKIE)).toBe(signCompareList([a], env().AUTH_SECRET));
    await add(b);
    expect(slugsOf((await add(a)).body)).toEqual([a, b]);
    await add(c);
    expect(slugsOf((await add(d)).body)).toEqual([a, b, c, d]);

    const fifth = await add(e);
    expect(fifth.status).toBe(422);
    expect(fifth.body.error).toMatchObject({ code: "COMPARE_FULL", details: { max: 4 } });
    expect(fifth.body.error?.message).toContain("en fazla 4");
    expect(slugsOf((await call(listRoute, "/api/compare/items")).body)).toEqual([a, b, c, d]);

    expect(slugsOf((await remove(b)).body)).toEqual([a, c, d]);
    expect(slugsOf((await remove(b)).body)).toEqual([a, c, d]);
    expect(slugsOf((await add(e)).body)).toEqual([a, c, d, e]);
    for (const slug of [a, c, d, e]) await remove(slug);
    expect(jar.has(COMPARE_COOKIE)).toBe(false);
  });

  it("refuses an unknown product and reads a tampered cookie as an empty list", async () => {
    const a = await product("t1", [{ attributes: {}, price: 100, stock: 1 }]);
    const unknown = await add("yok-boyle-bir-urun");
    expect(unknown.status).toBe(404);
    expect(jar.has(COMPARE_COOKIE)).toBe(false);
    expect((await add("KÖTÜ")).status).toBe(400);

    jar.set(COMPARE_COOKIE, `${a}_baska-urun.${signCompareList([a], env().AUTH_SECRET).split(".")[1]}`);
    expect((await call(listRoute, "/api/compare/items")).body).toEqual({ slugs: [] });
  });

  it("adds and removes through the form action: a plain post lands on the compare page, a full list says so", async () => {
    const slugs = await Promise.all(
      ["f1", "f2", "f3", "f4", "f5"].map((name) => product(name, [{ attributes: {}, price: 100, stock: 1 }])),
    );
    for (const slug of slugs.slice(0, 4)) {
      expect(await outcome(() => toggleCompareAction(form({ slug, intent: "add" })))).toEqual({
        kind: "redirect",
        to: "/compare",
      });
    }
    expect(await outcome(() => toggleCompareAction(form({ slug: slugs[4] ?? "", intent: "add" })))).toEqual({
      kind: "redirect",
      to: "/compare?full=1",
    });
    requestHeaders.script = true;
    const removed = await outcome(() =>
      toggleCompareAction(form({ slug: slugs[0] ?? "", intent: "remove" })),
    );
    expect(removed).toMatchObject({ kind: "done", value: { status: "ok" } });
    expect(slugsOf((await call(listRoute, "/api/compare/items")).body)).toEqual(slugs.slice(1, 4));
  });
});
