import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it, vi } from "vitest";
import { createSynonymsAction, deleteSynonymsAction } from "@/app/actions/admin-search";
import { GET as suggestRoute } from "@/app/api/search/suggest/route";
import { rows } from "@/db/client";
import { listProducts } from "@/lib/catalog/queries";
import { listQuerySchema } from "@/lib/catalog/schemas";
import { getDb } from "@/lib/db";
import { idle } from "@/lib/forms/state";
import { productsMatch, searchWords } from "@/lib/search/match";
import { recordSearch } from "@/lib/search/popular";
import { synonymInputSchema } from "@/lib/search/schemas";
import { suggest } from "@/lib/search/suggest";
import { cachedSuggest } from "@/lib/search/suggest-cache";
import { createSynonyms, deleteSynonyms, listSynonyms } from "@/lib/search/synonyms";
import { actAs, form, outcome } from "./action-support";
import { call, makeUser } from "./admin-support";

vi.mock("@/lib/auth/session", async () => (await import("./action-support")).authSession);
vi.mock("next-intl/server", async () => (await import("./action-support")).nextIntlServer);
vi.mock("next/cache", async () => (await import("./action-support")).nextCache);

const results = (q: string, limit = 100) => listProducts(getDb(), listQuerySchema.parse({ q, limit }), "tr");
const slugs = (items: { slug: string }[]) => items.map((item) => item.slug);

