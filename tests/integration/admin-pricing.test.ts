import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  deleteZoneAction,
  saveFeeAction,
  saveMethodAction,
  saveTaxRatesAction,
  saveZoneAction,
  setMethodActiveAction,
  updateCouponAction,
} from "@/app/actions/admin-pricing";
import { findUserById, type PublicUser } from "@/lib/accounts/users";
import { cartCouponRecords, priceLines } from "@/lib/cart/pricing";
import { getCart, readCart, setShippingEstimate } from "@/lib/cart/service";
import { priceableLines } from "@/lib/cart/view";
import { applyCoupon } from "@/lib/coupons/service";
import { getCoupon } from "@/lib/coupons/staff";
import { getDb } from "@/lib/db";
import { idle } from "@/lib/forms/state";
import { quoteShipping } from "@/lib/shipping/service";
import { type AdminZone, listZones } from "@/lib/shipping/staff";
import { makeUser } from "./admin-support";
import {
  cartWith,
  checkoutInput,
  clearCardProviderEnv,
  makeCoupon,
  place,
  q,
  uniqueEmail,
} from "./checkout-support";

// The staff pages for shipping, KDV, fees and coupon edits, through their server actions (as the forms
// submit them) against the real database: a refused form changes nothing, and a saved change prices the
// very next cart read — including the KDV and fee rules that carts keep in a 30-second cache.

const session = vi.hoisted(() => ({ user: null as PublicUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/i18n/server", () => ({ currentLocale: async () => "tr" }));
vi.mock("next/cache", async (original) => ({
  ...(await original<typeof import("next/cache")>()),
  revalidatePath: () => {},
  revalidateTag: () => {},
}));

clearCardProviderEnv();
const db = getDb();

// KZM-GULSU: 17990, 320 g billable — the İstanbul tables' first bracket (up to 1 kg).
const GULSU = "KZM-GULSU";
// KTS-BASIC-WHT-S: 39990, tax class standard (seeded KDV 20 %).
const SHIRT = "KTS-BASIC-WHT-S";

beforeAll(async () => {
  const staff = await makeUser(db, "staff", "Fiyat Personeli");
  session.user = await findUserById(db, staff.id);
});

beforeEach(() => {});

function form(values: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values))
    for (const item of [value].flat()) data.append(name, item);
  return data;
}

/** Every row the pricing pages can write, to prove a refusal left them all as they were. */
async function pricingTables() {
  const [row] = await q<Record<string, unknown>>(
    db,
    sql`select
      (select json_agg(z order by z.id) from shipping_zones z) as zones,
      (select json_agg(m order by m.id) from shipping_methods m) as methods,
      (select json_agg(r order by r.method_id, r.max_grams) from shipping_rates r) as rates,
      (select json_agg(t order by t.tax_class) from tax_rates t) as taxes,
      (select json_agg(f order by f.kind) from fee_rules f) as fees,
      (select json_agg(k order by k.id) from coupons k) as coupons`,
  );
  return row;
}

async function zone(code: string): Promise<AdminZone> {
  const found = (await listZones(db)).find((z) => z.code === code);
  if (!found) throw new Error(`no zone ${code}`);
  return found;
}

/** The İstanbul standard method as its form would submit it, with the given changes. */
async function istanbulStandard(changes: Record<string, string | string[]> = {}) {
  const istanbul = await zone("istanbul");
  const method = istanbul.methods.find((m) => m.code === "standard");
  if (!method) throw new Error("no standard method");
  return form({
    zoneId: String(istanbul.id),
    id: String(method.id),
    code: "standard",
    nameTr: method.nameTr,
    nameEn: method.nameEn,
    carrier: method.carrier,
    etaMinDays: String(method.etaMinDays),
    etaMaxDays: String(method.etaMaxDays),
    freeThreshold: "750",
    extraPerKg: "5",
    active: "on",
    maxKg: ["1", "3", "5", "10", "20", ""],
    ratePrice: ["49,90", "64,90", "79,90", "109,90", "159,90", ""],
    ...changes,
  });
}

const taxForm = (rates: Partial<Record<string, string>> = {}) =>
  form({ standard: "20", reduced: "10", super_reduced: "1", zero: "0", ...rates });

async function istanbulCart(items: [string, number][]) {
  const cartId = await cartWith(db, items);
  await setShippingEstimate(db, cartId, { country: "TR", postalCode: "34710", method: null });
  return cartId;
}

/** The digest of what next/navigation threw (redirect, forbidden), or the action's return value. */
async function thrown(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "returned";
  } catch (error) {
    return String((error as { digest?: unknown }).digest ?? error);
  }
}

