"use server";

import { refusedAt, shopperAction, staffAction } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  returnRequestField,
  returnRequestForm,
  returnSettingsForm,
  returnTransitionField,
  returnTransitionForm,
} from "@/lib/forms/returns";
import { canViewOrder } from "@/lib/orders/access";
import { findOrder } from "@/lib/orders/service";
import { requestReturn, transitionReturn } from "@/lib/returns/service";
import { saveReturnSettings } from "@/lib/returns/settings";

/**
 * The return forms' server actions: the buyer's request on the order page (whoever may see the page: its
 * owner, staff, the browser that placed it), the staff's moves and the window setting on /admin/returns.
 * Each calls the same lib/returns services as the API.
 */

const orderPath = (orderNo: string) => `/orders/${encodeURIComponent(orderNo)}`;
const returnPath = (returnNo: string) => `/admin/returns/${encodeURIComponent(returnNo)}`;

export const requestReturnAction = shopperAction(
  {
    schema: returnRequestForm,
    fields: returnRequestField,
    revalidate: ({ orderNo }) => [orderPath(orderNo)],
  },
  async ({ orderNo, request }, { text }) => {
    if (request.lines.length === 0) throw refusedAt("lines", "returns.noneChosen");
    const order = await findOrder(getDb(), orderNo.trim().toUpperCase());
    if (!order || !(await canViewOrder(order))) throw new AppError("ORDER_NOT_FOUND");
    const made = await requestReturn(getDb(), order.orderNo, request, { actor: "customer" });
    return { message: text("returns.returnNo", { returnNo: made.returnNo }) };
  },
);

export const returnTransitionAction = staffAction(
  {
    page: (formData) => returnPath(String(formData.get("returnNo") ?? "")),
    schema: returnTransitionForm,
    fields: returnTransitionField,
    revalidate: ({ returnNo }) => [returnPath(returnNo), "/admin/returns"],
  },
  async ({ returnNo, move }, { actor, text }) => {
    const moved = await transitionReturn(getDb(), returnNo, move, actor);
    return {
      message: text("returns.admin.done", { status: text(`returns.statuses.${moved.status}`) }),
      revalidate: [`/admin/orders/${encodeURIComponent(moved.orderNo)}`, orderPath(moved.orderNo)],
    };
  },
);

export const returnSettingsAction = staffAction(
  { page: "/admin/returns", schema: returnSettingsForm, revalidate: ["/admin/returns"] },
  async (settings, { staff, text }) => {
    await saveReturnSettings(getDb(), settings, staff.name);
    return { message: text("returns.admin.saved") };
  },
);
