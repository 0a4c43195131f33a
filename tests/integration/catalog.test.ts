import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { availability, categoryTree, findProduct, listProducts } from "@/lib/catalog/queries";
import { listQuerySchema } from "@/lib/catalog/schemas";
import { getDb } from "@/lib/db";

const query = (input: Record<string, unknown> = {}) => listQuerySchema.parse({ limit: 100, ...input });

describe("catalogue queries on the seeded demo store", () => {
  it("lists only active products, with totals and pages that add up", async () => {
    const db = getDb();
    const [{ active }] = (await db.execute(
      sql`select count(*)::int as active from products where active`,
    )) as unknown as [{ active: number }];
    const all = await listProducts(db, query(), "tr");
    expect(all.total).toBe(active);
    expect(all.items).toHaveLength(Math.min(active, 100));

    const first = await listProducts(db, query({ limit: 5, page: 1 }), "tr");
    const second = await listProducts(db, query({ limit: 5, page: 2 }), "tr");
    expect(first.total).toBe(active);
    expect(first.items).toHaveLength(5);
    expect(second.items.map((i) => i.slug)).not.toEqual(first.items.map((i) => i.slug));

    const beyond = await listProducts(db, query({ limit: 5, page: 999 }), "tr");
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(active);
  });

  it("never lists the inactive product", async () => {
    const db = getDb();
    const [inactive] = (await db.execute(
      sql`select slug from products where not active limit 1`,
    )) as unknown as [{ slug: string }];
    expect(inactive).toBeDefined();
    const all = await listProducts(db, query(), "tr");
    expect(all.items.map((i) => i.slug)).not.toContain(inactive.slug);
    expect(await findProduct(db, inactive.slug, "tr")).toBeNull();
  });

  it.each([["İstanbul"], ["istanbul"], ["ISTANBUL"], ["iSTANBUL"]])(
    "finds İstanbul products for %s regardless of case and dotted/dotless i",
    async (q) => {
      const result = await listProducts(getDb(), query({ q }), "tr");
      expect(result.total).toBeGreaterThanOrEqual(2);
      for (const item of result.items) expect(item.name.toLocaleLowerCase("tr")).toContain("istanbul");
    },
  );

  it("finds çanta when searching canta, CANTA or Çanta", async () => {
    const totals = await Promise.all(
      ["canta", "CANTA", "Çanta", "çanta"].map((q) => listProducts(getDb(), query({ q }), "tr")),
    );
    expect(totals[0]?.total).toBeGreaterThanOrEqual(3);
    for (const result of totals) expect(result.total).toBe(totals[0]?.total);
    expect(totals[0]?.items.some((i) => i.name.includes("Çanta") || i.name.includes("çanta"))).toBe(true);
  });

  it("treats SQL and LIKE metacharacters in the search as plain text", async () => {
    const db = getDb();
    for (const q of ["'; drop table products; --", "_", "\\", "zz%zz"]) {
      const result = await listProducts(db, query({ q }), "tr");
      expect(result.total).toBe(0);
    }
    // "%" finds only the products whose text really contains a percent sign (e.g. "%100 pamuk").
    const percent = await listProducts(db, query({ q: "%" }), "tr");
    const [{ literal, active }] =
      (await db.execute(sql`select count(*) filter (where strpos(search_text, '%') > 0)::int
      as literal, count(*)::int as active from products where active`)) as unknown as [
        { literal: number; active: number },
      ];
    expect(percent.total).toBe(literal);
    expect(percent.total).toBeLessThan(active);
    const [{ n }] = (await db.execute(sql`select count(*)::int as n from products`)) as unknown as [
      { n: number },
    ];
    expect(n).toBeGreaterThan(40);
  });

  it("filters by a parent category including its children, and by brand", async () => {
    const db = getDb();
    const tree = await categoryTree(db, "tr");
    const parent = tree.find((c) => c.children.length > 0);
    expect(parent).toBeDefined();
    if (!parent) return;
    const parentResult = await listProducts(db, query({ category: parent.slug }), "tr");
    const childTotals = await Promise.all(
      parent.children.map((child) => listProducts(db, query({ category: child.slug }), "tr")),
    );
    const childSum = childTotals.reduce((sum, r) => sum + r.total, 0);
    expect(childSum).toBeGreaterThan(0);
    expect(parentResult.total).toBeGreaterThanOrEqual(childSum);

    const [{ slug: brand }] =
      (await db.execute(sql`select b.slug from brands b join products p on p.brand_id = b.id
      where p.active group by b.slug order by count(*) desc limit 1`)) as unknown as [{ slug: string }];
    const byBrand = await listProducts(db, query({ brand }), "tr");
    const [{ n }] =
      (await db.execute(sql`select count(*)::int as n from products p join brands b on b.id = p.brand_id
      where b.slug = ${brand} and p.active`)) as unknown as [{ n: number }];
    expect(byBrand.total).toBe(n);
  });

  it("sorts by price both ways and by newest, and filters by price range in minor units", async () => {
    const db = getDb();
    const asc = (await listProducts(db, query({ sort: "price_asc" }), "tr")).items.map((i) => i.priceFrom);
    const desc = (await listProducts(db, query({ sort: "price_desc" }), "tr")).items.map((i) => i.priceFrom);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    expect(desc).toEqual([...desc].sort((a, b) => b - a));

    const ranged = await listProducts(db, query({ minPrice: 50000, maxPrice: 150000 }), "tr");
    expect(ranged.total).toBeGreaterThan(0);
    for (const item of ranged.items) {
      expect(item.priceFrom).toBeGreaterThanOrEqual(50000);
      expect(item.priceFrom).toBeLessThanOrEqual(150000);
    }

    const newest = await listProducts(db, query({ sort: "newest", limit: 2 }), "tr");
    const [latest] = (await db.execute(
      sql`select slug from products where active order by created_at desc, id desc limit 1`,
    )) as unknown as [{ slug: string }];
    expect(newest.items[0]?.slug).toBe(latest.slug);
  });

  it("speaks the requested language", async () => {
    const db = getDb();
    const [row] =
      (await db.execute(sql`select slug, name_tr, name_en from products where active and name_tr <> name_en
      limit 1`)) as unknown as [{ slug: string; name_tr: string; name_en: string }];
    expect((await findProduct(db, row.slug, "tr"))?.name).toBe(row.name_tr);
    expect((await findProduct(db, row.slug, "en"))?.name).toBe(row.name_en);
  });

  it("reports available = on_hand - reserved for each variant, and sold-out products as not in stock", async () => {
    const db = getDb();
    const [variant] =
      (await db.execute(sql`select v.id, p.slug from variants v join products p on p.id = v.product_id
      join inventory i on i.variant_id = v.id where p.active and i.on_hand >= 5 limit 1`)) as unknown as [
        { id: number; slug: string },
      ];
    await db.execute(sql`update inventory set reserved = 2 where variant_id = ${variant.id}`);
    const [{ on_hand }] = (await db.execute(
      sql`select on_hand from inventory where variant_id = ${variant.id}`,
    )) as unknown as [{ on_hand: number }];
    const stock = await availability(db, [variant.id]);
    expect(stock.get(variant.id)).toBe(on_hand - 2);

    const [soldOut] =
      (await db.execute(sql`select p.slug from products p join variants v on v.product_id = p.id
      join inventory i on i.variant_id = v.id where p.active group by p.slug having sum(i.on_hand) = 0 limit 1`)) as unknown as [
        { slug: string },
      ];
    expect(soldOut).toBeDefined();
    const listed = (await listProducts(db, query(), "tr")).items.find((i) => i.slug === soldOut.slug);
    expect(listed?.inStock).toBe(false);
  });

  it("refuses to let reserved exceed on_hand at the database level", async () => {
    const db = getDb();
    const [variant] = (await db.execute(
      sql`select variant_id, on_hand from inventory limit 1`,
    )) as unknown as [{ variant_id: number; on_hand: number }];
    await expect(
      db.execute(
        sql`update inventory set reserved = ${variant.on_hand + 1} where variant_id = ${variant.variant_id}`,
      ),
    ).rejects.toThrow();
    await expect(
      db.execute(sql`update inventory set reserved = -1 where variant_id = ${variant.variant_id}`),
    ).rejects.toThrow();
  });
});
