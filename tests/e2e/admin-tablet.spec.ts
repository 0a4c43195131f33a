import { expect, test } from "@playwright/test";
import { DEMO_STAFF } from "../../lib/demo/staff";
import { randomIp, signInViaApi } from "./account-support";
import { adminPages, isDynamic } from "./app-routes";

// The staff section on a tablet: every admin page in portrait (768×1024) and landscape (1024×768) fits
// the screen without scrolling sideways (wide tables scroll inside their own box), and every link of the
// staff navigation is on screen and tappable.

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
test.use({ extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }) });

for (const viewport of [
  { width: 768, height: 1024 },
  { width: 1024, height: 768 },
]) {
  test(`every admin page fits a ${viewport.width}×${viewport.height} tablet`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(viewport);
    expect((await signInViaApi(page.request, DEMO_STAFF.email, DEMO_STAFF.password)).status()).toBe(302);
    for (const url of adminPages.filter((url) => !isDynamic(url))) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(200);
      await expect(page.getByRole("heading", { level: 1 }), url).toBeVisible();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${url} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
      const nav = page.getByRole("navigation", { name: "Personel bölümleri" });
      for (const link of await nav.getByRole("link").all()) {
        const box = await link.boundingBox();
        expect(box, `${url}: ${await link.textContent()}`).not.toBeNull();
        if (!box) continue;
        expect(box.x, url).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `${url}: ${await link.textContent()}`).toBeLessThanOrEqual(viewport.width);
        // A finger needs room: WCAG's minimum target size is 24×24 CSS pixels.
        expect(box.height).toBeGreaterThanOrEqual(24);
      }
    }
  });
}
