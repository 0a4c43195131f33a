import { expect, test } from "@playwright/test";
import { acceptTerms, addOneOfSingleVariant, pickWithKeyboard } from "./support";

test("a shopper picks İstanbul then Kadıköy with the keyboard at checkout and the order shows them", async ({
  page,
}) => {
  await addOneOfSingleVariant(page, 0);
  await page.goto("/checkout");
  await page.getByLabel("E-posta").fill(`il-ilce-${Date.now()}@ornek.com`);
  await page.getByLabel("Ad soyad").fill("Ayşe Yılmaz");
  await page.getByLabel("Adres", { exact: true }).fill("Moda Caddesi No: 5");

  // An İlçe that does not belong to the newly chosen İl is cleared.
  await pickWithKeyboard(page, "İl / şehir", "ank", "Ankara");
  await pickWithKeyboard(page, "İlçe", "çan", "Çankaya");
  await pickWithKeyboard(page, "İl / şehir", "ist", "İstanbul");
  await expect(page.getByRole("combobox", { name: "İlçe" })).toHaveValue("");
  await pickWithKeyboard(page, "İlçe", "kad", "Kadıköy");

  await page.getByLabel("Posta kodu").fill("34710");
  await page.getByLabel("Posta kodu").blur();
  await page.getByLabel("Telefon").fill("0555 111 22 33");
  await page.getByLabel("Kapıda ödeme").check();
  await expect(page.getByTestId("fee-cash_on_delivery")).toBeVisible();
  await acceptTerms(page);
  await page.getByRole("button", { name: "Siparişi ver" }).click();

  await expect(page).toHaveURL(/\/orders\/SF-\d{4}-\d{6}$/);
  await expect(page.locator("address").first()).toContainText("Kadıköy, İstanbul 34710");
});

test("an İl that is not in the list is refused in Turkish at its input, and what was typed stays", async ({
  page,
}) => {
  await addOneOfSingleVariant(page, 1);
  await page.goto("/checkout");
  await page.getByLabel("E-posta").fill("yanlis-il@ornek.com");
  await page.getByLabel("Ad soyad").fill("Ayşe Yılmaz");
  await page.getByLabel("Adres", { exact: true }).fill("Moda Caddesi No: 5");
  await page.getByLabel("İl / şehir").fill("Narnia");
  await page.getByLabel("İlçe").fill("kadikoy");
  await page.getByLabel("Posta kodu").fill("34710");
  await page.getByLabel("Posta kodu").blur();
  await page.getByLabel("Telefon").fill("0555 111 22 33");
  await page.getByLabel("Kapıda ödeme").check();
  await acceptTerms(page);
  await page.getByRole("button", { name: "Siparişi ver" }).click();

  await expect(page.getByTestId("error-shipping.city")).toHaveText("Listeden bir il seçin (ör. İstanbul).");
  await expect(page.getByTestId("form-error")).toHaveText("Lütfen işaretli alanları düzeltin.");
  await expect(page.getByText("Invalid input")).toHaveCount(0);
  await expect(page.getByLabel("İl / şehir")).toHaveValue("Narnia");

  // Typed the ASCII way, completed to the proper names.
  await page.getByLabel("İl / şehir").fill("istanbul");
  await page.getByLabel("İl / şehir").blur();
  await expect(page.getByLabel("İl / şehir")).toHaveValue("İstanbul");
  await page.getByRole("button", { name: "Siparişi ver" }).click();
  await expect(page).toHaveURL(/\/orders\/SF-\d{4}-\d{6}$/);
  await expect(page.locator("address").first()).toContainText("Kadıköy, İstanbul 34710");
});
