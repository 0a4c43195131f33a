import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { randomIp, registerViaApi, uniqueEmail } from "./account-support";
import { placeCashOnDeliveryOrder, productWithStock, signInAsStaff } from "./support";

// A verified buyer's review from the order page to the product page: a registered shopper's order is
// delivered (through the admin API), the shopper reviews the product from the order page's "Değerlendir"
// link with a photo, staff approve it in /admin/reviews, and the stars, the review with its photo and its
// JSON-LD show on the product page.

/** A real 37 × 23 PNG, so the browser can draw it. */
const PHOTO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAACUAAAAXCAIAAAADThHyAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAANElEQVRIiWM4Y2xMT8Qwap/xaHieGU0vxqP54cxo+WI8Wn4aj9YPxqP1rfFoe+LMYGgvAQAKavlkWnK/QwAAAABJRU5ErkJggg==",
  "base64",
);

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
test.use({ extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }) });

test("delivered → the buyer reviews the product → staff approve it → stars, review and JSON-LD on the product page", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const shopperContext = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
  const shopper = await shopperContext.newPage();
  await registerViaApi(shopperContext.request, uniqueEmail("yorum-e2e"), "Selin Kaya");
  const product = await productWithStock(shopperContext.request, 35);
  const [variant] = product.variants;
  if (!variant) throw new Error("no variant");
  expect(
    (await shopperContext.request.post("/api/cart/items", { data: { sku: variant.sku, qty: 1 } })).status(),
  ).toBe(200);
  const orderNo = await placeCashOnDeliveryOrder(
    shopperContext.request,
    uniqueEmail("yorum-siparis"),
    "Selin Kaya",
  );

  // Not delivered yet: the API refuses a review.
  const early = await shopperContext.request.post(`/api/products/${product.slug}/reviews`, {
    data: { rating: 5, title: "Erken", body: "Henüz gelmedi." },
  });
  expect(early.status()).toBe(403);
  // Three photos of 5 MB each, the most a post may carry, reach the route whole (the proxy reads multipart
  // bodies too): the photos pass their check, and the buyer is the one refused.
  const largest = Buffer.concat([PHOTO, Buffer.alloc(5 * 1024 * 1024 - PHOTO.length)]);
  const multipart = new FormData();
  for (const [name, value] of Object.entries({ rating: "5", title: "Erken", body: "Henüz gelmedi." })) {
    multipart.append(name, value);
  }
  for (const name of ["1.png", "2.png", "3.png"]) {
    multipart.append("photos", new File([largest], name, { type: "image/png" }));
  }
  const earlyWithPhotos = await shopperContext.request.post(`/api/products/${product.slug}/reviews`, {
    multipart,
  });
  expect(earlyWithPhotos.status(), await earlyWithPhotos.text()).toBe(403);

  await signInAsStaff(page, `/admin/orders/${orderNo}`);
  for (const data of [
    { to: "processing" },
    { to: "shipped", carrier: "Aras Kargo", trackingNo: "AR5566778899" },
    { to: "delivered" },
  ]) {
    const moved = await page.request.post(`/api/admin/orders/${orderNo}/transitions`, { data });
    expect(moved.status(), await moved.text()).toBe(200);
  }

  // The buyer reviews the product from the order page.
  const title = `Harika ürün ${randomBytes(3).toString("hex")}`;
  await shopper.goto(`/orders/${orderNo}`);
  await shopper.getByTestId("order-reviews").getByRole("link", { name: "Değerlendir" }).first().click();
  await expect(shopper).toHaveURL(`/products/${product.slug}/review`);
  const form = shopper.getByTestId("review-form");
  await form.getByLabel("Puanınız").selectOption("4");
  await form.getByLabel("Başlık").fill(title);
  await form.getByLabel("Yorumunuz").fill("Kumaşı kaliteli, kargo hızlıydı.");
  await form
    .getByLabel("Fotoğraflar (isteğe bağlı)")
    .setInputFiles({ name: "urun.png", mimeType: "image/png", buffer: PHOTO });
  await form.getByRole("button", { name: "Gönder" }).click();
  await expect(form.getByRole("status")).toHaveText(
    "Teşekkürler! Değerlendirmeniz onaylandıktan sonra yayınlanacak.",
  );

  // Not public until approved.
  const pending = await (await shopperContext.request.get(`/api/products/${product.slug}/reviews`)).json();
  expect(pending.items.map((item: { title: string }) => item.title)).not.toContain(title);

  // Staff approve it in /admin/reviews.
  await page.goto("/admin/reviews?status=pending");
  const row = page.getByTestId("reviews-table").getByRole("row").filter({ hasText: title });
  await expect(row.getByRole("img", { name: "Selin Kaya tarafından eklenen 1. fotoğraf" })).toBeVisible();
  await row.getByLabel("Mağazanın yanıtı").fill("Teşekkür ederiz!");
  await row.getByRole("button", { name: "Onayla" }).click();
  // Approved, it leaves the waiting list and shows among the approved ones.
  await expect(row).toHaveCount(0);
  await page.goto("/admin/reviews?status=approved");
  await expect(page.getByTestId("reviews-table").getByRole("row").filter({ hasText: title })).toContainText(
    "Onaylandı",
  );

  // The product page: the rating near the title, the review with the store's reply, the JSON-LD.
  await shopper.goto(`/products/${product.slug}`);
  await expect(shopper.getByTestId("rating-badge")).toBeVisible();
  const shown = shopper.getByTestId("review").filter({ hasText: title });
  await expect(shown).toContainText("Selin K.");
  await expect(shown).toContainText("Teşekkür ederiz!");
  const photo = shown.getByRole("img", { name: "Selin K. tarafından eklenen 1. fotoğraf" });
  await photo.scrollIntoViewIfNeeded();
  await expect(photo).toHaveAttribute("width", "37");
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(37);
  const ld = JSON.parse((await shopper.locator('script[type="application/ld+json"]').textContent()) ?? "{}");
  expect(ld["@type"]).toBe("Product");
  expect(ld.aggregateRating).toMatchObject({ "@type": "AggregateRating", reviewCount: expect.any(Number) });
  expect(ld.review).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        "@type": "Review",
        name: title,
        author: { "@type": "Person", name: "Selin K." },
        reviewRating: expect.objectContaining({ ratingValue: 4 }),
      }),
    ]),
  );
  await shopperContext.close();
});
