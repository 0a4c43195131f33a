import { expect, test } from "@playwright/test";
import { acceptTerms, addOneFromProductPage, fillAddress } from "./support";

// The pre-information form and the distance sales contract at checkout: shown for the cart and the typed
// buyer, required before the order, and the accepted text linked from the order page.
test("an order is refused until the contract is accepted, and the order page links to the accepted contract", async ({
  page,
  request,
}) => {
  const { variant } = await addOneFromProductPage(page, request, 45);
  await page.goto("/checkout");
  await page.getByLabel("E-posta").fill(`sozlesme-${Date.now()}@ornek.com`);
  await fillAddress(page);
  await page.getByLabel("Kapıda ödeme").check();

  // The texts follow the cart and what was typed.
  const preInformation = page.getByTestId("legal-preInformation");
  await expect(preInformation).toContainText("ÖN BİLGİLENDİRME FORMU");
  await expect(preInformation).toContainText(variant.sku);
  await expect(preInformation).toContainText("Ayşe Yılmaz");
  await expect(preInformation).toContainText("Kapıda ödeme");
  await expect(page.getByTestId("legal-contract")).toContainText("MESAFELİ SATIŞ SÖZLEŞMESİ");
  await expect(
    page.getByRole("link", { name: "Kişisel verilerin işlenmesine ilişkin aydınlatma metni" }),
  ).toHaveAttribute("href", "/legal/privacy");

  await page.getByRole("button", { name: "Siparişi ver" }).click();
  await expect(page.getByTestId("error-acceptedTerms")).toHaveText(
    "Siparişi verebilmek için ön bilgilendirme formunu ve mesafeli satış sözleşmesini kabul etmelisiniz.",
  );
  await expect(page).toHaveURL(/\/checkout$/);

  await acceptTerms(page);
  await page.getByRole("button", { name: "Siparişi ver" }).click();
  await expect(page).toHaveURL(/\/orders\/SF-\d{4}-\d{6}$/);
  const orderNo = (await page.getByTestId("order-no").textContent())?.match(/SF-\d{4}-\d{6}/)?.[0] ?? "";
  expect(orderNo).not.toBe("");

  await page.getByTestId("order-contract").click();
  await expect(page).toHaveURL(`/orders/${orderNo}/contract`);
  await expect(page.getByTestId("accepted-contract")).toContainText(orderNo);
  await expect(page.getByTestId("accepted-contract")).toContainText("Ayşe Yılmaz");
  await expect(page.getByTestId("accepted-pre-information")).toContainText(variant.sku);
  await expect(page.getByTestId("contract-accepted")).toContainText("Kabul tarihi");
});

test("the KVKK notice names the seller", async ({ page }) => {
  await page.goto("/legal/privacy");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("KVKK Aydınlatma Metni");
  await expect(page.getByTestId("privacy-notice")).toContainText("6698 sayılı");
  await expect(page.getByTestId("privacy-notice")).toContainText("E-Ticaret");
});
