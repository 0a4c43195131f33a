import { describe, expect, it } from "vitest";
import { lenientListQuery, listQuerySchema, productSlugSchema } from "@/lib/catalog/schemas";

const DEFAULTS = { sort: "newest", page: 1, limit: 12 };

function issuePaths(input: unknown): string[] {
  const result = listQuerySchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error?.issues.map((issue) => issue.path.join(".")) ?? [];
}

describe("listQuerySchema", () => {
  it("fills the defaults", () => {
    expect(listQuerySchema.parse({})).toEqual(DEFAULTS);
  });

  it("coerces query-string numbers", () => {
    expect(listQuerySchema.parse({ page: "3", limit: "24", minPrice: "1000", maxPrice: "5000" })).toEqual({
      sort: "newest",
      page: 3,
      limit: 24,
      minPrice: 1000,
      maxPrice: 5000,
    });
  });

  it("accepts limit 100 and refuses 101 and 0", () => {
    expect(listQuerySchema.parse({ limit: "100" }).limit).toBe(100);
    expect(issuePaths({ limit: "101" })).toEqual(["limit"]);
    expect(issuePaths({ limit: "0" })).toEqual(["limit"]);
  });

  it.each([
    [{ page: "-1" }, "page"],
    [{ page: "0" }, "page"],
    [{ page: "abc" }, "page"],
    [{ page: "1.5" }, "page"],
    [{ minPrice: "abc" }, "minPrice"],
    [{ minPrice: "-1" }, "minPrice"],
    [{ maxPrice: "1e12" }, "maxPrice"],
    [{ sort: "bogus" }, "sort"],
  ])("refuses %j at %s", (input, path) => {
    expect(issuePaths(input)).toContain(path);
  });

  it("accepts a 10,000-character q and cuts it to 100 characters", () => {
    const q = "a".repeat(10_000);
    const parsed = listQuerySchema.parse({ q });
    expect(parsed.q).toBe("a".repeat(100));
  });

  it("trims q", () => {
    expect(listQuerySchema.parse({ q: "  gömlek  " }).q).toBe("gömlek");
  });

  it.each(["'; DROP TABLE products; --", '" OR 1=1 --', "50% off_sale\\", "a' UNION SELECT * FROM users --"])(
    "keeps SQL metacharacters in q verbatim: %j",
    (q) => {
      expect(listQuerySchema.parse({ q }).q).toBe(q);
    },
  );

  it("refuses minPrice > maxPrice at path maxPrice", () => {
    expect(issuePaths({ minPrice: "5000", maxPrice: "1000" })).toEqual(["maxPrice"]);
  });

  it("accepts minPrice == maxPrice", () => {
    expect(listQuerySchema.parse({ minPrice: "1000", maxPrice: "1000" })).toMatchObject({
      minPrice: 1000,
      maxPrice: 1000,
    });
  });

  it("refuses a category with characters outside the slug alphabet", () => {
    expect(issuePaths({ category: "Giyim!" })).toEqual(["category"]);
    expect(issuePaths({ brand: "a b" })).toEqual(["brand"]);
    expect(issuePaths({ category: "x".repeat(81) })).toEqual(["category"]);
  });

  it("lower-cases and trims a slug", () => {
    expect(listQuerySchema.parse({ category: "KADIN-giyim" }).category).toBe("kadin-giyim");
    expect(listQuerySchema.parse({ brand: " Acme " }).brand).toBe("acme");
  });

  it("productSlugSchema follows the same rule", () => {
    expect(productSlugSchema.parse("Pamuk-Tisort-01")).toBe("pamuk-tisort-01");
    expect(productSlugSchema.safeParse("../etc/passwd").success).toBe(false);
  });
});

describe("lenientListQuery", () => {
  it("gives the defaults for an empty object", () => {
    expect(lenientListQuery({})).toEqual(DEFAULTS);
  });

  it.each(["-1", "abc", "0", "99999"])("page=%j → 1", (page) => {
    expect(lenientListQuery({ page }).page).toBe(1);
  });

  it("drops an invalid minPrice but keeps the valid fields", () => {
    expect(
      lenientListQuery({
        minPrice: "abc",
        maxPrice: "5000",
        category: "Kadin",
        sort: "price_asc",
        page: "2",
      }),
    ).toEqual({ maxPrice: 5000, category: "kadin", sort: "price_asc", page: 2, limit: 12 });
  });

  it("sort=bogus → newest", () => {
    expect(lenientListQuery({ sort: "bogus", page: "3" })).toEqual({ ...DEFAULTS, page: 3 });
  });

  it("drops maxPrice when it is below minPrice", () => {
    expect(lenientListQuery({ minPrice: "5000", maxPrice: "1000" })).toEqual({ ...DEFAULTS, minPrice: 5000 });
  });

  it("drops several bad fields at once", () => {
    expect(
      lenientListQuery({ page: "-1", limit: "1000", sort: "bogus", category: "Giyim!", q: "ceket" }),
    ).toEqual({ ...DEFAULTS, sort: "relevance", q: "ceket" });
  });

  it("sorts a search by relevance unless a sort is asked for; relevance without a search is newest", () => {
    expect(lenientListQuery({ q: "ceket" }).sort).toBe("relevance");
    expect(lenientListQuery({ q: "ceket", sort: "price_asc" }).sort).toBe("price_asc");
    expect(lenientListQuery({ q: "  " }).sort).toBe("newest");
  });

  it("ignores undefined values and unknown keys", () => {
    expect(lenientListQuery({ page: undefined, foo: "bar" })).toEqual(DEFAULTS);
  });

  it("does not change its input", () => {
    const input = { page: "-1", sort: "bogus" };
    lenientListQuery(input);
    expect(input).toEqual({ page: "-1", sort: "bogus" });
  });
});
