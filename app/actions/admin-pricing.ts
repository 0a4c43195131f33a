"use server";

import { refusedAt, staffAction } from "@/lib/actions/action";
import { updateCoupon } from "@/lib/coupons/staff";
import { getDb } from "@/lib/db";
import { couponField, couponForm } from "@/lib/forms/admin";
import {
  feeForm,
  methodField,
  methodForm,
  methodSwitchForm,
  pricingField,
  taxForm,
  zoneForm,
  zoneRefForm,
} from "@/lib/forms/pricing";
import { saveFee } from "@/lib/pricing/fee-rules";
import { saveTaxRates } from "@/lib/pricing/taxes";
import { deleteZone, saveMethod, saveZone, setMethodActive } from "@/lib/shipping/staff";

/**
 * Server actions of the staff pages for prices other than the catalogue's: editing discount codes,
 * shipping zones, methods and rate tables, KDV rates and fees. Each is a staffAction (lib/actions) reading
 * its form with lib/forms/pricing.ts and calling one capability's service; a refusal comes back as
 * inline messages and changes nothing.
 */

const id = (formData: FormData, name: string) => String(formData.get(name) ?? "").trim();
const couponPath = (couponId: number | string) => `/admin/coupons/${couponId}`;
const zonePath = (zoneId: number | string) => `/admin/shipping/${zoneId}`;
const zonePage = (name: string) => (formData: FormData) =>
  id(formData, name) ? zonePath(id(formData, name)) : "/admin/shipping";

export const updateCouponAction = staffAction(
  {
    page: (formData) => couponPath(id(formData, "id")),
    schema: couponForm,
    fields: couponField,
    revalidate: (input) => ["/admin/coupons", couponPath(input.id ?? "")],
  },
  async ({ id: couponId, coupon }, { actor, text }) => {
    if (couponId === undefined) throw new Error("coupon form without an id");
    const saved = await updateCoupon(getDb(), couponId, coupon, actor);
    return { message: text("adminPricing.coupons.saved", { code: saved.code }) };
  },
);

export const saveZoneAction = staffAction(
  {
    page: zonePage("id"),
    schema: zoneForm,
    fields: pricingField,
    revalidate: ["/admin/shipping", "/admin/taxes"],
  },
  async ({ id: zoneId, zone }, { text }) => {
    const saved = await saveZone(getDb(), zoneId ?? null, zone);
    // A new zone opens on its own page, where its methods are added.
    if (zoneId === undefined) return { redirect: zonePath(saved.id) };
    return {
      message: text("adminPricing.zones.saved", { code: saved.code }),
      revalidate: [zonePath(saved.id)],
    };
  },
);

export const deleteZoneAction = staffAction(
  { page: zonePage("id"), schema: zoneRefForm, revalidate: ["/admin/shipping", "/admin/taxes"] },
  async ({ id: zoneId, confirm }) => {
    if (confirm !== "yes") throw refusedAt("confirm", "adminPricing.zones.confirmRequired");
    await deleteZone(getDb(), zoneId);
    return { redirect: "/admin/shipping" };
  },
);

export const saveMethodAction = staffAction(
  {
    page: zonePage("zoneId"),
    schema: methodForm,
    fields: methodField,
    revalidate: ({ method }) => [zonePath(method.zoneId), "/admin/shipping"],
  },
  async ({ id: methodId, method }, { text }) => {
    const saved = await saveMethod(getDb(), methodId ?? null, method);
    return { message: text("adminPricing.methods.saved", { name: saved.nameTr }) };
  },
);

export const setMethodActiveAction = staffAction(
  {
    page: zonePage("zoneId"),
    schema: methodSwitchForm,
    revalidate: ({ zoneId }) => [zonePath(zoneId), "/admin/shipping"],
  },
  async ({ id: methodId, active }) => {
    await setMethodActive(getDb(), methodId, active === "true");
    return {};
  },
);

export const saveTaxRatesAction = staffAction(
  { page: "/admin/taxes", schema: taxForm, revalidate: ["/admin/taxes"] },
  async (rates, { text }) => {
    await saveTaxRates(getDb(), rates);
    return { message: text("adminPricing.taxes.saved") };
  },
);

export const saveFeeAction = staffAction(
  { page: "/admin/fees", schema: feeForm, revalidate: ["/admin/fees"] },
  async (fee, { locale, text }) => {
    const saved = await saveFee(getDb(), fee);
    return {
      message: text("adminPricing.fees.saved", { name: locale === "tr" ? saved.nameTr : saved.nameEn }),
    };
  },
);
