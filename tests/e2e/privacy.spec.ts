import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { DEMO_STAFF } from "../../lib/demo/staff";
import { PASSWORD, randomIp, registerViaApi, signInViaApi, uniqueEmail } from "./account-support";

// The sign-in and registration limits are per IP: give each test's requests an address of its own.
// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
test.use({ extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }) });

test("a shopper downloads their data from /account, deletes the account with the password, and cannot sign in", async ({
  page,
  request,
}) => {
  const email = uniqueEmail("kvkk");
  // Registered through the page's own request context: the browser is signed in afterwards.
  await registerViaApi(page.request, email, "Elif Demir");
  await page.goto("/account");
  const section = page.getByRole("region", { name: "Kişisel verilerim" });
  await expect(section).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    section.getByRole("link", { name: "Verilerimi indir" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^personal-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await readFile((await download.path()) ?? "", "utf8"));
  expect(data.account).toMatchObject({ email, name: "Elif Demir" });
  expect(data).toHaveProperty("orders");
  expect(JSON.stringify(data)).not.toMatch(/argon2|password/i);

  await expect(section.getByTestId("privacy-warning")).toContainText("geri alınamaz");
  const password = section.getByLabel("Onaylamak için şifreniz");
  await password.fill("yanlis-sifre-123");
  await section.getByRole("button", { name: "Hesabımı kalıcı olarak sil" }).click();
  await expect(section.getByTestId("error-password")).toHaveText("Şifre yanlış.");

  await password.fill(PASSWORD);
  await section.getByRole("button", { name: "Hesabımı kalıcı olarak sil" }).click();
  await expect(page).toHaveURL(/\/account-deleted$/);
  await expect(page.getByTestId("account-deleted")).toHaveText("Hesabınız silindi");

  // Signed out: /account sends the visitor to the login page.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?next=%2Faccount$/);
  await page.getByLabel("E-posta").fill(email);
  await page.getByLabel("Şifre").fill(PASSWORD);
  await page.getByRole("button", { name: "Giriş yap" }).click();
  await expect(page.getByText("E-posta veya şifre hatalı.")).toBeVisible();

  // The API says the same, from a client of its own.
  const signIn = await signInViaApi(request, email, PASSWORD);
  expect(signIn.headers().location).toContain("error=CredentialsSignin");
  expect((await request.get("/api/account/export")).status()).toBe(401);
});

test("an administrator sees the requests in /admin/privacy and erases a customer's data by email", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("basvuru");
  const shopper = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
  await registerViaApi(shopper.request, email, "Can Yıldız");
  expect((await shopper.request.get("/api/account/export")).status()).toBe(200);

  expect((await signInViaApi(page.request, DEMO_STAFF.email, DEMO_STAFF.password)).status()).toBe(302);
  await page.goto("/admin/privacy");
  const table = page.getByTestId("privacy-requests-table");
  await expect(table.getByRole("row").filter({ hasText: email })).toContainText("İndirme");

  const form = page.getByTestId("privacy-request");
  await form.getByLabel("Başvuranın e-posta adresi").fill(email);
  await form.getByRole("button", { name: "Verileri sil…" }).click();
  const confirm = page.getByTestId("privacy-confirm");
  await expect(confirm).toContainText(email);
  await confirm.getByRole("button", { name: "Evet, sil" }).click();
  await expect(page.getByTestId("privacy-result")).toContainText(email);
  await expect(table.getByRole("row").filter({ hasText: "Silme" }).filter({ hasText: email })).toHaveCount(1);

  // The customer's session ended with the erasure.
  expect((await shopper.request.get("/api/account/export")).status()).toBe(401);
  await shopper.close();
});
