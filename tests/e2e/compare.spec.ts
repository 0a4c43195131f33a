import { expect, type Page, test } from "@playwright/test";
import { productWithStock } from "./support";

/** Text holding a product's name (names may hold characters special in a pattern). */
const named = (name: string) => new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

/** The page's hearts read the wishlist after paint: once that answered, its toggles are hydrated. */
async function openHydrated(page: Page, url: string) {
  const hydrated = page.waitForResponse((response) => response.url().endsWith("/api/wishlist/items"));
  await page.goto(url);
  await hydrated;
}

test("two products compared from a card and a product page, kept over a reload; both recently viewed", async ({
  page,
  request,
}) => {
  const first = await productWithStock(request, 23);
  const second = await productWithStock(request, 24);

  // From the product page.
  await openHydrated(page, `/products/${first.slug}`);
  const toggle = page.getByRole("button", { name: "Karşılaştır", exact: true });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("compare-bar")).toHaveText("Karşılaştır (1)");

  // From a card of the listing.
  await openHydrated(page, `/products?q=${encodeURIComponent(second.name)}`);
  const card = page.getByTestId("product-card").filter({ hasText: second.name }).first();
  await card.getByTestId("compare-toggle").click();
  await expect(card.getByTestId("compare-toggle")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("compare-bar").click();

  await expect(page).toHaveURL(/\/compare$/);
  const check = async () => {
    await expect(page.getByTestId("compare-product")).toHaveText([named(first.name), named(second.name)]);
    const rows = page.getByTestId("compare-row");
    // Every row holds its name and one value per product.
    for (const row of await rows.all()) await expect(row.locator("th, td")).toHaveCount(3);
    const differing = rows.filter({ hasText: "(farklı)" }).first();
    await expect(differing).toHaveAttribute("data-differs", "true");
    await expect(differing).toHaveClass(/bg-amber-100/);
  };
  await check();
  await page.reload();
  await check();

  await page.getByRole("button", { name: `${first.name} ürününü karşılaştırmadan çıkar` }).click();
  await expect(page.getByTestId("compare-product")).toHaveText([named(second.name)]);

  // Recently viewed: the first product was viewed above; the second's page lists it, the home page both.
  await page.goto(`/products/${second.slug}`);
  await expect(page.getByTestId("recently-viewed").getByRole("link")).toHaveText([named(first.name)]);
  await page.goto("/");
  const recent = page.getByRole("region", { name: "Son baktıkların" });
  await expect(recent.getByRole("link")).toHaveText([named(second.name), named(first.name)]);
});
