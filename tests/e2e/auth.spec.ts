import { type APIRequestContext, expect, test } from "@playwright/test";
import { DEMO_STAFF } from "../../lib/demo/staff";
import { randomIp, registerViaApi, signInViaApi, uniqueEmail } from "./account-support";
import { accountPages, adminApi, adminPages, isDynamic } from "./app-routes";

/**
 * Walks every page under /account and /admin and every /api/admin/* route handler that exists in app/
 * (found on disk, so new ones are covered without touching this file) as an anonymous visitor, a
 * customer and a staff member.
 */

async function call(request: APIRequestContext, method: string, url: string) {
  return request.fetch(url, {
    method,
    maxRedirects: 0,
    ...(method === "GET" || method === "DELETE" ? {} : { data: {} }),
  });
}

/**
 * A page's status and HTML as the server sends it, redirects not followed: the walks check what every page
 * answers without rendering each in the browser (the journeys' specs do that for the pages they use).
 */
async function open(request: APIRequestContext, url: string) {
  const response = await request.get(url, { maxRedirects: 0 });
  return { status: response.status(), html: await response.text() };
}

/** The element with that test id, holding that text, in a page's HTML. */
const testId = (id: string, text: string) =>
  new RegExp(`data-testid="${id}"[^>]*>${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}<`);

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
test.use({ extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }) });

test("the walk finds the protected pages", () => {
  expect(accountPages).toEqual(
    expect.arrayContaining(["/account", "/account/addresses", "/account/addresses/new"]),
  );
  expect(adminPages).toContain("/admin");
});

test("anonymous: every /account and /admin page redirects to /login?next=<path>, every admin API is 401", async ({
  request,
  page,
}) => {
  for (const url of [...accountPages, ...adminPages]) {
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBe(307);
    const location = new URL(response.headers().location ?? "", "http://x");
    expect(location.pathname, url).toBe("/login");
    expect(location.searchParams.get("next"), url).toBe(url);
  }
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin$/);
  for (const { method, url } of adminApi) {
    const response = await call(request, method, url);
    expect(response.status(), `${method} ${url}`).toBe(401);
    expect((await response.json()).error.code).toBe("UNAUTHORIZED");
  }
});

test("a customer gets their account pages and 403 on every admin page and admin API", async ({ page }) => {
  await registerViaApi(page.request, uniqueEmail("musteri"));
  for (const url of accountPages) {
    expect((await open(page.request, url)).status, url).toBe(isDynamic(url) ? 404 : 200);
  }
  for (const url of adminPages) {
    const { status, html } = await open(page.request, url);
    expect(status, url).toBe(403);
    // The refusal page itself comes in the page's data and is drawn in the browser (checked once below).
    expect(html, url).not.toContain("staff-name");
  }
  await page.goto("/admin");
  await expect(page.getByTestId("forbidden")).toBeVisible();
  await expect(page.getByTestId("staff-name")).toHaveCount(0);
  for (const { method, url } of adminApi) {
    const response = await call(page.request, method, url);
    expect(response.status(), `${method} ${url}`).toBe(403);
    expect((await response.json()).error.code).toBe("FORBIDDEN");
  }
});

test("staff get every admin page (with their name) and past the admin API's authorization", async ({
  page,
}) => {
  // Every admin page and route, one after the other: more than the default 30 s on a busy 2-core machine.
  test.setTimeout(120_000);
  const signedIn = await signInViaApi(page.request, DEMO_STAFF.email, DEMO_STAFF.password);
  expect(signedIn.status()).toBe(302);
  for (const url of adminPages) {
    const { status, html } = await open(page.request, url);
    // A placeholder id is simply not found (the root 404, outside the staff layout), never refused.
    expect(status, url).toBe(isDynamic(url) ? 404 : 200);
    if (!isDynamic(url)) expect(html, url).toMatch(testId("staff-name", DEMO_STAFF.name));
  }
  await page.goto("/admin");
  await expect(page.getByTestId("staff-welcome")).toHaveText(`Hoş geldiniz, ${DEMO_STAFF.name}.`);
  for (const url of accountPages) {
    expect((await open(page.request, url)).status, url).toBe(isDynamic(url) ? 404 : 200);
  }
  for (const { method, url } of adminApi) {
    const response = await call(page.request, method, url);
    expect([401, 403], `${method} ${url}`).not.toContain(response.status());
  }
});
