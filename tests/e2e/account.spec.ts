import http from "node:http";
import { expect, test } from "@playwright/test";
import { encode } from "next-auth/jwt";
import {
  PASSWORD,
  randomIp,
  registerViaApi,
  sessionEmail,
  signInViaApi,
  uniqueEmail,
} from "./account-support";
import { productWithStock } from "./support";

// The sign-in and registration limits are per IP: give each test's requests an address of its own.
// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
test.use({ extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }) });

test("a shopper registers, adds an address (fixing what the form flags), and signs out", async ({ page }) => {
  const email = uniqueEmail("kayit");
  await page.goto("/register");
  await page.getByLabel("Ad soyad").fill("Zeynep Kaya");
  await page.getByLabel("E-posta").fill(email.toUpperCase());
  await page.getByLabel("Şifre").fill(PASSWORD);
  await page.getByRole("button", { name: "Hesap oluştur" }).click();

  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("profile-email")).toHaveText(email);
  await expect(page.getByTestId("profile-name")).toHaveText("Zeynep Kaya");
  await expect(page.getByTestId("account-link")).toHaveText("Hesabım");
  const session = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");

  await page.getByRole("link", { name: "Adres defterim" }).click();
  await expect(page.getByTestId("no-addresses")).toBeVisible();
  await page.getByRole("link", { name: "Yeni adres ekle" }).click();
  const form = page.getByTestId("address-form");
  await form.getByLabel("Ad soyad").fill("Zeynep Kaya");
  await form.getByLabel("Adres", { exact: true }).fill("Moda Cad. No: 5");
  await form.getByLabel("İlçe").fill("Kadıköy");
  await form.getByLabel("İl / şehir").fill("İstanbul");
  await form.getByLabel("Posta kodu").fill("99710");
  await form.getByLabel("Telefon").fill("0212 111 22 33");
  await form.getByRole("button", { name: "Kaydet" }).click();
  await expect(page.getByTestId("error-postalCode")).toContainText("il kodu (01–81)");
  await expect(page.getByTestId("error-phone")).toContainText("05XXXXXXXXX");
  // What was typed is still there; fix the two fields.
  await expect(form.getByLabel("İlçe")).toHaveValue("Kadıköy");
  await form.getByLabel("Posta kodu").fill("34710");
  await form.getByLabel("Telefon").fill("0532 111 22 33");
  await form.getByRole("button", { name: "Kaydet" }).click();

  await expect(page).toHaveURL(/\/account\/addresses$/);
  const card = page.getByTestId("address-card");
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId("address-phone")).toHaveText("+905321112233");
  await expect(card).toContainText("Varsayılan teslimat adresi");
  await expect(card).toContainText("Varsayılan fatura adresi");

  await page.getByRole("button", { name: "Çıkış" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("sign-in-link")).toHaveText("Giriş yap");
  await page.goto("/account/addresses");
  await expect(page).toHaveURL(/\/login\?next=%2Faccount%2Faddresses$/);
});

test("a guest's cart joins the account's cart at sign-in, and stays with the account after sign-out", async ({
  page,
  request,
}) => {
  const product = await productWithStock(request, 12);
  const variant = product.variants[0];
  if (!variant) throw new Error("no variant");
  // The account already holds one unit (put there through the API as that user).
  const email = uniqueEmail("birlesme");
  await registerViaApi(request, email);
  const userAdd = await request.post("/api/cart/items", { data: { sku: variant.sku, qty: 1 } });
  expect(userAdd.status()).toBe(200);

  // Meanwhile, in the browser, as a guest: two units of the same SKU.
  await page.goto(`/products/${product.slug}?sku=${variant.sku}`);
  await page.getByLabel("Adet").fill("2");
  await page.getByRole("button", { name: "Sepete ekle" }).click();
  await expect(page.getByTestId("mini-cart-count")).toHaveText("2");
  expect((await page.context().cookies()).some((c) => c.name === "cart" && c.value)).toBe(true);

  await page.getByTestId("sign-in-link").click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/login?next=/cart");
  await page.getByLabel("E-posta").fill(email);
  await page.getByLabel("Şifre").fill(PASSWORD);
  await page.getByRole("button", { name: "Giriş yap" }).click();

  await expect(page).toHaveURL(/\/cart$/);
  const line = page.locator(`[data-testid="cart-line"][data-sku="${variant.sku}"]`);
  await expect(line).toHaveCount(1);
  await expect(line.getByTestId("line-qty")).toHaveText("3");
  await expect(page.getByTestId("mini-cart-count")).toHaveText("3");
  // The guest cookie is gone, and the API client of the same account sees the same cart.
  expect((await page.context().cookies()).some((c) => c.name === "cart" && c.value)).toBe(false);
  const apiCart = await (await request.get("/api/cart")).json();
  expect(apiCart.items.map((i: { sku: string; qty: number }) => [i.sku, i.qty])).toEqual([[variant.sku, 3]]);
  // Stock was not taken twice: 3 units are held in all.
  const after = await (await request.get(`/api/products/${product.slug}`)).json();
  expect(after.variants.find((v: { sku: string }) => v.sku === variant.sku).available).toBe(
    variant.available - 3,
  );

  await page.getByRole("button", { name: "Çıkış" }).click();
  await expect(page.getByTestId("mini-cart-count")).toHaveText("0");
  await page.goto("/login?next=/cart");
  await page.getByLabel("E-posta").fill(email);
  await page.getByLabel("Şifre").fill(PASSWORD);
  await page.getByRole("button", { name: "Giriş yap" }).click();
  await expect(line.getByTestId("line-qty")).toHaveText("3");

  await line.getByRole("button", { name: "Kaldır" }).click();
  await expect(page.getByTestId("empty-cart")).toBeVisible();
});

