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
      // Every link of the staff navigation measured at once (one round trip a page, not three a link).
      const links = await page
        .getByRole("navigation", { name: "Personel bölümleri" })
        .getByRole("link")
        .evaluateAll((found) =>
          found.map((link) => {
            const box = link.getBoundingClientRect();
            return { text: link.textContent, left: box.left, right: box.right, height: box.height };
          }),
        );
      expect(links.length, url).toBeGreaterThan(10);
      for (const link of links) {
        expect(link.left, `${url}: ${link.text}`).toBeGreaterThanOrEqual(0);
        expect(link.right, `${url}: ${link.text}`).toBeLessThanOrEqual(viewport.width);
        // A finger needs room: WCAG's minimum target size is 24×24 CSS pixels.
        expect(link.height, `${url}: ${link.text}`).toBeGreaterThanOrEqual(24);
      }
    }
  });
}
