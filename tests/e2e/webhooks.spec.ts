import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signInAsStaff } from "./support";

// Outbound webhooks in the admin pages: an administrator registers an endpoint, copies its secret from the
// one answer that shows it, and sees the event a product edit causes in the endpoint's delivery log. The URL
// is in a documentation range (203.0.113.0/24): allowed, and nothing answers there. The edited product is
// the spec's own, inactive and without stock, so no other spec sees it.

test("an administrator registers an endpoint, sees its secret once and a delivery in its log", async ({
  page,
}) => {
  const s = randomBytes(4).toString("hex");
  await signInAsStaff(page, "/admin/webhooks");
  const url = `http://203.0.113.10/store-${s}`;
  await page.getByLabel("Adres").fill(url);
  await page.getByLabel("product.updated").check();
  await page.getByRole("button", { name: "Uç nokta ekle" }).click();
  await expect(page.getByTestId("new-secret")).toHaveText(/^whsec_[A-Za-z0-9+/]{43}=$/);
  await page.reload();
  await expect(page.getByTestId("new-secret")).toHaveCount(0);

  const created = await page.request.post("/api/admin/products", {
    data: {
      name: { tr: `Webhook ${s}`, en: `Webhook ${s}` },
      slug: `webhook-${s}`,
      categorySlug: "giyim",
      active: false,
      variants: [{ sku: `WH-${s.toUpperCase()}`, price: 10_000, weightGrams: 100, stock: 0 }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  const edited = await page.request.patch(`/api/admin/products/${id}`, { data: { featured: false } });
  expect(edited.status(), await edited.text()).toBe(200);

  await page.getByRole("link", { name: url }).click();
  await expect(page.getByTestId("webhook-deliveries")).toContainText("product.updated");
  await page.getByRole("button", { name: "Sil" }).click();
  await expect(page).toHaveURL((address) => address.pathname === "/admin/webhooks");
  await expect(page.getByRole("link", { name: url })).toHaveCount(0);
});
