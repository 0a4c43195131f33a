import { expect, test } from "@playwright/test";

test("pages carry the security headers; only the card pages may frame the payment provider", async ({
  request,
}) => {
  const home = await request.get("/");
  const headers = home.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"]).toContain("max-age=");
  expect(headers["permissions-policy"]).toContain("camera=()");
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("frame-src 'none'");
  expect(csp).not.toContain("js.stripe.com");
  // The e2e store takes cards through the fake iyzico and PayTR (scripts/e2e.ts), not Stripe.
  const paytr = new URL(process.env.E2E_PAYTR_URL ?? "http://127.0.0.1").origin;
  for (const path of ["/checkout", "/orders/SF-2026-000001"]) {
    const page = (await request.get(path)).headers();
    const policy = page["content-security-policy"] ?? "";
    expect(policy, path).toContain(`frame-src ${paytr}`);
    expect(policy, path).toContain("frame-ancestors 'none'");
    expect(policy, path).not.toContain("js.stripe.com");
    expect(page["x-frame-options"], path).toBe("DENY");
    expect(page["permissions-policy"], path).toContain("payment=()");
  }
  const api = (await request.get("/api/health")).headers();
  expect(api["x-content-type-options"]).toBe("nosniff");
});
