"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { staffSchema } from "@/lib/accounts/schemas";
import { revokeStaffAccess, saveStaffMember } from "@/lib/admin/staff";
import { createAdminToken, revokeAdminToken, tokenCreateSchema } from "@/lib/admin/tokens";
import { requireStaffActor } from "@/lib/auth/guards";
import { revalidateCatalog } from "@/lib/catalog/cache";
import { idempotencyKeySchema } from "@/lib/checkout/schemas";
import { createCoupon, setCouponActive } from "@/lib/coupons/staff";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { errorMessage } from "@/lib/http";
import { currentLocale } from "@/lib/i18n/server";
import { translator } from "@/lib/i18n/translate";
import { setStockSchema } from "@/lib/inventory/schemas";
import { releaseCartHold, setStock } from "@/lib/inventory/staff";
import { log } from "@/lib/log";
import { formatMoney } from "@/lib/money";
import { drainSoon } from "@/lib/notifications/after";
import { refundOrder, retryPendingRefunds } from "@/lib/orders/refunds";
import { refundSchema, transitionSchema } from "@/lib/orders/schemas";
import { transitionOrder } from "@/lib/orders/staff";
import { check } from "@/lib/validation";
import {
  type AdminFormState,
  admin,
  couponFailure,
  couponFromForm,
  failure,
  integerOf,
  invalid,
  minorOf,
  text,
} from "./admin-form";

/**
 * The staff pages' server actions: each checks the staff role on the server (requireStaffActor: anonymous
 * → /login, customers → 403), validates with the admin API's own schemas and calls the same capability
 * services (lib/orders, lib/inventory, …) as /api/admin/*, so a page and a script can never disagree.
 */

export type { AdminFormState };

const orderPath = (orderNo: string) => `/admin/orders/${encodeURIComponent(orderNo)}`;

export async function transitionAction(_state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const orderNo = text(formData, "orderNo");
  const actor = await requireStaffActor(orderPath(orderNo));
  const locale = await currentLocale();
  const values = {
    to: text(formData, "to"),
    carrier: text(formData, "carrier"),
    trackingNo: text(formData, "trackingNo"),
    note: text(formData, "note"),
  };
  const parsed = check(
    transitionSchema,
    {
      to: values.to,
      note: values.note || undefined,
      carrier: values.carrier || undefined,
      trackingNo: values.trackingNo || undefined,
    },
    locale,
  );
  if (!parsed.ok) return invalid(locale, parsed.fields, values);
  if (parsed.data.to === "cancelled" && text(formData, "confirm") !== "yes") {
    return invalid(locale, { confirm: admin(locale)("orders.actions.confirmRequired") }, values);
  }
  try {
    const result = await transitionOrder(getDb(), orderNo, parsed.data, { actor: actor.name, locale });
    drainSoon();
    revalidatePath(orderPath(orderNo));
    const status = translator(locale, "orders")(`statuses.${result.order.status}` as "statuses.paid");
    const t = admin(locale);
    let ok = t("orders.actions.moved", { status });
    if (result.refund) {
      const amount = formatMoney(result.refund.amount, result.order.currency, locale);
      ok += ` ${result.refund.sentToProvider ? t("orders.refund.sent", { amount }) : t("orders.refund.pendingNote", { amount })}`;
    }
    return { ok };
  } catch (error) {
    return failure(error, "Order transition", values);
  }
}