describe("refused forms change nothing", () => {
  it("zones that leave an address in two zones, or in none, are refused with the field to fix", async () => {
    const before = await pricingTables();
    const newZone = (values: Record<string, string>) =>
      saveZoneAction(
        idle,
        form({ code: "yeni", nameTr: "Yeni", nameEn: "New", countries: "TR", position: "9", ...values }),
      );

    // İstanbul (34) is already a zone of its own.
    const province = await newZone({ postalPrefixes: "06, 34" });
    expect(province.fields?.postalPrefixes).toContain("istanbul");
    // Germany is covered whole by the international zone.
    const country = await newZone({ countries: "DE" });
    expect(country.fields?.countries).toContain("international");
    const empty = await newZone({ countries: "" });
    expect(empty.fields?.countries).toBeTruthy();
    const provincesAbroad = await newZone({ countries: "TR, DE", postalPrefixes: "99" });
    expect(provincesAbroad.fields?.postalPrefixes).toBeTruthy();
    const unknownCountry = await newZone({ countries: "XX" });
    expect(unknownCountry.fields?.countries).toBeTruthy();
    const taken = await newZone({ code: "istanbul", countries: "JP" });
    expect(taken.fields?.code).toBeTruthy();
    expect(taken.status).toBe("error");
    // Editing a zone into another's provinces is refused the same way.
    const marmara = await zone("marmara");
    const moved = await saveZoneAction(
      idle,
      form({
        id: String(marmara.id),
        code: "marmara",
        nameTr: "Marmara",
        nameEn: "Marmara",
        countries: "TR",
        postalPrefixes: [...marmara.postalPrefixes, "65"].join(", "),
        chargesTax: "on",
        position: "1",
      }),
    );
    expect(moved.fields?.postalPrefixes).toContain("dogu");
    // Deleting without ticking the confirmation.
    const unconfirmed = await deleteZoneAction(idle, form({ id: String(marmara.id) }));
    expect(unconfirmed.fields?.confirm).toBeTruthy();

    expect(await pricingTables()).toEqual(before);
  });

  it("rate tables with negative, repeated or missing brackets, and bad methods, are refused", async () => {
    const before = await pricingTables();
    const negative = await saveMethodAction(
      idle,
      await istanbulStandard({ ratePrice: ["-49,90", "64,90"], maxKg: ["1", "3"] }),
    );
    expect(negative.fields?.["rate.0"]).toBeTruthy();
    const repeated = await saveMethodAction(
      idle,
      await istanbulStandard({ maxKg: ["1", "1"], ratePrice: ["49,90", "59,90"] }),
    );
    expect(repeated.fields?.["rate.1"]).toBeTruthy();
    expect(repeated.fields?.["rate.0"]).toBeUndefined();
    const zeroWeight = await saveMethodAction(
      idle,
      await istanbulStandard({ maxKg: ["0"], ratePrice: ["49,90"] }),
    );
    expect(zeroWeight.fields?.["rate.0"]).toBeTruthy();
    const none = await saveMethodAction(
      idle,
      await istanbulStandard({ maxKg: ["", ""], ratePrice: ["", ""] }),
    );
    expect(none.fields?.rates).toBeTruthy();
    const eta = await saveMethodAction(idle, await istanbulStandard({ etaMinDays: "3", etaMaxDays: "1" }));
    expect(eta.fields?.etaMaxDays).toBeTruthy();
    const negativeExtra = await saveMethodAction(idle, await istanbulStandard({ extraPerKg: "-5" }));
    expect(negativeExtra.fields?.extraPerKg).toBeTruthy();
    const unknownCode = await saveMethodAction(idle, await istanbulStandard({ code: "drone" }));
    expect(unknownCode.fields?.code).toBeTruthy();
    // A second express method in İstanbul (a new method, not the existing one).
    const twice = await istanbulStandard({ code: "express" });
    twice.delete("id");
    const duplicate = await saveMethodAction(idle, twice);
    expect(duplicate.fields?.code).toBeTruthy();
    expect(await pricingTables()).toEqual(before);
  });

  it("KDV outside 0–100 %, fees that could never apply and negative amounts are refused", async () => {
    const before = await pricingTables();
    for (const rate of ["101", "-1", "20,555", "yirmi", ""]) {
      const state = await saveTaxRatesAction(idle, taxForm({ reduced: rate }));
      expect(state.fields?.reduced, rate).toBeTruthy();
      expect(state.fields?.standard, rate).toBeUndefined();
    }
    const fee = (values: Record<string, string>) =>
      saveFeeAction(
        idle,
        form({
          kind: "cash_on_delivery",
          nameTr: "Kapıda ödeme",
          nameEn: "COD",
          amount: "29,90",
          active: "on",
          ...values,
        }),
      );
    expect((await fee({ minOrder: "500", freeAbove: "500" })).fields?.freeAbove).toBeTruthy();
    expect((await fee({ amount: "-10" })).fields?.amount).toBeTruthy();
    expect((await fee({ amount: "" })).fields?.amount).toBeTruthy();
    expect((await fee({ kind: "tip" })).fields?.kind).toBeTruthy();
    expect(await pricingTables()).toEqual(before);
  });
});

