import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

const BASE = "http://localhost:3000";

async function rewriteOf(path: string, headers: Record<string, string> = {}): Promise<string | null> {
  const response = await proxy(new NextRequest(`${BASE}${path}`, { headers }));
  const target = response.headers.get("x-middleware-rewrite");
  return target ? target.slice(BASE.length) : null;
}

describe("proxy: the cached pages in the visitor's language", () => {
  it("picks the copy from the language cookie, then Accept-Language, then Turkish", async () => {
    expect(await rewriteOf("/", { cookie: "NEXT_LOCALE=en" })).toBe("/en");
    expect(await rewriteOf("/", { "accept-language": "de-DE,en;q=0.8" })).toBe("/en");
    expect(await rewriteOf("/", { cookie: "NEXT_LOCALE=en", "accept-language": "tr" })).toBe("/en");
    expect(await rewriteOf("/products/keten-gomlek")).toBe("/tr/products/keten-gomlek");
    expect(await rewriteOf("/products/keten-gomlek", { cookie: "NEXT_LOCALE=xx" })).toBe(
      "/tr/products/keten-gomlek",
    );
  });

  it("turns ?sku= into a path segment (each variant cached) and keeps the rest of the query", async () => {
    expect(await rewriteOf("/products/keten-gomlek?sku=KG-BLU-M&utm_source=x")).toBe(
      "/tr/products/keten-gomlek/KG-BLU-M?utm_source=x",
    );
    expect(await rewriteOf("/products/keten-gomlek?sku=a%2Fb")).toBe("/tr/products/keten-gomlek/a%2Fb");
  });

  it("leaves other pages alone and still sends anonymous visitors of /account to sign in", async () => {
    expect(await rewriteOf("/products")).toBeNull();
    expect(await rewriteOf("/products/keten-gomlek/extra")).toBeNull();
    const account = await proxy(new NextRequest(`${BASE}/account/addresses`));
    expect(account.status).toBe(307);
    expect(account.headers.get("location")).toBe(`${BASE}/login?next=%2Faccount%2Faddresses`);
  });
});

describe("proxy: multipart bodies", () => {
  const post = (path: string, body: BodyInit, contentType?: string) =>
    proxy(
      new NextRequest(`${BASE}${path}`, {
        method: "POST",
        body,
        headers: contentType ? { "content-type": contentType } : {},
      }),
    );

  it("answers a body that is not valid multipart with 400 in the API shape (Next.js would answer 500)", async () => {
    for (const path of ["/cart", "/api/nope", "/products/keten-gomlek"]) {
      const response = await post(path, '{"reason":"x"}', "multipart/form-data; boundary=xyz");
      expect(response.status, path).toBe(400);
      expect((await response.json()).error.code, path).toBe("VALIDATION_FAILED");
    }
  });

  it("lets a well-formed form through untouched", async () => {
    const form = new FormData();
    form.append("sku", "KG-BLU-M");
    const response = await post("/cart", form);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });
});

describe("proxy: the /api/v1 prefix", () => {
  it("serves the shopper routes, query kept, and leaves every other /api/v1 path to the API's 404", async () => {
    expect(await rewriteOf("/api/v1/cart/items")).toBe("/api/cart/items");
    expect(await rewriteOf("/api/v1/products?limit=5")).toBe("/api/products?limit=5");
    expect(await rewriteOf("/api/v1/orders/track/SP-1")).toBe("/api/orders/track/SP-1");
    expect(await rewriteOf("/api/v1/payments/installments")).toBe("/api/payments/installments");
    expect(await rewriteOf("/api/v1/search/suggest?q=canta")).toBe("/api/search/suggest?q=canta");
    expect(await rewriteOf("/api/v1/compare?slugs=a,b")).toBe("/api/compare?slugs=a,b");
    for (const path of [
      "/api/v1/admin/orders",
      "/api/v1/cron/jobs",
      "/api/v1/webhooks/stripe",
      "/api/v1/payments/iyzico/callback",
      "/api/v1/auth/session",
      "/api/v1/auth/token",
      "/api/v1/health",
      "/api/v1/cartx",
    ]) {
      expect(await rewriteOf(path), path).toBeNull();
    }
  });
});

describe("proxy: an Authorization header is the API's", () => {
  const forwarded = (response: Response) =>
    response.headers.get("x-middleware-override-headers")?.split(",") ?? null;

  it("takes it off page requests, whatever else the proxy does with them", async () => {
    const authorization = { authorization: "Bearer not-ours", cookie: "NEXT_LOCALE=en" };
    for (const path of ["/cart", "/checkout", "/products/keten-gomlek", "/"]) {
      const response = await proxy(new NextRequest(`${BASE}${path}`, { headers: authorization }));
      const headers = forwarded(response);
      expect(headers, path).not.toBeNull();
      expect(headers, path).not.toContain("authorization");
      expect(headers, path).toContain("cookie");
    }
    expect(await rewriteOf("/products/keten-gomlek", authorization)).toBe("/en/products/keten-gomlek");
  });

  it("leaves it on API requests and on pages sent none", async () => {
    for (const path of ["/api/cart", "/api/v1/cart", "/api/admin/orders"]) {
      const response = await proxy(
        new NextRequest(`${BASE}${path}`, { headers: { authorization: "Bearer x" } }),
      );
      expect(forwarded(response), path).toBeNull();
    }
    expect(forwarded(await proxy(new NextRequest(`${BASE}/cart`)))).toBeNull();
  });
});
