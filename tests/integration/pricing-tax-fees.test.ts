import { type SQL, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cartCouponRecords, priceLines } from "@/lib/cart/pricing";
import { addItem, getCart, readCart, setGiftWrap, setShippingEstimate } from "@/lib/cart/service";
import { newCartId } from "@/lib/cart/token";
import { priceableLines } from "@/lib/cart/view";
import { applyCoupon } from "@/lib/coupons/service";
import { getDb } from "@/lib/db";

// KDV, fees and server-side prices as the cart computes them. Seeded KDV: standard 20 %, reduced 10 %,
// super_reduced 1 %, zero 0 %; fees: cash on delivery 29,90 TL, gift wrap 49,90 TL. Prices include KDV.

const db = getDb();

async function q<T>(query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

async function cartWith(items: [sku: string, qty: number][]) {
  const cartId = newCartId();
  for (const [sku, qty] of items) await addItem(db, { cartId }, { sku, qty });
  return cartId;
}

/** The cart priced by lib/cart/pricing directly, as checkout would with a payment method. */
async function price(cartId: string, paymentMethod: string | null = null) {
  const { cart, lines } = await readCart(db, cartId);
  if (!cart) throw new Error("no cart");
  const priced = await priceLines(db, {
    lines: priceableLines(lines),
    coupons: await cartCouponRecords(db, cartId, { userId: cart.userId, email: null }),
    destination: cart.destination,
    shippingMethod: cart.shippingMethod,
    paymentMethod,
    giftWrap: cart.giftWrap,
    locale: "tr",
  });
  return { priced, lines };
}

/** KDV contained in a tax-inclusive amount, half up (the store's rounding rule). */
function includedTax(gross: number, rateBp: number) {
  return gross - Math.floor((2 * gross * 10000 + (10000 + rateBp)) / (2 * (10000 + rateBp)));
}

// One product per tax class.
const SHIRT = "KTS-BASIC-WHT-S"; // 39990 standard (kadin-giyim)
const BOOK = "KTP-NSR"; // 19990 zero (kitap)
const LOKUM = "GDA-LOKUM"; // 24990 reduced (gida)
const LENTILS = "GDA-MERC"; // 8990 super_reduced (gida)
const MIXED: [string, number][] = [
  [SHIRT, 1],
  [BOOK, 1],
  [LOKUM, 1],
  [LENTILS, 1],
];
const MIXED_SUBTOTAL = 39990 + 19990 + 24990 + 8990;

describe("KDV per rate", () => {
  it("checks the seeded tax classes of the products used here", async () => {
    const rows = await q<{ sku: string; tax_class: string; price: string }>(sql`select v.sku, p.tax_class,
      v.price::text from variants v join products p on p.id = v.product_id
      where v.sku in (${SHIRT}, ${BOOK}, ${LOKUM}, ${LENTILS}) order by v.price desc`);
    expect(rows).toEqual([
      { sku: SHIRT, tax_class: "standard", price: "39990" },
      { sku: LOKUM, tax_class: "reduced", price: "24990" },
      { sku: BOOK, tax_class: "zero", price: "19990" },
      { sku: LENTILS, tax_class: "super_reduced", price: "8990" },
    ]);
    const rates = await q<{ tax_class: string; rate_bp: number }>(
      sql`select tax_class, rate_bp from tax_rates order by rate_bp desc`,
    );
    expect(rates).toEqual([
      { tax_class: "standard", rate_bp: 2000 },
      { tax_class: "reduced", rate_bp: 1000 },
      { tax_class: "super_reduced", rate_bp: 100 },
      { tax_class: "zero", rate_bp: 0 },
    ]);
  });

  it("one tax line per rate, highest first, with the KDV contained in each base; amounts sum to totals.tax", async () => {
    const cartId = await cartWith(MIXED);
    const cart = await getCart(db, cartId, "tr");
    expect(cart.totals.taxIncluded).toBe(true);
    expect(cart.totals.subtotal).toBe(MIXED_SUBTOTAL);
    expect(cart.totals.taxLines).toEqual([
      { rate: 20, base: 39990, amount: 6665 },
      { rate: 10, base: 24990, amount: 2272 },
      { rate: 1, base: 8990, amount: 89 },
      { rate: 0, base: 19990, amount: 0 },
    ]);
    // Every non-zero rate has exactly one line, and it carries KDV.
    const nonZero = cart.totals.taxLines.filter((l) => l.rate > 0);
    expect(new Set(nonZero.map((l) => l.rate)).size).toBe(nonZero.length);
    for (const line of nonZero) expect(line.amount).toBeGreaterThan(0);
    expect(cart.totals.tax).toBe(6665 + 2272 + 89);
    expect(cart.totals.taxLines.reduce((s, l) => s + l.amount, 0)).toBe(cart.totals.tax);
    // Tax-inclusive: KDV is inside the prices, not added.
    expect(cart.totals.total).toBe(MIXED_SUBTOTAL);

    const { priced, lines } = await price(cartId);
    const taxOf = (sku: string) =>
      priced.result.lines.find((l) => l.id === lines.find((r) => r.sku === sku)?.id);
    expect(taxOf(SHIRT)).toMatchObject({ rateBp: 2000, tax: 6665 });
    expect(taxOf(LOKUM)).toMatchObject({ rateBp: 1000, tax: 2272 });
    expect(taxOf(LENTILS)).toMatchObject({ rateBp: 100, tax: 89 });
    expect(taxOf(BOOK)).toMatchObject({ rateBp: 0, tax: 0 });
  });

  it("with a coupon, shipping and gift wrap: total = subtotal − discount + shipping + fees, and lines add up per rate", async () => {
    const cartId = await cartWith(MIXED);
    await applyCoupon(db, { cartId, code: "HOSGELDIN10", userId: null });
    await setShippingEstimate(db, cartId, { country: "TR", postalCode: "65000", method: null });
    await setGiftWrap(db, cartId, true);
    const cart = await getCart(db, cartId, "tr");
    const subtotal = MIXED_SUBTOTAL;
    expect(cart.totals.subtotal).toBe(subtotal);
    expect(cart.totals.discount).toBe(Math.round(subtotal / 10));
    // Van: 2050 g billable (≤ 3 kg bracket); 845,64 TL is under the region's 1000 TL threshold.
    expect(cart.totals.shipping).toBe(10990);
    expect(cart.totals.fees).toBe(4990);
    expect(cart.totals.feeLines).toEqual([{ kind: "gift_wrap", amount: 4990 }]);
    expect(cart.totals.total).toBe(
      cart.totals.subtotal - cart.totals.discount + cart.totals.shipping + cart.totals.fees,
    );
    expect(cart.totals.total).toBe(subtotal - Math.round(subtotal / 10) + 10990 + 4990);
    expect(cart.totals.taxLines.reduce((s, l) => s + l.amount, 0)).toBe(cart.totals.tax);
    expect(cart.totals.taxLines.map((l) => l.rate)).toEqual([20, 10, 1, 0]);

    const { priced } = await price(cartId);
    const { result } = priced;
    expect(result.total).toBe(cart.totals.total);
    expect(result.tax).toBe(cart.totals.tax);
    expect(result.lines.reduce((s, l) => s + l.discount, 0)).toBe(result.discount);
    for (const taxLine of result.taxLines) {
      const members = result.lines.filter((l) => l.rateBp === taxLine.rateBp);
      const linesBase = members.reduce((s, l) => s + l.net, 0);
      const linesTax = members.reduce((s, l) => s + l.tax, 0);
      if (taxLine.rateBp === 2000) {
        // Shipping and fees are taxed at the standard rate, inside its group.
        expect(taxLine.base).toBe(linesBase + result.shipping + result.fees);
        expect(linesTax + result.shippingTax + result.feesTax).toBe(taxLine.amount);
        expect(result.shippingTax).toBeGreaterThan(0);
        expect(result.feesTax).toBeGreaterThan(0);
      } else {
        expect(taxLine.base).toBe(linesBase);
        expect(linesTax).toBe(taxLine.amount);
      }
      expect(taxLine.amount).toBe(includedTax(taxLine.base, taxLine.rateBp));
    }
  });

  it("per-line taxes of a rate with several lines add up to the rate's amount", async () => {
    const cartId = await cartWith([
      [SHIRT, 1],
      ["KTS-BASIC-BLK-S", 1],
      ["KZM-KOLONYA", 3],
      [LOKUM, 1],
      ["GDA-KAHVE", 1],
    ]);
    await applyCoupon(db, { cartId, code: "HOSGELDIN10", userId: null });
    const { priced } = await price(cartId);
    const { result } = priced;
    expect(result.shipping).toBe(0);
    expect(result.fees).toBe(0);
    for (const rateBp of [2000, 1000]) {
      const members = result.lines.filter((l) => l.rateBp === rateBp);
      expect(members.length).toBeGreaterThan(1);
      const amount = result.taxLines.find((t) => t.rateBp === rateBp)?.amount;
      expect(members.reduce((s, l) => s + l.tax, 0)).toBe(amount);
    }
    const cart = await getCart(db, cartId, "tr");
    expect(cart.totals.taxLines.map((l) => [l.rate, l.amount])).toEqual(
      result.taxLines.map((l) => [l.rateBp / 100, l.amount]),
    );
  });
});

describe("fees", () => {
  it("gift wrap adds the seeded 49,90 TL fee (taxed at 20 %) and goes away when switched off", async () => {
    const cartId = await cartWith([[BOOK, 1]]); // zero-rated, so the only KDV is the fee's
    let cart = await getCart(db, cartId, "tr");
    expect(cart.giftWrap).toBe(false);
    expect(cart.totals.feeLines).toEqual([]);
    expect(cart.totals.fees).toBe(0);
    expect(cart.totals.tax).toBe(0);

    await setGiftWrap(db, cartId, true);
    cart = await getCart(db, cartId, "tr");
    expect(cart.giftWrap).toBe(true);
    expect(cart.totals.feeLines).toEqual([{ kind: "gift_wrap", amount: 4990 }]);
    expect(cart.totals.fees).toBe(4990);
    expect(cart.totals.total).toBe(19990 + 4990);
    expect(cart.totals.taxLines).toEqual([
      { rate: 20, base: 4990, amount: includedTax(4990, 2000) },
      { rate: 0, base: 19990, amount: 0 },
    ]);
    expect(cart.totals.tax).toBe(832);

    await setGiftWrap(db, cartId, false);
    cart = await getCart(db, cartId, "tr");
    expect(cart.totals.feeLines).toEqual([]);
    expect(cart.totals.total).toBe(19990);
  });

  it("the cash-on-delivery fee appears only when priceLines gets paymentMethod cash_on_delivery", async () => {
    const cartId = await cartWith([[SHIRT, 1]]);
    await setShippingEstimate(db, cartId, { country: "TR", postalCode: "34710", method: null });

    const cod = (await price(cartId, "cash_on_delivery")).priced;
    expect(cod.fees).toEqual([{ kind: "cash_on_delivery", amount: 2990 }]);
    expect(cod.result.fees).toBe(2990);
    expect(cod.result.total).toBe(39990 + 4990 + 2990);
    expect(cod.result.feesTax).toBeGreaterThan(0);

    for (const method of [null, "card", "bank_transfer"]) {
      const other = (await price(cartId, method)).priced;
      expect(other.fees, String(method)).toEqual([]);
      expect(other.result.total).toBe(39990 + 4990);
    }
    // The cart itself never knows the payment method.
    const cart = await getCart(db, cartId, "tr");
    expect(cart.totals.feeLines).toEqual([]);
    expect(cart.totals.total).toBe(39990 + 4990);

    // Both fees at once.
    await setGiftWrap(db, cartId, true);
    const both = (await price(cartId, "cash_on_delivery")).priced;
    expect([...both.fees].sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: "cash_on_delivery", amount: 2990 },
      { kind: "gift_wrap", amount: 4990 },
    ]);
    expect(both.result.total).toBe(39990 + 4990 + 2990 + 4990);
  });
});

