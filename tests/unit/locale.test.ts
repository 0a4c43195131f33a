import { describe, expect, it } from "vitest";
import { DEFAULT_LOCALE, isLocale, pick, resolveLocale } from "@/lib/i18n/locale";

describe("resolveLocale", () => {
  it("lets a valid cookie win over Accept-Language", () => {
    expect(resolveLocale("en", "tr-TR,tr;q=0.9")).toBe("en");
    expect(resolveLocale("tr", "en-US,en;q=0.9")).toBe("tr");
  });

  it.each(["de", "EN", "", "en-US"])("falls back to Accept-Language when the cookie is %j", (cookie) => {
    expect(resolveLocale(cookie, "en-US,en;q=0.9")).toBe("en");
  });

  it.each<[string, "tr" | "en"]>([
    ["en-US,en;q=0.9", "en"],
    ["de-DE,de;q=0.9,en;q=0.5", "en"],
    ["de-DE,de;q=0.9,en;q=0.5,tr;q=0.4", "en"],
    ["fr", "tr"],
    ["fr-FR,fr;q=0.9", "tr"],
    ["tr-TR,tr;q=0.9,en-US;q=0.8", "tr"],
    ["en;q=0.3,tr;q=0.8", "tr"],
    ["EN-GB", "en"],
    ["*", "tr"],
    ["", "tr"],
  ])("Accept-Language %j → %s", (header, expected) => {
    expect(resolveLocale(undefined, header)).toBe(expected);
  });

  it("ignores entries with q=0", () => {
    expect(resolveLocale(undefined, "en;q=0")).toBe("tr");
    expect(resolveLocale(undefined, "de,en;q=0")).toBe("tr");
    expect(resolveLocale(undefined, "tr;q=0,en;q=0.1")).toBe("en");
  });

  it("ignores entries with an unreadable q", () => {
    expect(resolveLocale(undefined, "en;q=abc")).toBe("tr");
  });

  it("falls back to Turkish when there is nothing", () => {
    expect(resolveLocale(undefined, null)).toBe("tr");
    expect(resolveLocale(undefined, undefined)).toBe("tr");
    expect(DEFAULT_LOCALE).toBe("tr");
  });
});

describe("isLocale", () => {
  it("accepts only the supported codes", () => {
    expect(isLocale("tr")).toBe(true);
    expect(isLocale("en")).toBe(true);
    expect(isLocale("de")).toBe(false);
    expect(isLocale(undefined)).toBe(false);
    expect(isLocale(1)).toBe(false);
  });
});

describe("pick", () => {
  it("returns the English text for en when present", () => {
    expect(pick("en", "Gömlek", "Shirt")).toBe("Shirt");
  });

  it.each(["", null, undefined])("falls back to Turkish when the English text is %j", (en) => {
    expect(pick("en", "Gömlek", en)).toBe("Gömlek");
  });

  it("always returns Turkish for tr", () => {
    expect(pick("tr", "Gömlek", "Shirt")).toBe("Gömlek");
  });
});
