import { type SQL, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { addItem, getCart, readCart, setShippingEstimate } from "@/lib/cart/service";
import { newCartId } from "@/lib/cart/token";
import { priceableLines } from "@/lib/cart/view";
import { applyCoupon } from "@/lib/coupons/service";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { billableGrams } from "@/lib/pricing";
import { quoteShipping } from "@/lib/shipping/service";

// Shipping as the cart prices it, against the seeded zones and rate tables (lib/demo/pricing.ts).
// Brackets by billable weight: ≤1 kg, ≤3 kg, ≤5 kg, ≤10 kg, ≤20 kg.

const db = getDb();

async function q<T>(query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

async function cartWith(items: [sku: string, qty: number][]) {
  const cartId = newCartId();
  for (const [sku, qty] of items) await addItem(db, { cartId }, { sku, qty });
  return cartId;
}

async function estimate(cartId: string, country: string, postalCode: string, method: string | null = null) {
  await setShippingEstimate(db, cartId, { country, postalCode, method });
  return getCart(db, cartId, "tr");
}

function option(cart: Awaited<ReturnType<typeof getCart>>, id: string) {
  return cart.shipping?.options.find((o) => o.id === id);
}

async function setPrice(sku: string, price: number) {
  await db.execute(sql`update variants set price = ${price} where sku = ${sku}`);
}

// KZM-GULSU: 17990, 320 g, 18×7×7 cm (294 g volumetric). Four of them: 71960 (< 750 TL), 1280 g billable.
const GULSU = "KZM-GULSU";
// CNT-BEZ-IST-BEI: 34990, 200 g but 40×35×2 cm (934 g volumetric). Two: 69980, 1868 g billable by volume.
const BAG = "CNT-BEZ-IST-BEI";
// Price changes in this file happen on this SKU only: 19990, 550 g, 18×12×6 cm (432 g volumetric).
const SOAP = "KZM-SABUN";

const ISTANBUL_1_3KG = [
  { id: "standard", price: 6490, carrier: "Yurtiçi Kargo", etaDays: { min: 1, max: 2 } },
  { id: "express", price: 10990, carrier: "Aras Kargo", etaDays: { min: 1, max: 1 } },
  { id: "same_day", price: 17990, carrier: "MNG Kargo", etaDays: { min: 0, max: 0 } },
];
const VAN_1_3KG = [
  { id: "standard", price: 10990, carrier: "PTT Kargo", etaDays: { min: 3, max: 5 } },
  { id: "express", price: 16990, carrier: "Aras Kargo", etaDays: { min: 2, max: 3 } },
];

describe("rates by destination", () => {
  it("İstanbul 34710 and Van 65000 get the seeded prices of the cart's weight bracket; same_day only in İstanbul", async () => {
    const cartId = await cartWith([[GULSU, 4]]);
    const { lines } = await readCart(db, cartId);
    expect(billableGrams(priceableLines(lines))).toBe(1280);

    const istanbul = await estimate(cartId, "TR", "34710");
    expect(istanbul.shipping?.problem).toBeNull();
    expect(istanbul.shipping?.options).toMatchObject(ISTANBUL_1_3KG);
    expect(istanbul.shipping?.options.map((o) => o.name)).toEqual([
      "Standart teslimat",
      "Hızlı teslimat",
      "Aynı gün teslimat",
    ]);
    // Cheapest is chosen unless the shopper picked one.
    expect(istanbul.shipping?.selected?.id).toBe("standard");
    expect(istanbul.totals.shipping).toBe(6490);
    expect(istanbul.totals.total).toBe(71960 + 6490);

    const van = await estimate(cartId, "TR", "65000");
    expect(van.shipping?.problem).toBeNull();
    expect(van.shipping?.options).toMatchObject(VAN_1_3KG);
    expect(van.shipping?.options).toHaveLength(2);
    expect(option(van, "same_day")).toBeUndefined();
    expect(van.totals.shipping).toBe(10990);
    expect(van.totals.total).toBe(71960 + 10990);
  });

  it("prices by volumetric weight (desi) when it exceeds the actual weight", async () => {
    const cartId = await cartWith([[BAG, 2]]);
    const { lines } = await readCart(db, cartId);
    expect(billableGrams(priceableLines(lines))).toBe(1868); // 400 g actual
    const istanbul = await estimate(cartId, "TR", "34710");
    expect(istanbul.shipping?.options).toMatchObject(ISTANBUL_1_3KG);
    const van = await estimate(cartId, "TR", "65000");
    expect(van.shipping?.options).toMatchObject(VAN_1_3KG);
  });

  it("a parcel under 1 kg gets the first bracket, and the other regions their own tables", async () => {
    const cartId = await cartWith([[GULSU, 1]]); // 320 g, 17990
    const istanbul = await estimate(cartId, "TR", "34710");
    expect(istanbul.shipping?.options.map((o) => [o.id, o.price])).toEqual([
      ["standard", 4990],
      ["express", 8990],
      ["same_day", 14990],
    ]);
    const van = await estimate(cartId, "TR", "65000");
    expect(van.shipping?.options.map((o) => [o.id, o.price])).toEqual([
      ["standard", 8990],
      ["express", 14990],
    ]);
    const bursa = await estimate(cartId, "TR", "16000"); // Marmara
    expect(bursa.shipping?.options.map((o) => [o.id, o.price])).toEqual([
      ["standard", 5990],
      ["express", 9990],
    ]);
    const ankara = await estimate(cartId, "TR", "06100"); // İç Anadolu
    expect(ankara.shipping?.options.map((o) => [o.id, o.price])).toEqual([
      ["standard", 6990],
      ["express", 11990],
    ]);
  });

  it("a chosen method is priced as chosen; one the zone lacks is UNKNOWN_METHOD", async () => {
    const cartId = await cartWith([[GULSU, 4]]);
    const express = await estimate(cartId, "TR", "34710", "express");
    expect(express.shipping?.selected?.id).toBe("express");
    expect(express.totals.shipping).toBe(10990);
    const sameDayVan = await estimate(cartId, "TR", "65000", "same_day");
    expect(sameDayVan.shipping?.problem).toBe("UNKNOWN_METHOD");
    expect(sameDayVan.shipping?.selected).toBeNull();
    expect(sameDayVan.totals.shipping).toBe(0);
    expect(sameDayVan.totals.total).toBe(71960);
  });

  it("quoteShipping agrees with the cart", async () => {
    const cartId = await cartWith([[GULSU, 4]]);
    const lines = priceableLines((await readCart(db, cartId)).lines);
    const quote = await quoteShipping(db, { country: "TR", postalCode: "34710" }, lines, 71960, "en");
    expect(quote.zone).toEqual({ code: "istanbul", chargesTax: true });
    expect(quote.options).toMatchObject(ISTANBUL_1_3KG);
    expect(quote.options[0]?.name).toBe("Standard delivery");
    const van = await quoteShipping(db, { country: "TR", postalCode: "65000" }, lines, 71960, "tr");
    expect(van.zone).toEqual({ code: "dogu", chargesTax: true });
  });
});

describe("free shipping threshold (order value after discounts)", () => {
  it("standard is free in İstanbul at exactly 750 TL, not at 749,99 TL; express never", async () => {
    const cartId = await cartWith([[SOAP, 1]]);
    await setPrice(SOAP, 75000);
    let cart = await estimate(cartId, "TR", "34710");
    expect(cart.totals.subtotal).toBe(75000);
    expect(option(cart, "standard")?.price).toBe(0);
    expect(option(cart, "express")?.price).toBe(8990);
    expect(option(cart, "same_day")?.price).toBe(14990);
    expect(cart.totals.shipping).toBe(0);
    expect(cart.totals.total).toBe(75000);

    await setPrice(SOAP, 74999);
    cart = await getCart(db, cartId, "tr");
    expect(option(cart, "standard")?.price).toBe(4990);
    expect(cart.totals.shipping).toBe(4990);
    expect(cart.totals.total).toBe(74999 + 4990);

    // Van's standard method has its own threshold of 1000 TL.
    await setPrice(SOAP, 75000);
    cart = await estimate(cartId, "TR", "65000");
    expect(option(cart, "standard")?.price).toBe(8990);
    await setPrice(SOAP, 99999);
    expect(option(await getCart(db, cartId, "tr"), "standard")?.price).toBe(8990);
    await setPrice(SOAP, 100000);
    cart = await getCart(db, cartId, "tr");
    expect(option(cart, "standard")?.price).toBe(0);
    expect(option(cart, "express")?.price).toBe(14990);
    await setPrice(SOAP, 19990);
  });

  it("a discount that takes the order under 750 TL brings the shipping charge back", async () => {
    const cartId = await cartWith([["JEAN-YB-BLU-36", 1]]); // 79990, 1750 g volumetric
    let cart = await estimate(cartId, "TR", "34710");
    expect(cart.totals.shipping).toBe(0);
    expect(option(cart, "standard")?.price).toBe(0);

    await applyCoupon(db, { cartId, code: "HOSGELDIN10", userId: null });
    cart = await getCart(db, cartId, "tr");
    expect(cart.totals.discount).toBe(7999); // order value 71991
    expect(option(cart, "standard")?.price).toBe(6490);
    expect(cart.totals.shipping).toBe(6490);
    expect(cart.totals.total).toBe(79990 - 7999 + 6490);
  });

  it("a discount that leaves exactly 750 TL keeps standard free", async () => {
    const cartId = await cartWith([[SOAP, 1]]);
    await setPrice(SOAP, 83333); // − 10 % (8333) = 75000
    await applyCoupon(db, { cartId, code: "HOSGELDIN10", userId: null });
    let cart = await estimate(cartId, "TR", "34710");
    expect(cart.totals.subtotal - cart.totals.discount).toBe(75000);
    expect(cart.totals.shipping).toBe(0);
    await setPrice(SOAP, 83332); // − 8333 = 74999
    cart = await getCart(db, cartId, "tr");
    expect(cart.totals.subtotal - cart.totals.discount).toBe(74999);
    expect(cart.totals.shipping).toBe(4990);
    await setPrice(SOAP, 19990);
  });
});

describe("KARGOBEDAVA", () => {
  it("makes totals.shipping 0 and lists the waived shipping as its discount", async () => {
    const cartId = await cartWith([[GULSU, 4]]);
    let cart = await estimate(cartId, "TR", "34710");
    expect(cart.totals.shipping).toBe(6490);
    await applyCoupon(db, { cartId, code: "KARGOBEDAVA", userId: null });
    cart = await getCart(db, cartId, "tr");
    expect(cart.totals.shipping).toBe(0);
    expect(cart.coupons).toEqual([{ code: "KARGOBEDAVA", discount: 6490 }]);
    // The waived shipping is not a discount on the goods.
    expect(cart.totals.discount).toBe(0);
    expect(cart.totals.total).toBe(71960);
    // The option list still shows the carrier's price.
    expect(option(cart, "standard")?.price).toBe(6490);

    cart = await estimate(cartId, "TR", "65000", "express");
    expect(cart.totals.shipping).toBe(0);
    expect(cart.coupons).toEqual([{ code: "KARGOBEDAVA", discount: 16990 }]);
    expect(cart.totals.total).toBe(71960);
  });

  it("stacks with HOSGELDIN10 and waives the shipping of the discounted order", async () => {
    const cartId = await cartWith([[GULSU, 4]]);
    await estimate(cartId, "TR", "34710");
    await applyCoupon(db, { cartId, code: "HOSGELDIN10", userId: null }, new Date(Date.now() - 1000));
    await applyCoupon(db, { cartId, code: "KARGOBEDAVA", userId: null });
    const cart = await getCart(db, cartId, "tr");
    expect(cart.coupons).toEqual([
      { code: "HOSGELDIN10", discount: 7196 },
      { code: "KARGOBEDAVA", discount: 6490 },
    ]);
    expect(cart.totals.discount).toBe(7196);
    expect(cart.totals.shipping).toBe(0);
    expect(cart.totals.total).toBe(71960 - 7196);
  });

  it("waives nothing when there is no destination yet", async () => {
    const cartId = await cartWith([[GULSU, 1]]);
    await applyCoupon(db, { cartId, code: "KARGOBEDAVA", userId: null });
    const cart = await getCart(db, cartId, "tr");
    expect(cart.shipping).toBeNull();
    expect(cart.coupons).toEqual([{ code: "KARGOBEDAVA", discount: 0 }]);
    expect(cart.totals.total).toBe(17990);
  });
});

describe("international and unserved destinations", () => {
  it("Germany: the international rate table and no KDV", async () => {
    const cartId = await cartWith([[GULSU, 4]]);
    const domestic = await estimate(cartId, "TR", "34710");
    expect(domestic.totals.tax).toBeGreaterThan(0);

    const cart = await estimate(cartId, "DE", "10115");
    expect(cart.shipping?.problem).toBeNull();
    expect(cart.shipping?.options).toMatchObject([
      { id: "standard", price: 119990, carrier: "PTT Kargo", etaDays: { min: 7, max: 14 } },
    ]);
    expect(cart.totals.shipping).toBe(119990);
    expect(cart.totals.tax).toBe(0);
    expect(cart.totals.taxLines.length).toBeGreaterThan(0);
    for (const line of cart.totals.taxLines) {
      expect(line.rate).toBe(0);
      expect(line.amount).toBe(0);
    }
    expect(cart.totals.total).toBe(71960 + 119990);
  });

  it("Japan: shipping.problem NO_SHIPPING_TO_ADDRESS, no options, no shipping charge", async () => {
    const cartId = await cartWith([[GULSU, 1]]);
    const cart = await estimate(cartId, "JP", "100-0001");
    expect(cart.shipping).toMatchObject({
      country: "JP",
      postalCode: "100-0001",
      problem: "NO_SHIPPING_TO_ADDRESS",
      selected: null,
      options: [],
    });
    expect(cart.totals.shipping).toBe(0);
    expect(cart.totals.total).toBe(17990);

    const lines = priceableLines((await readCart(db, cartId)).lines);
    const error = await quoteShipping(db, { country: "JP", postalCode: "100-0001" }, lines, 17990, "tr").then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("NO_SHIPPING_TO_ADDRESS");
  });

  it("clearing the estimate removes the shipping block", async () => {
    const cartId = await cartWith([[GULSU, 1]]);
    await estimate(cartId, "TR", "34710");
    await setShippingEstimate(db, cartId, null);
    const cart = await getCart(db, cartId, "tr");
    expect(cart.shipping).toBeNull();
    expect(cart.totals.shipping).toBe(0);
    const [row] = await q<{ shipping_country: string | null }>(
      sql`select shipping_country from carts where id = ${cartId}`,
    );
    expect(row?.shipping_country).toBeNull();
  });
});
