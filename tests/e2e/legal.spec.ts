import { expect, test } from "@playwright/test";
import { acceptTerms, addOneOfSingleVariant, fillAddress, signInAsStaff } from "./support";

// The pre-information form and the distance sales contract at checkout: shown for the cart and the typed
// buyer, required before the order, and the accepted text linked from the order page.
test("an order is refused until the contract is accepted, and the order page links to the accepted contract", async ({
  page,
}) => {
  const variant = await addOneOfSingleVariant(page, 5);
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

test("an administrator saves a legal text as a new version and opens it from the history", async ({
  page,
}) => {
  await signInAsStaff(page, "/admin/settings");
  await expect(page.getByTestId("seller-settings").getByLabel("Ticari unvan")).not.toHaveValue("");

  const editor = page.getByTestId("legal-text-privacy");
  const body = editor.getByLabel("Metin");
  const note = `Son güncelleme ${Date.now()}`;
  await body.fill(`${await body.inputValue()}\n\n${note}`);
  await editor.getByRole("button", { name: "Yeni sürüm olarak kaydet" }).click();
  await expect(editor).toContainText(/KVKK aydınlatma metni: sürüm \d+ kaydedildi\./);
  const version = Number((await editor.textContent())?.match(/sürüm (\d+) kaydedildi/)?.[1]);

  await page
    .getByTestId("legal-history-privacy-table")
    .getByRole("link", { name: `KVKK aydınlatma metni — sürüm ${version}` })
    .click();
  await expect(page).toHaveURL(`/admin/settings/legal/privacy/${version}`);
  await expect(page.getByTestId("legal-version-body")).toContainText(note);
});