describe("totals come from the database", () => {
  it("a variant's price changed in SQL is what the cart totals use", async () => {
    const sku = "KZM-DEFNE"; // 22990, standard; only this test touches it
    const cartId = await cartWith([[sku, 2]]);
    let cart = await getCart(db, cartId, "tr");
    expect(cart.totals.subtotal).toBe(2 * 22990);

    await db.execute(sql`update variants set price = 30000 where sku = ${sku}`);
    cart = await getCart(db, cartId, "tr");
    expect(cart.items[0]).toMatchObject({ sku, unitPrice: 30000, lineTotal: 60000 });
    expect(cart.items[0]?.flags).toContain("PRICE_CHANGED");
    expect(cart.totals.subtotal).toBe(60000);
    expect(cart.totals.tax).toBe(includedTax(60000, 2000));
    expect(cart.totals.total).toBe(60000);

    // Coupon checks use the current price too: 100TL needs 750 TL, which the new price reaches.
    await db.execute(sql`update variants set price = 37500 where sku = ${sku}`);
    await applyCoupon(db, { cartId, code: "100TL", userId: null });
    cart = await getCart(db, cartId, "tr");
    expect(cart.totals.subtotal).toBe(75000);
    expect(cart.coupons).toEqual([{ code: "100TL", discount: 10000 }]);
    expect(cart.totals.total).toBe(65000);
  });
});