export async function refundAction(_state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const orderNo = text(formData, "orderNo");
  const actor = await requireStaffActor(orderPath(orderNo));
  const locale = await currentLocale();
  const t = admin(locale);
  const values: Record<string, string> = {
    amount: text(formData, "amount"),
    reason: text(formData, "reason"),
  };
  const fields: Record<string, string> = {};
  const amount = minorOf(values.amount ?? "");
  if (amount === null) fields.amount = t("orders.refund.invalidAmount");

  const items: { sku: string; qty: number; restock: boolean }[] = [];
  for (const sku of formData.getAll("sku").map(String)) {
    const qtyText = text(formData, `qty:${sku}`);
    values[`qty:${sku}`] = qtyText;
    values[`restock:${sku}`] = formData.get(`restock:${sku}`) === "on" ? "on" : "";
    if (qtyText === "" || qtyText === "0") continue;
    const qty = integerOf(qtyText);
    if (qty === undefined || Number.isNaN(qty) || qty < 1) {
      fields[`qty:${sku}`] = t("orders.refund.invalidQty");
      continue;
    }
    items.push({ sku, qty, restock: formData.get(`restock:${sku}`) === "on" });
  }
  if (Object.keys(fields).length > 0) return invalid(locale, fields, values);
  const parsed = check(
    refundSchema,
    { amount: amount ?? undefined, items: items.length ? items : undefined, reason: values.reason },
    locale,
  );
  if (!parsed.ok) return invalid(locale, formFields(parsed.fields, items), values);
  const key = idempotencyKeySchema.safeParse(text(formData, "idempotencyKey"));
  if (!key.success) return { error: errorMessage("VALIDATION_FAILED", locale), values };
  try {
    const result = await refundOrder(getDb(), orderNo, parsed.data, key.data, { actor: actor.name, locale });
    drainSoon();
    revalidatePath(orderPath(orderNo));
    return {
      ok: t("orders.refund.done", {
        amount: formatMoney(result.body.refund.amount, env().STORE_CURRENCY, locale),
      }),
    };
  } catch (error) {
    const state = await failure(error, "Refund", values);
    return { ...state, fields: state.fields ? formFields(state.fields, items) : undefined };
  }
}

/** The service's `items.<i>.qty` become the form's `qty:<sku>` fields. */
function formFields(fields: Record<string, string>, items: { sku: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const match = /^items\.(\d+)\.(\w+)$/.exec(path);
    const sku = match ? items[Number(match[1])]?.sku : undefined;
    out[sku ? `qty:${sku}` : path] = message;
  }
  return out;
}

export async function retryRefundsAction(formData: FormData): Promise<void> {
  const orderNo = text(formData, "orderNo");
  await requireStaffActor(orderPath(orderNo));
  try {
    await retryPendingRefunds(getDb(), orderNo);
  } catch (error) {
    log.error({ err: error }, `Retrying the refunds of ${orderNo} failed`);
  }
  revalidatePath(orderPath(orderNo));
}

export async function setStockAction(_state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const sku = text(formData, "sku");
  const actor = await requireStaffActor(`/admin/inventory/${encodeURIComponent(sku)}`);
  const locale = await currentLocale();
  const values = { onHand: text(formData, "onHand"), reason: text(formData, "reason") };
  const parsed = check(
    setStockSchema,
    { onHand: integerOf(values.onHand), reason: values.reason || undefined },
    locale,
  );
  if (!parsed.ok) return invalid(locale, parsed.fields, values);
  try {
    const level = await setStock(getDb(), sku, parsed.data, { actor: actor.name, locale });
    revalidateCatalog();
    revalidatePath(`/admin/inventory/${encodeURIComponent(sku)}`);
    return { ok: admin(locale)("inventory.saved", { onHand: level.onHand }) };
  } catch (error) {
    return failure(error, "Setting stock", values);
  }
}

/**
 * "Release" on a SKU's stock page, after its confirmation step: the cart's hold is cancelled and the units
 * go back. A plain form post (works without JavaScript); the page shows what happened.
 */
export async function releaseHoldAction(formData: FormData): Promise<void> {
  const sku = text(formData, "sku").trim().toUpperCase().slice(0, 64);
  const page = `/admin/inventory/${encodeURIComponent(sku)}`;
  const actor = await requireStaffActor(page);
  const reservationId = Number(text(formData, "reservationId"));
  let released = 0;
  if (Number.isSafeInteger(reservationId) && reservationId > 0) {
    try {
      const context = { actor: actor.name, locale: await currentLocale() };
      released = await releaseCartHold(getDb(), { sku, reservationId }, context);
    } catch (error) {
      if (!isAppError(error)) throw error;
    }
  }
  if (released > 0) revalidateCatalog();
  revalidatePath(page);
  redirect(`${page}?released=${released}`);
}