test.describe("bad input", () => {
  test("a malformed email and a 10,000-character password are refused with messages, nothing created", async ({
    page,
    request,
  }) => {
    await page.goto("/register");
    await page.getByLabel("Ad soyad").fill("Deneme");
    await page.getByLabel("E-posta").fill("ali@@example");
    await page.getByLabel("Şifre").fill("x".repeat(10_000));
    await page.getByRole("button", { name: "Hesap oluştur" }).click();
    await expect(page.getByTestId("error-email")).toHaveText("Geçerli bir e-posta adresi girin.");
    await expect(page.getByTestId("error-password")).toHaveText("Şifre en fazla 200 karakter olabilir.");
    await expect(page).toHaveURL(/\/register$/);

    const email = uniqueEmail("uzun");
    const long = await request.post("/api/account/register", {
      data: { email, password: "x".repeat(10_000), name: "Uzun" },
    });
    expect(long.status()).toBe(400);
    const body = await long.json();
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(Object.keys(body.error.details.fields)).toEqual(["password"]);
    const malformed = await request.post("/api/account/register", {
      data: { email: "not an email", password: PASSWORD, name: "X" },
    });
    expect((await malformed.json()).error.details.fields.email).toBe("Geçerli bir e-posta adresi girin.");
    // Neither attempt left an account behind.
    expect((await signInViaApi(request, email, "x".repeat(200))).headers().location).toContain(
      "error=CredentialsSignin",
    );

    await page.goto("/login");
    await page.getByLabel("E-posta").fill("ali@example.com");
    await page.getByLabel("Şifre").fill("y".repeat(10_000));
    await page.getByRole("button", { name: "Giriş yap" }).click();
    await expect(page.getByTestId("error-password")).toHaveText("Şifre en fazla 200 karakter olabilir.");
  });

  for (const next of ["https://evil.example", "//evil.example/x", "/\\evil.example"]) {
    test(`next=${next} keeps the shopper on the site`, async ({ page, request, baseURL }) => {
      const email = uniqueEmail("yonlendirme");
      await registerViaApi(request, email);
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await page.getByLabel("E-posta").fill(email);
      await page.getByLabel("Şifre").fill(PASSWORD);
      await page.getByRole("button", { name: "Giriş yap" }).click();
      await expect(page).toHaveURL(/\/account$/);
      expect(new URL(page.url()).origin).toBe(new URL(baseURL ?? "").origin);
    });
  }

  test("a safe next= is followed after sign-in", async ({ page, request }) => {
    const email = uniqueEmail("sonraki");
    await registerViaApi(request, email);
    await page.goto("/account/addresses");
    await expect(page).toHaveURL(/\/login\?next=%2Faccount%2Faddresses$/);
    await page.getByLabel("E-posta").fill(email);
    await page.getByLabel("Şifre").fill(PASSWORD);
    await page.getByRole("button", { name: "Giriş yap" }).click();
    await expect(page).toHaveURL(/\/account\/addresses$/);
  });

  test("a forged or foreign session cookie is no session", async ({ page, baseURL }) => {
    const secret = "a-secret-that-is-not-the-stores-secret-000";
    const foreign = await encode({
      token: { sub: "u_00000000000000000000000000000000", role: "admin", email: "x@example.com" },
      secret,
      salt: "authjs.session-token",
    });
    for (const value of ["forged-value", foreign]) {
      await page.context().clearCookies();
      await page.context().addCookies([{ name: "authjs.session-token", value, url: baseURL ?? "" }]);
      await page.goto("/admin");
      await expect(page).toHaveURL(/\/login\?next=%2Fadmin$/);
      await expect(page.getByTestId("sign-in-link")).toBeVisible();
      expect(await sessionEmail(page.request)).toBeNull();
      const account = await page.request.get("/account", { maxRedirects: 0 });
      expect(account.status()).toBe(307);
    }
  });
});

