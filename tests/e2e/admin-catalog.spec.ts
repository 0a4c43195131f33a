import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { randomIp } from "./account-support";
import { signInAsStaff } from "./support";

// The catalogue from the staff side, in the browser: a staff member renames a product, changes its price
// (a negative one is refused at the field) and uploads a picture; the storefront's product page, cached
// before the edits, then shows the new name, price and picture.

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
test.use({ extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }) });

/** A real 2×2 red PNG, so the browser can draw it. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4IScHRAwQCgAfJgQRoo8irwAAAABJRU5ErkJggg==",
  "base64",
);

test("staff edit a product's name and price and upload an image; the storefront shows them", async ({
  page,
}) => {
  await signInAsStaff(page, "/admin/products");
  await expect(page.getByRole("heading", { level: 1, name: "Ürünler" })).toBeVisible();

  // A product of this test's own (through the admin API, with the staff session), seen once in the store
  // so that its page is cached before the edits.
  const s = randomBytes(3).toString("hex");
  const slug = `e2e-fincan-${s}`;
  const sku = `E2E-FINCAN-${s.toUpperCase()}`;
  const created = await page.request.post("/api/admin/products", {
    data: {
      name: { tr: `Fincan ${s}`, en: `Cup ${s}` },
      slug,
      categorySlug: "giyim",
      variants: [{ sku, price: 12_000, weightGrams: 250, stock: 5 }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const shop = await page.context().newPage();
  await shop.goto(`/products/${slug}`);
  await expect(shop.getByRole("heading", { level: 1 })).toHaveText(`Fincan ${s}`);

  // Find it in the list by its SKU and open it.
  await page.getByLabel("Ara", { exact: true }).fill(sku);
  await page.getByRole("button", { name: "Filtrele" }).click();
  await page.getByRole("link", { name: `Fincan ${s} ürününü düzenle` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Fincan ${s}`);

  const details = page.getByTestId("product-form");
  await details.getByLabel("Ad (Türkçe)").fill(`Porselen Fincan ${s}`);
  await details.getByRole("button", { name: "Ürünü kaydet" }).click();
  await expect(details.getByTestId("form-ok")).toHaveText("Ürün kaydedildi.");

  const variant = page.getByTestId(`variant-${sku}`);
  await variant.getByLabel(/^Fiyat/).fill("-5");
  await variant.getByRole("button", { name: "Varyantı kaydet" }).click();
  await expect(variant.getByTestId("error-price")).toContainText("eksi olamaz");
  await variant.getByLabel(/^Fiyat/).fill("249,90");
  await variant.getByRole("button", { name: "Varyantı kaydet" }).click();
  await expect(variant.getByTestId("form-ok")).toHaveText(`${sku} varyantı kaydedildi.`);

  const upload = page.getByTestId("image-upload");
  await upload
    .getByLabel("Görsel dosyası")
    .setInputFiles({ name: "fincan.png", mimeType: "image/png", buffer: PNG });
  await upload.getByLabel("Alternatif metin (Türkçe)").fill("Beyaz porselen fincan");
  await upload.getByRole("button", { name: "Görseli yükle" }).click();
  await expect(upload.getByTestId("form-ok")).toHaveText("Görsel yüklendi.");
  const thumbnail = page.getByTestId("product-images").getByRole("img");
  await expect(thumbnail).toHaveAttribute("src", /^\/media\/[0-9a-f]{64}\.png$/);
  const src = (await thumbnail.getAttribute("src")) ?? "";

  // The storefront's cached page expired with the edit: the very next view is the new one.
  await shop.reload();
  await expect(shop.getByRole("heading", { level: 1 })).toHaveText(`Porselen Fincan ${s}`);
  await expect(shop.getByTestId("price")).toHaveText(/249,90/);
  const picture = shop.getByRole("img", { name: "Beyaz porselen fincan" });
  await expect(picture).toHaveAttribute("src", src);
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);

  const served = await page.request.get(src);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("image/png");
  expect(served.headers()["x-content-type-options"]).toBe("nosniff");
  expect(served.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect((await page.request.get("/media/../../package.json")).status()).toBe(404);
});
