import { describe, expect, it } from "vitest";
import { applicableFees, type FeeRule } from "@/lib/pricing";

const COD: FeeRule = {
  kind: "cash_on_delivery",
  amount: 1990,
  minOrder: null,
  freeAbove: null,
  active: true,
};
const WRAP: FeeRule = { kind: "gift_wrap", amount: 2500, minOrder: null, freeAbove: null, active: true };

const ctx = (paymentMethod: string | null, giftWrap: boolean, orderValue = 10_000) => ({
  paymentMethod,
  giftWrap,
  orderValue,
});

describe("applicableFees", () => {
  it.each<[string, string | null, boolean, string[]]>([
    ["cash on delivery → COD fee", "cash_on_delivery", false, ["cash_on_delivery"]],
    ["card → no COD fee", "card", false, []],
    ["bank transfer → no COD fee", "bank_transfer", false, []],
    ["no method chosen yet → no COD fee", null, false, []],
    ["gift wrap chosen → wrap fee", "card", true, ["gift_wrap"]],
    ["both", "cash_on_delivery", true, ["cash_on_delivery", "gift_wrap"]],
  ])("%s", (_name, method, giftWrap, kinds) => {
    expect(applicableFees([COD, WRAP], ctx(method, giftWrap)).map((f) => f.kind)).toEqual(kinds);
  });

  it("returns the rule amounts", () => {
    expect(applicableFees([COD, WRAP], ctx("cash_on_delivery", true))).toEqual([
      { kind: "cash_on_delivery", amount: 1990 },
      { kind: "gift_wrap", amount: 2500 },
    ]);
  });

  it.each([
    [4999, false], // one kuruş below minOrder
    [5000, true], // exactly at minOrder
    [19_999, true], // one kuruş below freeAbove
    [20_000, false], // exactly at freeAbove → waived
    [50_000, false],
  ])("minOrder 5000 / freeAbove 20000 at order %i → applies: %s", (orderValue, applies) => {
    const rule: FeeRule = { ...COD, minOrder: 5000, freeAbove: 20_000 };
    expect(applicableFees([rule], ctx("cash_on_delivery", false, orderValue))).toHaveLength(applies ? 1 : 0);
  });

  it("bounds are independent: only freeAbove", () => {
    const rule: FeeRule = { ...WRAP, freeAbove: 30_000 };
    expect(applicableFees([rule], ctx(null, true, 0))).toHaveLength(1);
    expect(applicableFees([rule], ctx(null, true, 29_999))).toHaveLength(1);
    expect(applicableFees([rule], ctx(null, true, 30_000))).toHaveLength(0);
  });

  it("inactive rules are ignored", () => {
    expect(
      applicableFees(
        [
          { ...COD, active: false },
          { ...WRAP, active: false },
        ],
        ctx("cash_on_delivery", true),
      ),
    ).toEqual([]);
    expect(applicableFees([{ ...COD, active: false }, WRAP], ctx("cash_on_delivery", true))).toEqual([
      { kind: "gift_wrap", amount: 2500 },
    ]);
  });

  it("no rules → no fees", () => {
    expect(applicableFees([], ctx("cash_on_delivery", true))).toEqual([]);
  });

  it.each<[string, FeeRule]>([
    ["negative amount", { ...COD, amount: -1 }],
    ["fractional amount", { ...COD, amount: 10.5 }],
    ["negative minOrder", { ...COD, minOrder: -1 }],
    ["fractional freeAbove", { ...COD, freeAbove: 0.5 }],
  ])("throws a RangeError on %s", (_name, rule) => {
    expect(() => applicableFees([rule], ctx("cash_on_delivery", false))).toThrow(RangeError);
  });

  it("throws on a non-integer order value", () => {
    expect(() => applicableFees([COD], ctx("cash_on_delivery", false, 1.5))).toThrow(RangeError);
  });
});
