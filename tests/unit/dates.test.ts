import { describe, expect, it } from "vitest";
import { dateFormat } from "@/lib/i18n/dates";

describe("the store's dates", () => {
  // 04:43 UTC is 07:43 in Istanbul: shoppers and staff read the shop's time, whatever zone the server runs in.
  const placed = new Date("2026-12-02T04:43:00Z");

  it("are Istanbul time in Turkish and in English", () => {
    expect(dateFormat("tr").format(placed)).toBe("2 Ara 2026 07:43");
    expect(dateFormat("en").format(placed)).toBe("2 Dec 2026, 07:43");
  });

  it("put a date just after midnight in Istanbul on its Turkish day", () => {
    expect(dateFormat("tr", { dateStyle: "long" }).format(new Date("2026-12-31T22:30:00Z"))).toBe(
      "1 Ocak 2027",
    );
  });
});
