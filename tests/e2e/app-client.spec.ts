import { randomBytes } from "node:crypto";
import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import { PASSWORD, randomIp, uniqueEmail } from "./account-support";
import { productWithStock } from "./support";

// The mobile app's way in (issue 17): no cookies at all, a bearer token from /api/v1/auth/token, and the
// shopper routes under /api/v1. Its own request context, which starts with no cookies and keeps any it
// is sent: the test checks that none ever is.
test("an app without cookies signs in with a token, fills its cart and places an order under /api/v1", async ({
  playwright,
  baseURL,
}) => {
  const ip = randomIp();
  const email = uniqueEmail("app");
  const browser = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { "x-forwarded-for": ip },
  });
  const registered = await browser.post("/api/account/register", {
    data: { email, password: PASSWORD, name: "Uygulama Müşteri" },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  const product = await productWithStock(browser, 27);
  await browser.dispose();
  const sku = product.variants[0]?.sku ?? "";

  const app = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": ip } });
  const sent: APIResponse[] = [];
  const track = async (response: Promise<APIResponse>) => {
    sent.push(await response);
    return sent[sent.length - 1] as APIResponse;
  };

  const granted = await track(
    app.post("/api/v1/auth/token", { data: { grant_type: "password", email, password: PASSWORD } }),
  );
  expect(granted.status(), await granted.text()).toBe(200);
  expect(granted.headers()["cache-control"]).toBe("no-store");
  const { access_token, refresh_token, token_type } = await granted.json();
  expect(token_type).toBe("Bearer");
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  const added = await track(
    app.post("/api/v1/cart/items", { headers: as(access_token), data: { sku, qty: 2 } }),
  );
  expect(added.status(), await added.text()).toBe(200);
  // The same cart under the unversioned path: the account's.
  const cart = await (await track(app.get("/api/cart", { headers: as(access_token) }))).json();
  expect(cart.items).toEqual([expect.objectContaining({ sku, qty: 2 })]);

  const renewed = await track(
    app.post("/api/v1/auth/token", { data: { grant_type: "refresh_token", refresh_token } }),
  );
  expect(renewed.status()).toBe(200);
  const pair = await renewed.json();

  const placed = await track(
    app.post("/api/v1/checkout", {
      headers: { ...as(pair.access_token), "Idempotency-Key": `e2e-app-${randomBytes(8).toString("hex")}` },
      data: {
        email,
        shippingAddress: {
          name: "Uygulama Müşteri",
          line1: "Kızılay Meydanı No: 3",
          district: "Çankaya",
          city: "Ankara",
          postalCode: "06420",
          country: "TR",
          phone: "+905551112244",
        },
        shippingMethod: "standard",
        paymentMethod: "cash_on_delivery",
        acceptedTerms: true,
      },
    }),
  );
  expect(placed.status(), await placed.text()).toBe(201);
  const { order } = await placed.json();
  expect(order.status).toBe("awaiting_confirmation");
  const exported = await (
    await track(app.get("/api/v1/account/export", { headers: as(pair.access_token) }))
  ).json();
  expect(JSON.stringify(exported)).toContain(order.orderNo);
  expect(
    (await (await track(app.get("/api/v1/cart", { headers: as(pair.access_token) }))).json()).items,
  ).toEqual([]);

  expect(sent.filter((response) => response.headers()["set-cookie"])).toEqual([]);
  expect((await app.storageState()).cookies).toEqual([]);

  // Not shopper routes, or no route at all: the API's 404. A bad token is 401, never a guest.
  for (const path of [
    "/api/v1/admin/orders",
    "/api/v1/cron/jobs",
    "/api/v1/webhooks/stripe",
    "/api/v1/nope",
  ]) {
    const response = await app.get(path, { headers: as(pair.access_token) });
    expect(response.status(), path).toBe(404);
    expect((await response.json()).error.code).toBe("NOT_FOUND");
  }
  await expectRefused(app, as(`${pair.access_token}x`));
  // Pages are the browser's: one sent a token that is not ours (a proxy's) serves the cookie's visitor.
  for (const path of ["/cart", "/checkout", "/products"]) {
    expect((await app.get(path, { headers: as("not-ours") })).status(), path).toBe(200);
  }
  expect((await app.post("/api/v1/auth/revoke", { data: { token: pair.refresh_token } })).status()).toBe(200);
  await expectRefused(app, as(pair.access_token));
  await app.dispose();
});

async function expectRefused(app: APIRequestContext, headers: Record<string, string>) {
  const refused = await app.get("/api/v1/cart", { headers });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toBe('Bearer error="invalid_token"');
  expect((await refused.json()).error.code).toBe("INVALID_TOKEN");
}