test.describe("account API", () => {
  test("POST /api/account/register: 201 signed in, 409 EMAIL_TAKEN in any letter case, 400 with fields", async ({
    request,
  }) => {
    const email = uniqueEmail("api");
    const created = await request.post("/api/account/register", {
      data: { email: `  ${email.toUpperCase()} `, password: PASSWORD, name: "API Müşteri" },
    });
    expect(created.status()).toBe(201);
    const user = await created.json();
    expect(user).toEqual({ id: expect.stringMatching(/^u_/), email, name: "API Müşteri", role: "customer" });
    const cookie = created.headers()["set-cookie"] ?? "";
    expect(cookie).toMatch(/authjs\.session-token=/);
    expect(cookie.toLowerCase()).toContain("httponly");
    expect(cookie.toLowerCase()).toContain("samesite=lax");
    expect(await sessionEmail(request)).toBe(email);

    const again = await request.post("/api/account/register", {
      data: { email: email.toUpperCase(), password: PASSWORD, name: "İkinci" },
    });
    expect(again.status()).toBe(409);
    expect((await again.json()).error).toMatchObject({ code: "EMAIL_TAKEN", message: expect.any(String) });

    const invalid = await request.post("/api/account/register", {
      data: { email, password: email, name: "" },
      headers: { "accept-language": "en" },
    });
    expect(invalid.status()).toBe(400);
    const fields = (await invalid.json()).error.details.fields;
    expect(fields).toMatchObject({
      password: "The password cannot be your email address.",
      name: "This field is required.",
    });
  });

  test("/api/auth/callback/credentials: 5 wrong passwords, then 429 RATE_LIMITED with Retry-After", async ({
    playwright,
    baseURL,
  }) => {
    // A context of its own with one more IP, so this test's failures touch nobody else's limit.
    const request = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { "x-forwarded-for": randomIp() },
    });
    try {
      const email = uniqueEmail("kaba-kuvvet");
      await registerViaApi(request, email);
      await request.post("/api/auth/signout", {
        form: { csrfToken: (await (await request.get("/api/auth/csrf")).json()).csrfToken },
      });
      for (let i = 0; i < 5; i++) {
        const response = await signInViaApi(request, email, `wrong-${i}-password`);
        expect(response.status()).toBe(302);
        expect(response.headers().location).toContain("/login?error=CredentialsSignin&code=credentials");
      }
      const limited = await signInViaApi(request, email, PASSWORD);
      expect(limited.status()).toBe(429);
      expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(800);
      expect(Number(limited.headers()["retry-after"])).toBeLessThanOrEqual(900);
      const body = await limited.json();
      expect(body.error.code).toBe("RATE_LIMITED");
      expect(body.error.details.retryAfterSeconds).toBe(Number(limited.headers()["retry-after"]));
      expect(await sessionEmail(request)).toBeNull();
    } finally {
      await request.dispose();
    }
  });

  test("a correct API sign-in sets the session; a sign-in ticket from outside is refused", async ({
    request,
  }) => {
    const email = uniqueEmail("giris");
    await registerViaApi(request, email);
    const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
    await request.post("/api/auth/signout", { form: { csrfToken } });
    expect(await sessionEmail(request)).toBeNull();
    const signedIn = await signInViaApi(request, email.toUpperCase(), PASSWORD);
    expect(signedIn.status()).toBe(302);
    expect(signedIn.headers().location).toMatch(/\/account$/);
    expect(await sessionEmail(request)).toBe(email);

    const csrf = (await (await request.get("/api/auth/csrf")).json()).csrfToken;
    const ticket = await request.post("/api/auth/callback/credentials", {
      form: { ticket: "u_x.9999999999.forged", csrfToken: csrf },
      maxRedirects: 0,
    });
    expect(ticket.status()).toBe(400);
  });
});

/** A request with the Host header a reverse proxy in front of the store keeps (Playwright would set its own). */
function requestAs(
  baseURL: string,
  host: string,
  path: string,
  options: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; location: string | undefined; body: string; cookies: string[] }> {
  const target = new URL(path, baseURL);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      target,
      {
        method: options.method ?? "GET",
        headers: { ...options.headers, host, "x-forwarded-for": randomIp() },
      },
      (response) => {
        let body = "";
        response.on("data", (chunk) => {
          body += chunk;
        });
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location,
            body,
            cookies: response.headers["set-cookie"] ?? [],
          }),
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}

test("sign-in redirects keep the host the store was reached under (a reverse proxy keeping Host)", async ({
  baseURL,
  request,
}) => {
  const email = uniqueEmail("vekil");
  await registerViaApi(request, email);
  const host = "shop.example.com";
  const csrf = await requestAs(baseURL ?? "", host, "/api/auth/csrf");
  const cookie = csrf.cookies.map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const signedIn = await requestAs(baseURL ?? "", host, "/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ email, password: PASSWORD, csrfToken, callbackUrl: "/account" }).toString(),
  });
  expect(signedIn.status).toBe(302);
  expect(signedIn.location).toBe(`http://${host}/account`);
  // Behind a proxy that terminates TLS and says so.
  const login = await requestAs(baseURL ?? "", host, "/api/auth/signin", {
    headers: { "x-forwarded-proto": "https" },
  });
  expect(login.location).toContain(encodeURIComponent(`https://${host}`));
});
