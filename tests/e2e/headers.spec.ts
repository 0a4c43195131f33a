import { expect, test } from "@playwright/test";

test("pages carry the security headers; only payment pages may load Stripe.js", async ({ request }) => {
  const home = await request.get("/");
  const headers = home.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"]).toContain("max-age=");
  expect(headers["permissions-policy"]).toContain("camera=()");
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("js.stripe.com");
  const checkout = (await request.get("/checkout")).headers()["content-security-policy"] ?? "";
  expect(checkout).toContain("https://js.stripe.com");
  const api = (await request.get("/api/health")).headers();
  expect(api["x-content-type-options"]).toBe("nosniff");
});
