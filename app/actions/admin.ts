"use server";

import { z } from "zod";
import { refusedAt, staffAction } from "@/lib/actions/action";
import { revokeStaffAccess, saveStaffMember } from "@/lib/admin/staff";
import { createAdminToken, revokeAdminToken } from "@/lib/admin/tokens";
import { createCoupon, setCouponActive } from "@/lib/coupons/staff";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import {
  couponField,
  couponForm,
  couponSwitchForm,
  holdReleaseForm,
  refundField,
  refundForm,
  shipmentField,
  shipmentForm,
  shipmentSettingsForm,
  staffForm,
  staffRevokeForm,
  stockForm,
  tokenForm,
  tokenRevokeForm,
  transitionForm,
} from "@/lib/forms/admin";
import { releaseCartHold, setStock } from "@/lib/inventory/staff";
import { formatMoney } from "@/lib/money";
import { refundOrder, retryPendingRefunds } from "@/lib/orders/refunds";
import { transitionOrder } from "@/lib/orders/staff";
import { requestShipment } from "@/lib/shipments/service";
import { saveShipmentSettings } from "@/lib/shipments/settings";

/**
 * The staff pages' server actions, each built with staffAction (lib/actions): the staff role checked on
 * the server (anonymous → /login, customers → 403), the form read with lib/forms/admin.ts, then the same
 * capability services (lib/orders, lib/inventory, …) as /api/admin/*, so a page and a script never disagree.
 */

const field = (formData: FormData, name: string) => String(formData.get(name) ?? "").trim();
const orderPath = (orderNo: string) => `/admin/orders/${encodeURIComponent(orderNo)}`;
const orderPage = (formData: FormData) => orderPath(field(formData, "orderNo"));
const stockPath = (sku: string) => `/admin/inventory/${encodeURIComponent(sku)}`;

export const transitionAction = staffAction(
  { page: orderPage, schema: transitionForm, revalidate: ({ orderNo }) => [orderPath(orderNo)] },
  async ({ orderNo, confirm, ...transition }, { actor, locale, text }) => {
    if (transition.to === "cancelled" && confirm !== "yes") {
      throw refusedAt("confirm", "admin.orders.actions.confirmRequired");
    }
    const result = await transitionOrder(getDb(), orderNo, transition, actor);
    let message = text("admin.orders.actions.moved", {
      status: text(`orders.statuses.${result.order.status}`),
    });
    if (result.refund) {
      const amount = formatMoney(result.refund.amount, result.order.currency, locale);
      message += ` ${text(result.refund.sentToProvider ? "admin.orders.refund.sent" : "admin.orders.refund.pendingNote", { amount })}`;
    }
    return { message };
  },
);

export const refundAction = staffAction(
  {
    page: orderPage,
    schema: refundForm,
    fields: refundField,
    revalidate: ({ orderNo }) => [orderPath(orderNo)],
  },
  async ({ orderNo, refund, idempotencyKey }, { actor, locale, text }) => {
    const result = await refundOrder(getDb(), orderNo, refund, idempotencyKey, actor);
    const amount = formatMoney(result.body.refund.amount, env().STORE_CURRENCY, locale);
    return { message: text("admin.orders.refund.done", { amount }) };
  },
);

export const shipmentAction = staffAction(
  {
    page: orderPage,
    schema: shipmentForm,
    fields: shipmentField,
    revalidate: ({ orderNo }) => [orderPath(orderNo)],
  },
  async ({ orderNo, shipment }, { text }) => {
    const made = await requestShipment(getDb(), orderNo, shipment);
    return { message: text("admin.orders.shipments.requested", { id: made.id }) };
  },
);

export const retryRefundsAction = staffAction(
  {
    page: orderPage,
    schema: z.object({ orderNo: z.string() }),
    revalidate: ({ orderNo }) => [orderPath(orderNo)],
  },
  async ({ orderNo }) => {
    await retryPendingRefunds(getDb(), orderNo);
    return {};
  },
);

export const setStockAction = staffAction(
  {
    page: (formData) => stockPath(field(formData, "sku")),
    schema: stockForm,
    revalidate: ({ sku }) => [stockPath(sku)],
    catalog: true,
  },
  async ({ sku, ...change }, { actor, text }) => {
    const level = await setStock(getDb(), sku, change, actor);
    return { message: text("admin.inventory.saved", { onHand: level.onHand }) };
  },
);

/**
 * "Release" on a SKU's stock page, after its confirmation step: the cart's hold is cancelled and the units
 * go back; the page says how many.
 */
export const releaseHoldAction = staffAction(
  {
    page: (formData) => stockPath(field(formData, "sku").toUpperCase()),
    schema: holdReleaseForm,
    revalidate: ({ sku }) => [stockPath(sku)],
    catalog: true,
  },
  async ({ sku, reservationId }, { actor }) => {
    const released = await releaseCartHold(getDb(), { sku, reservationId }, actor);
    return { redirect: `${stockPath(sku)}?released=${released}` };
  },
);

export const createCouponAction = staffAction(
  { page: "/admin/coupons", schema: couponForm, fields: couponField, revalidate: ["/admin/coupons"] },
  async ({ coupon }, { actor, text }) => {
    const created = await createCoupon(getDb(), coupon, actor);
    return { message: text("admin.coupons.created", { code: created.code }) };
  },
);

export const setCouponActiveAction = staffAction(
  { page: "/admin/coupons", schema: couponSwitchForm, revalidate: ["/admin/coupons"] },
  async ({ id, active }) => {
    await setCouponActive(getDb(), id, active === "true");
    return {};
  },
);

const DAY_MS = 24 * 60 * 60 * 1000;

export const createTokenAction = staffAction(
  { page: "/admin/tokens", role: "admin", schema: tokenForm, revalidate: ["/admin/tokens"] },
  async ({ name, expiresInDays }, { staff, text }) => {
    const now = new Date();
    const expiresAt = expiresInDays ? new Date(now.getTime() + expiresInDays * DAY_MS) : null;
    const { token, info } = await createAdminToken(getDb(), { name, createdBy: staff.name, expiresAt }, now);
    return { message: text("admin.tokens.created", { name: info.name }), data: { token } };
  },
);

export const revokeTokenAction = staffAction(
  { page: "/admin/tokens", role: "admin", schema: tokenRevokeForm, revalidate: ["/admin/tokens"] },
  async ({ id }) => {
    await revokeAdminToken(getDb(), id);
    return {};
  },
);

export const saveStaffAction = staffAction(
  { page: "/admin/staff", role: "admin", schema: staffForm, revalidate: ["/admin/staff"] },
  async (input, { staff, text }) => {
    const { user } = await saveStaffMember(getDb(), input, staff.id);
    return {
      message: text("admin.staff.saved", { email: user.email, role: text(`admin.staff.roles.${user.role}`) }),
    };
  },
);

export const revokeStaffAction = staffAction(
  {
    page: "/admin/staff",
    role: "admin",
    schema: staffRevokeForm,
    revalidate: ["/admin/staff"],
    refusal: ({ details }) =>
      details.reason === "self" || details.reason === "last_admin"
        ? `admin.staff.refusals.${details.reason}`
        : undefined,
  },
  async ({ id }, { staff }) => {
    await revokeStaffAccess(getDb(), id, staff.id);
    return {};
  },
);

export const shipmentSettingsAction = staffAction(
  { page: "/admin/shipping", schema: shipmentSettingsForm, revalidate: ["/admin/shipping"] },
  async (settings, { staff, text }) => {
    await saveShipmentSettings(getDb(), settings, staff.name);
    return { message: text("admin.orders.shipments.settingsSaved") };
  },
);
