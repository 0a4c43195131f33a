import { expect, test } from "@playwright/test";

test.describe("catalogue API", () => {
  test("GET /api/products lists with the documented shape", async ({ request }) => {
    const response = await request.get("/api/products?limit=5&sort=price_asc");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(["items", "limit", "page", "total"]);
    expect(body.limit).toBe(5);
    expect(body.items).toHaveLength(5);
    for (const item of body.items) {
      expect(Object.keys(item).sort()).toEqual([
        "brand",
        "category",
        "image",
        "inStock",
        "name",
        "priceFrom",
        "slug",
      ]);
      expect(Number.isInteger(item.priceFrom)).toBe(true);
    }
    const prices = body.items.map((i: { priceFrom: number }) => i.priceFrom);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  test("GET /api/products/{slug} returns variants with SKU, price and available", async ({ request }) => {
    const [first] = (await (await request.get("/api/products?limit=1")).json()).items;
    const response = await request.get(`/api/products/${first.slug}`);
    expect(response.status()).toBe(200);
    const product = await response.json();
    expect(product.slug).toBe(first.slug);
    expect(product.variants.length).toBeGreaterThan(0);
    for (const variant of product.variants) {
      expect(typeof variant.sku).toBe("string");
      expect(Number.isInteger(variant.price)).toBe(true);
      expect(Number.isInteger(variant.available)).toBe(true);
    }
  });

  test("names follow Accept-Language and the language cookie", async ({ request }) => {
    const [first] = (await (await request.get("/api/products?limit=1")).json()).items;
    const tr = await (await request.get(`/api/products/${first.slug}`)).json();
    const en = await (
      await request.get(`/api/products/${first.slug}`, { headers: { "accept-language": "en-US,en;q=0.9" } })
    ).json();
    const cookie = await (
      await request.get(`/api/products/${first.slug}`, { headers: { cookie: "NEXT_LOCALE=en" } })
    ).json();
    expect(en.name).not.toBe(tr.name);
    expect(cookie.name).toBe(en.name);
  });

  test("unknown slug → 404 PRODUCT_NOT_FOUND in the error shape", async ({ request }) => {
    const response = await request.get("/api/products/yok-boyle-bir-urun");
    expect(response.status()).toBe(404);
    const body = await response.json();
    expect(body.error.code).toBe("PRODUCT_NOT_FOUND");
    expect(typeof body.error.message).toBe("string");
  });

  for (const query of [
    "limit=101",
    "limit=0",
    "page=-1",
    "page=abc",
    "minPrice=abc",
    "sort=cheap",
    "minPrice=500&maxPrice=100",
  ]) {
    test(`bad query ${query} → 400 VALIDATION_FAILED`, async ({ request }) => {
      const response = await request.get(`/api/products?${query}`);
      expect(response.status()).toBe(400);
      const body = await response.json();
      expect(body.error.code).toBe("VALIDATION_FAILED");
      expect(Object.keys(body.error.details.fields).length).toBeGreaterThan(0);
    });
  }

  test("a 10,000-character q and SQL metacharacters are searched safely", async ({ request }) => {
    // Nothing in the catalogue resembles these (a run of one letter would: the search forgives typos).
    for (const q of ["qzx".repeat(3_334), "' OR 1=1 --", "%_%", "\\"]) {
      const response = await request.get(`/api/products?q=${encodeURIComponent(q)}`);
      expect(response.status()).toBe(200);
      const body = await response.json();
      expect(body.total).toBe(0);
    }
  });

  test("health reports the database", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ ok: true, db: "up" });
  });

  test("sitemap lists products and robots points at it", async ({ request }) => {
    const sitemap = await (await request.get("/sitemap.xml")).text();
    expect(sitemap).toContain("/products/");
    const robots = await (await request.get("/robots.txt")).text();
    expect(robots).toContain("Sitemap:");
  });

  test("an unknown /api path is a JSON 404 in the API's shape, for every method and language", async ({
    request,
  }) => {
    for (const [method, path] of [
      ["GET", "/api/nope"],
      ["POST", "/api/orders/nope/deeper"],
      ["DELETE", "/api/admin/nothing-here"],
      ["PUT", "/api/v0/cart"],
    ] as const) {
      const response = await request.fetch(path, { method, headers: { "accept-language": "tr" } });
      expect(response.status(), `${method} ${path}`).toBe(404);
      expect(response.headers()["content-type"]).toContain("application/json");
      expect((await response.json()).error).toMatchObject({
        code: "NOT_FOUND",
        message: "Aradığınız kayıt bulunamadı.",
      });
    }
    const english = await request.get("/api/nope", { headers: { "accept-language": "en" } });
    expect((await english.json()).error.message).toBe("Not found.");
  });

  test("the favicon and app icons are served, and pages point at them", async ({ request }) => {
    const favicon = await request.get("/favicon.ico");
    expect(favicon.status()).toBe(200);
    expect(favicon.headers()["content-type"]).toContain("image/");
    const home = await (await request.get("/")).text();
    for (const link of [
      /rel="icon"[^>]*href="\/icon\.svg/,
      /rel="apple-touch-icon"[^>]*href="\/apple-icon\.png/,
    ]) {
      expect(home).toMatch(link);
    }
    expect((await request.get("/icon.svg")).status()).toBe(200);
    expect((await request.get("/apple-icon.png")).status()).toBe(200);
  });
});
