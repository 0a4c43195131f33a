import { describe, expect, it } from "vitest";
import { stockStatus } from "@/components/product/stock";

describe("stockStatus", () => {
  it.each([0, -1, -100])("available %i → soldOut", (available) => {
    expect(stockStatus(available, 3)).toEqual({ kind: "soldOut" });
  });

  it.each([1, 2, 3])("available %i with threshold 3 → low with that count", (available) => {
    expect(stockStatus(available, 3)).toEqual({ kind: "low", count: available });
  });

  it.each([4, 5, 1000])("available %i with threshold 3 → inStock", (available) => {
    expect(stockStatus(available, 3)).toEqual({ kind: "inStock" });
  });

  it("never says low when the threshold is 0", () => {
    expect(stockStatus(1, 0)).toEqual({ kind: "inStock" });
    expect(stockStatus(0, 0)).toEqual({ kind: "soldOut" });
  });
});