describe("a saved change prices the next cart", () => {
  it("a new İstanbul rate is in the next shipping quote of the cart", async () => {
    const cartId = await istanbulCart([[GULSU, 1]]);
    const before = await getCart(db, cartId, "tr");
    expect(before.shipping?.options.find((o) => o.id === "standard")?.price).toBe(4990);

    const saved = await saveMethodAction(
      idle,
      await istanbulStandard({ ratePrice: ["55,55", "64,90", "79,90", "109,90", "159,90", ""] }),
    );
    expect(saved.status).not.toBe("error");
    expect(saved.status).toBe("ok");
    const after = await getCart(db, cartId, "tr");
    expect(after.shipping?.options.find((o) => o.id === "standard")?.price).toBe(5555);
    expect(after.totals.shipping).toBe(5555);
    expect(after.totals.total).toBe(17990 + 5555);

    // Brackets typed out of order are stored by weight; 2,5 kg is 2500 g.
    await saveMethodAction(idle, await istanbulStandard({ maxKg: ["2,5", "0,5"], ratePrice: ["70", "40"] }));
    const [rates] = await q<{ rates: unknown }>(
      db,
      sql`select json_agg(json_build_array(r.max_grams, r.price) order by r.max_grams) as rates
        from shipping_rates r join shipping_methods m on m.id = r.method_id join shipping_zones z on z.id = m.zone_id
        where z.code = 'istanbul' and m.code = 'standard'`,
    );
    expect(rates?.rates).toEqual([
      [500, 4000],
      [2500, 7000],
    ]);
    expect((await getCart(db, cartId, "tr")).totals.shipping).toBe(4000);

    // Switched off, the method is no longer offered; switched on, it is again.
    const istanbul = await zone("istanbul");
    const standard = istanbul.methods.find((m) => m.code === "standard");
    await setMethodActiveAction(
      form({ id: String(standard?.id), zoneId: String(istanbul.id), active: "false" }),
    );
    expect((await getCart(db, cartId, "tr")).shipping?.options.map((o) => o.id)).not.toContain("standard");
    await setMethodActiveAction(
      form({ id: String(standard?.id), zoneId: String(istanbul.id), active: "true" }),
    );
    expect((await getCart(db, cartId, "tr")).shipping?.options.map((o) => o.id)).toContain("standard");
    await saveMethodAction(idle, await istanbulStandard());
  });

  it("a new KDV rate is in the next cart totals, though the previous read was cached", async () => {
    const cartId = await istanbulCart([[SHIRT, 1]]);
    const before = await getCart(db, cartId, "tr");
    expect(before.totals.taxLines.map((line) => line.rate)).toEqual([20]);

    const saved = await saveTaxRatesAction(idle, taxForm({ standard: "18,5" }));
    expect(saved.status).toBe("ok");
    const [stored] = await q<{ rate_bp: number }>(
      db,
      sql`select rate_bp from tax_rates where tax_class = 'standard'`,
    );
    expect(stored?.rate_bp).toBe(1850);
    const after = await getCart(db, cartId, "tr");
    expect(after.totals.taxLines.map((line) => line.rate)).toEqual([18.5]);
    // Prices include KDV: the total stays, the KDV inside it is 18.5 % of the net.
    expect(after.totals.total).toBe(before.totals.total);
    const base = after.totals.taxLines[0]?.base ?? 0;
    expect(after.totals.taxLines[0]?.amount).toBe(base - Math.round((base * 10000) / 11850));
    await saveTaxRatesAction(idle, taxForm());
    expect((await getCart(db, cartId, "tr")).totals.taxLines.map((line) => line.rate)).toEqual([20]);
  });

  it("a changed or switched-off fee is in the next checkout pricing", async () => {
    const cartId = await istanbulCart([[GULSU, 1]]);
    const cashOnDelivery = async () => {
      const { cart, lines } = await readCart(db, cartId);
      const priced = await priceLines(db, {
        lines: priceableLines(lines),
        coupons: await cartCouponRecords(db, cartId, { userId: null, email: null }),
        destination: cart?.destination ?? null,
        shippingMethod: null,
        paymentMethod: "cash_on_delivery",
        giftWrap: false,
        locale: "tr",
      });
      return priced.fees;
    };
    expect(await cashOnDelivery()).toEqual([{ kind: "cash_on_delivery", amount: 2990 }]);
    const save = (values: Record<string, string>) =>
      saveFeeAction(
        idle,
        form({
          kind: "cash_on_delivery",
          nameTr: "Kapıda ödeme hizmet bedeli",
          nameEn: "Cash on delivery fee",
          ...values,
        }),
      );
    expect((await save({ amount: "34,90", active: "on" })).status).toBe("ok");
    expect(await cashOnDelivery()).toEqual([{ kind: "cash_on_delivery", amount: 3490 }]);
    // Waived from 100 TL: this 179,90 TL order pays none.
    await save({ amount: "34,90", freeAbove: "100", active: "on" });
    expect(await cashOnDelivery()).toEqual([]);
    await save({ amount: "34,90" });
    expect(await cashOnDelivery()).toEqual([]);
    await save({ amount: "29,90", active: "on" });
    expect(await cashOnDelivery()).toEqual([{ kind: "cash_on_delivery", amount: 2990 }]);
  });

  it("a new zone ships at once with its own table, and is gone once deleted", async () => {
    const far = { country: "JP", postalCode: "1000001" };
    const lines = priceableLines((await readCart(db, await cartWith(db, [[GULSU, 1]]))).lines);
    await expect(quoteShipping(db, far, lines, 17990, "tr")).rejects.toMatchObject({
      code: "NO_SHIPPING_TO_ADDRESS",
    });
    const created = await thrown(
      saveZoneAction(
        idle,
        form({ code: "japonya", nameTr: "Japonya", nameEn: "Japan", countries: "jp", position: "9" }),
      ),
    );
    // A new zone opens on its own page.
    const zoneId = /\/admin\/shipping\/(\d+)/.exec(created)?.[1];
    expect(zoneId, created).toBeTruthy();
    const japan = await zone("japonya");
    expect(japan).toMatchObject({ countries: ["JP"], postalPrefixes: [], chargesTax: false });

    const method = await saveMethodAction(
      idle,
      form({
        zoneId: String(zoneId),
        code: "standard",
        nameTr: "Uçak kargo",
        nameEn: "Air mail",
        carrier: "PTT Kargo",
        etaMinDays: "5",
        etaMaxDays: "10",
        freeThreshold: "",
        extraPerKg: "100",
        active: "on",
        maxKg: ["0,5", "2"],
        ratePrice: ["450", "900"],
      }),
    );
    expect(method.status).not.toBe("error");
    const quote = await quoteShipping(db, far, lines, 17990, "tr");
    expect(quote.zone).toEqual({ code: "japonya", chargesTax: false });
    expect(quote.options.map((o) => [o.id, o.price])).toEqual([["standard", 45000]]);

    const deleted = await thrown(deleteZoneAction(idle, form({ id: String(zoneId), confirm: "yes" })));
    expect(deleted).toContain("/admin/shipping;");
    await expect(quoteShipping(db, far, lines, 17990, "tr")).rejects.toMatchObject({
      code: "NO_SHIPPING_TO_ADDRESS",
    });
    const [left] = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from shipping_methods where zone_id = ${Number(zoneId)}`,
    );
    expect(left?.n).toBe(0);
  });
});

describe("editing a discount code", () => {
  const couponForm = (id: number, code: string, values: Record<string, string>) =>
    form({ id: String(id), code, type: "percent", percent: "10", ...values });

  it("keeps its uses, redemptions and discount given; a limit below the uses is refused", async () => {
    const coupon = await makeCoupon(db, { value: 10, usageLimit: 5 });
    for (const _ of [1, 2]) {
      const cartId = await cartWith(db, [[GULSU, 1]]);
      await applyCoupon(db, { cartId, code: coupon.code, userId: null });
      await place(db, cartId, checkoutInput(uniqueEmail("kupon"), { paymentMethod: "cash_on_delivery" }));
    }
    const before = await getCoupon(db, coupon.id);
    expect(before).toMatchObject({ used: 2, usageLimit: 5 });
    expect(before?.discountGiven).toBe(2 * 1799);

    const tables = await pricingTables();
    const tooLow = await updateCouponAction(idle, couponForm(coupon.id, coupon.code, { usageLimit: "1" }));
    expect(tooLow.fields?.usageLimit).toContain("2");
    const badPercent = await updateCouponAction(idle, couponForm(coupon.id, coupon.code, { percent: "150" }));
    expect(badPercent.fields?.percent).toBeTruthy();
    const taken = await updateCouponAction(idle, couponForm(coupon.id, "HOSGELDIN10", {}));
    expect(taken.fields?.code).toBeTruthy();
    expect(await pricingTables()).toEqual(tables);

    const saved = await updateCouponAction(
      idle,
      couponForm(coupon.id, `${coupon.code}x`, { percent: "15", usageLimit: "2", minOrder: "100" }),
    );
    expect(saved.status).not.toBe("error");
    const after = await getCoupon(db, coupon.id);
    expect(after).toMatchObject({
      code: `${coupon.code}X`,
      value: 15,
      usageLimit: 2,
      minOrder: 10000,
      used: 2,
      discountGiven: 2 * 1799,
      state: "used_up",
    });
    const [redemptions] = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from coupon_redemptions where coupon_id = ${coupon.id}`,
    );
    expect(redemptions?.n).toBe(2);
    const gone = await updateCouponAction(idle, couponForm(2_000_000_000, "YOKBOYLE", {}));
    expect(gone.status).toBe("error");
  });
});
