import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { randomIp, registerViaApi, uniqueEmail } from "./account-support";
import { placeCashOnDeliveryOrder, productWithStock, signInAsStaff } from "./support";

// A verified buyer's review from the order page to the product page: a registered shopper's order is
// delivered (through the admin API), the shopper reviews the product from the order page's "Değerlendir"
// link, staff approve it in /admin/reviews, and the stars, the review and its JSON-LD show on the product page.

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
