"use server";

import { staffAction } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { legalTextForm, sellerForm } from "@/lib/forms/admin";
import { saveLegalText } from "@/lib/legal/texts";
import { saveSellerIdentity } from "@/lib/seller/settings";

/** /admin/settings (administrators): the seller's identity on the contracts and invoices. */
export const saveSellerAction = staffAction(
  { page: "/admin/settings", role: "admin", schema: sellerForm, revalidate: ["/admin/settings"] },
  async (seller, { staff, text }) => {
    await saveSellerIdentity(getDb(), seller, staff.name);
    return { message: text("legal.admin.sellerSaved") };
  },
);

/** /admin/settings (administrators): a legal text saved as its next version; earlier ones stay. */
export const saveLegalTextAction = staffAction(
  { page: "/admin/settings", role: "admin", schema: legalTextForm, revalidate: ["/admin/settings"] },
  async ({ kind, body }, { staff, text }) => {
    const saved = await saveLegalText(getDb(), kind, body, staff.name);
    return {
      message: text("legal.admin.textSaved", {
        name: text(`legal.admin.texts.${kind}`),
        version: saved.version,
      }),
    };
  },
);