describe("search suggestions and the results page", () => {
  it("folds Turkish letters and case both ways: canta finds çanta, İSTANBUL is istanbul, ı is i", async () => {
    const db = getDb();
    const canta = await suggest(db, "canta", "tr");
    expect(canta.products.length).toBeGreaterThanOrEqual(2);
    expect(canta.products[0]?.name).toMatch(/çanta/i);
    expect(canta.categories.map((c) => c.slug)).toContain("canta-aksesuar");
    for (const q of ["ÇANTA", "Çanta", "çanta", "CANTA"]) {
      expect(slugs((await suggest(db, q, "tr")).products)).toEqual(slugs(canta.products));
    }
    const upper = await suggest(db, "İSTANBUL", "tr");
    expect(upper.products.length).toBeGreaterThan(0);
    expect(slugs((await suggest(db, "istanbul", "tr")).products)).toEqual(slugs(upper.products));
    expect(slugs((await suggest(db, "ıstanbul", "tr")).products)).toEqual(slugs(upper.products));
    const kadin = await results("kadin");
    expect(kadin.total).toBeGreaterThan(0);
    expect((await results("KADIN")).total).toBe(kadin.total);
    expect((await results("kadın")).total).toBe(kadin.total);
  });

  it("tolerates typos: ayakabı finds ayakkabı on both the suggestions and the results page", async () => {
    const exact = await results("ayakkabı");
    const typo = await results("ayakabı");
    expect(exact.total).toBeGreaterThanOrEqual(3);
    expect(slugs(typo.items)).toEqual(expect.arrayContaining(slugs(exact.items)));
    const suggested = await suggest(getDb(), "ayakabı", "tr");
    expect(suggested.products[0]?.name).toMatch(/ayakkabı/i);
    expect(suggested.categories.map((c) => c.slug)).toContain("ayakkabi");
    // Two letters are matched as they are: no guessing on so little.
    expect((await results("qx")).total).toBe(0);
  });

  it("lists the same products in the same order on the results page as in the suggestions", async () => {
    for (const q of ["canta", "deri", "pamuklu tişört", "ayakabı"]) {
      const suggested = await suggest(getDb(), q, "tr");
      const listed = await results(q, 8);
      expect(suggested.products.length).toBeGreaterThan(0);
      expect(slugs(suggested.products)).toEqual(slugs(listed.items));
      expect(suggested.products[0]).toEqual({
        slug: listed.items[0]?.slug,
        name: listed.items[0]?.name,
        image: listed.items[0]?.image,
        priceFrom: listed.items[0]?.priceFrom,
      });
    }
    // An explicit sort still wins over relevance.
    const byPrice = await listProducts(
      getDb(),
      listQuerySchema.parse({ q: "canta", sort: "price_asc", limit: 100 }),
      "tr",
    );
    const prices = byPrice.items.map((item) => item.priceFrom);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it("ranks products in stock above sold-out ones, the best match first among each", async () => {
    const db = getDb();
    const before = await results("canta");
    const best = before.items[0];
    expect(best?.inStock).toBe(true);
    await db.execute(sql`update inventory set on_hand = 0, reserved = 0 where variant_id in
      (select v.id from variants v join products p on p.id = v.product_id where p.slug = ${best?.slug})`);
    const after = await results("canta");
    const stock = after.items.map((item) => item.inStock);
    expect(stock).toEqual([...stock].sort((a, b) => Number(b) - Number(a)));
    expect(after.items.find((item) => item.slug === best?.slug)?.inStock).toBe(false);
    expect(slugs((await suggest(db, "canta", "tr")).products)).toEqual(slugs(after.items.slice(0, 8)));
    expect(slugs((await suggest(db, "canta", "tr")).products)[0]).not.toBe(best?.slug);
  });

  it("finds a word through a synonym group staff added, on both, until it is deleted", async () => {
    const db = getDb();
    expect((await results("süveter")).total).toBe(0);
    const input = synonymInputSchema.parse({ terms: " Kazak ,süveter, SÜVETER , kazak" });
    expect(input.terms).toEqual(["kazak", "süveter"]);
    const group = await createSynonyms(db, input);
    expect(await listSynonyms(db)).toContainEqual(group);

    const kazak = await results("kazak");
    expect(kazak.total).toBeGreaterThan(0);
    expect(slugs((await results("SUVETER")).items)).toEqual(expect.arrayContaining(slugs(kazak.items)));
    expect((await suggest(db, "süveter", "tr")).products[0]?.name).toMatch(/kazak/i);
    const tisort = await createSynonyms(db, synonymInputSchema.parse({ terms: "tshirt, tişört" }));
    expect((await results("tshirt")).total).toBe((await results("tişört")).total);

    await deleteSynonyms(db, group.id);
    await deleteSynonyms(db, tisort.id);
    expect((await results("süveter")).total).toBe(0);
    await expect(deleteSynonyms(db, group.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(synonymInputSchema.safeParse({ terms: "kazak" }).success).toBe(false);
    expect(synonymInputSchema.safeParse({ terms: "kazak, kazak" }).success).toBe(false);
  });

  it("keeps an answer 30 s, shared by shoppers asking at once, and forgets them all when synonyms change", async () => {
    const db = getDb();
    const spy = vi.spyOn(db, "execute");
    const together = await Promise.all(Array.from({ length: 8 }, () => cachedSuggest(db, "süveter", "tr")));
    const queries = spy.mock.calls.length;
    spy.mockRestore();
    expect(together[0]?.products).toEqual([]);
    expect(new Set(together).size).toBe(1); // one answer object: one lookup for the eight
    expect(queries).toBeGreaterThan(0);

    // A synonym group added on this server shows at once; the 30 s are up for any other change.
    const group = await createSynonyms(db, synonymInputSchema.parse({ terms: "kazak, süveter" }));
    try {
      const now = Date.now();
      const fresh = await cachedSuggest(db, "Süveter", "tr", now);
      expect(fresh.products[0]?.name).toMatch(/kazak/i);
      await deleteSynonyms(db, group.id);
      expect((await cachedSuggest(db, "süveter", "tr", now)).products).toEqual([]);
      const kept = await cachedSuggest(db, "süveter", "tr", now);
      expect(await cachedSuggest(db, "süveter", "tr", now + 29_000)).toBe(kept);
      expect(await cachedSuggest(db, "süveter", "tr", now + 31_000)).not.toBe(kept);
    } finally {
      await deleteSynonyms(db, group.id).catch(() => {});
    }
  });

  it("lets staff, and only staff, add and delete synonym groups in /admin/search", async () => {
    const db = getDb();
    actAs(await makeUser(db, "customer"));
    expect(await outcome(() => createSynonymsAction(idle, form({ terms: "hırka, kardigan" })))).toEqual({
      kind: "forbidden",
    });
    actAs(await makeUser(db, "staff"));
    const refused = await createSynonymsAction(idle, form({ terms: "hırka" }));
    expect(refused).toMatchObject({
      status: "error",
      fields: { terms: expect.stringContaining("2 ile 10") },
    });
    const created = await createSynonymsAction(idle, form({ terms: "Hırka, kardigan" }));
    expect(created).toMatchObject({ status: "ok", message: "Eklendi: hırka, kardigan." });
    const group = (await listSynonyms(db)).find((g) => g.terms.includes("kardigan"));
    expect(group?.terms).toEqual(["hırka", "kardigan"]);
    expect((await results("kardigan")).total).toBe((await results("hırka")).total);
    expect(await deleteSynonymsAction(idle, form({ id: String(group?.id) }))).toMatchObject({ status: "ok" });
    expect(await listSynonyms(db)).toEqual([]);
  });

  it("suggests searches made at least three times that start with or resemble the text, counted exactly under concurrency", async () => {
    const db = getDb();
    const url = process.env.DATABASE_URL as string;
    const clients = Array.from({ length: 12 }, () => postgres(url, { max: 1, onnotice: () => {} }));
    try {
      // Twelve connections counting the same search at once: no count is lost.
      await Promise.all(
        clients.map(async (client) => {
          for (let i = 0; i < 3; i++) {
            await client`insert into search_queries (query, text) values (store_fold('deri çanta'), 'deri çanta')
              on conflict (query) do update set count = search_queries.count + 1`;
          }
        }),
      );
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    await Promise.all(Array.from({ length: 12 }, () => recordSearch(db, "  Deri   ÇANTA ")));
    const [counted] = await rows<{ count: number }>(
      db,
      sql`select count from search_queries where query = 'deri canta'`,
    );
    expect(counted?.count).toBe(48);

    for (let i = 0; i < 2; i++) await recordSearch(db, "kadife elbise");
    expect((await suggest(db, "deri", "tr")).queries).toContain("deri çanta");
    expect((await suggest(db, "DERİ C", "tr")).queries).toContain("deri çanta");
    expect((await suggest(db, "deri cnta", "tr")).queries).toContain("deri çanta");
    // Searched twice only: not shown to others yet.
    expect((await suggest(db, "kadife", "tr")).queries).toEqual([]);
    await recordSearch(db, "kadife elbise");
    expect((await suggest(db, "kadife", "tr")).queries).toEqual(["kadife elbise"]);
  });

  it("answers the contract's shape in the request's language, and 400 for an empty or overlong q", async () => {
    const ok = await call(suggestRoute, "/api/search/suggest?q=canta", {
      headers: { "accept-language": "en" },
    });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body).sort()).toEqual(["brands", "categories", "products", "queries"]);
    expect((ok.body.categories as { name: string }[]).map((c) => c.name)).toContain("Bags & Accessories");
    expect(ok.headers.get("cache-control")).toContain("s-maxage");
    const [queriesBefore] = await rows<{ n: number }>(
      getDb(),
      sql`select count(*)::int as n from search_queries`,
    );
    for (const q of ["", "q=", "q=%20%20", `q=${"a".repeat(101)}`]) {
      const refused = await call(suggestRoute, `/api/search/suggest?${q}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error?.code).toBe("VALIDATION_FAILED");
    }
    const [queriesAfter] = await rows<{ n: number }>(
      getDb(),
      sql`select count(*)::int as n from search_queries`,
    );
    expect(queriesAfter?.n).toBe(queriesBefore?.n);
    const edge = await call(
      suggestRoute,
      `/api/search/suggest?q=${encodeURIComponent(`%_\\'; ${"ş".repeat(90)}`)}`,
    );
    expect(edge.status).toBe(200);
    expect(edge.body.products).toEqual([]);
  });

  it("uses the trigram index on a catalogue of 10,000 products", async () => {
    const db = getDb();
    await db.execute(sql`insert into products (slug, name_tr, name_en, description_tr, category_id)
      select 'bench-' || g, 'Ürün ' || g || ' ' || md5(g::text), 'Product ' || g, md5((g * 7)::text),
        ids[1 + g % cardinality(ids)]
      from generate_series(1, 10000) g, (select array_agg(id) as ids from categories) c`);
    // As autovacuum leaves it: the GIN index's pending list merged, statistics taken.
    await db.execute(sql`vacuum analyze products`);
    for (const q of ["canta", "ayakabı"]) {
      const words = await searchWords(db, q);
      const plan = await rows<{ "QUERY PLAN": string }>(
        db,
        sql`explain select p.id from products p where ${productsMatch(words)}`,
      );
      const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
      expect(text).toContain("products_search_text_trgm_index");
      expect(text).not.toMatch(/Seq Scan on products/);
    }
  });
});