export async function createCouponAction(
  _state: AdminFormState,
  formData: FormData,
): Promise<AdminFormState> {
  const actor = await requireStaffActor("/admin/coupons");
  const locale = await currentLocale();
  const form = couponFromForm(formData, locale);
  if (!form.ok) return form.state;
  try {
    const coupon = await createCoupon(getDb(), form.data, { actor: actor.name, locale });
    revalidatePath("/admin/coupons");
    return { ok: admin(locale)("coupons.created", { code: coupon.code }) };
  } catch (error) {
    return couponFailure(error, "Creating a coupon", form.values);
  }
}

export async function setCouponActiveAction(formData: FormData): Promise<void> {
  await requireStaffActor("/admin/coupons");
  const id = Number(text(formData, "id"));
  if (!Number.isSafeInteger(id) || id < 1) return;
  try {
    await setCouponActive(getDb(), id, text(formData, "active") === "true");
  } catch (error) {
    if (!isAppError(error)) log.error({ err: error }, "Switching a coupon failed");
  }
  revalidatePath("/admin/coupons");
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function createTokenAction(_state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const actor = await requireStaffActor("/admin/tokens", "admin");
  const locale = await currentLocale();
  const values = { name: text(formData, "name"), expiresInDays: text(formData, "expiresInDays") };
  const parsed = check(
    tokenCreateSchema,
    { name: values.name, expiresInDays: integerOf(values.expiresInDays) ?? null },
    locale,
  );
  if (!parsed.ok) return invalid(locale, parsed.fields, values);
  try {
    const now = new Date();
    const { token, info } = await createAdminToken(
      getDb(),
      {
        name: parsed.data.name,
        createdBy: actor.name,
        expiresAt: parsed.data.expiresInDays
          ? new Date(now.getTime() + parsed.data.expiresInDays * DAY_MS)
          : null,
      },
      now,
    );
    revalidatePath("/admin/tokens");
    return { ok: admin(locale)("tokens.created", { name: info.name }), token };
  } catch (error) {
    return failure(error, "Creating an API token", values);
  }
}

export async function revokeTokenAction(formData: FormData): Promise<void> {
  await requireStaffActor("/admin/tokens", "admin");
  const id = text(formData, "id");
  if (/^tok_[0-9a-f]{32}$/.test(id)) await revokeAdminToken(getDb(), id);
  revalidatePath("/admin/tokens");
}

export async function saveStaffAction(_state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const actor = await requireStaffActor("/admin/staff", "admin");
  const locale = await currentLocale();
  const values = {
    email: text(formData, "email"),
    name: text(formData, "name"),
    role: text(formData, "role"),
  };
  const parsed = check(
    staffSchema,
    { ...values, name: values.name || undefined, password: String(formData.get("password") ?? "") },
    locale,
  );
  if (!parsed.ok) return invalid(locale, parsed.fields, values);
  try {
    const { user } = await saveStaffMember(getDb(), parsed.data, actor.id);
    revalidatePath("/admin/staff");
    const t = admin(locale);
    return { ok: t("staff.saved", { email: user.email, role: t(`staff.roles.${user.role}`) }) };
  } catch (error) {
    return failure(error, "Saving a staff account", values);
  }
}

export async function revokeStaffAction(_state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const actor = await requireStaffActor("/admin/staff", "admin");
  const locale = await currentLocale();
  try {
    await revokeStaffAccess(getDb(), text(formData, "id"), actor.id);
    revalidatePath("/admin/staff");
    return {};
  } catch (error) {
    const reason = isAppError(error) ? error.details.reason : undefined;
    if (reason === "self" || reason === "last_admin")
      return { error: admin(locale)(`staff.refusals.${reason}`) };
    return failure(error, "Removing staff access");
  }
}
