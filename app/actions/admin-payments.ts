"use server";

import { revalidatePath } from "next/cache";
import { requireStaffActor } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { currentLocale } from "@/lib/i18n/server";
import { configuredProviders, paymentSettingsSchema, savePaymentSettings } from "@/lib/payments/settings";
import { check } from "@/lib/validation";
import { type AdminFormState, admin, failure, invalid, text } from "./admin-form";

/** /admin/payments (administrators): which configured provider takes cards, and the installment policy. */
export async function savePaymentSettingsAction(
  _state: AdminFormState,
  formData: FormData,
): Promise<AdminFormState> {
  const actor = await requireStaffActor("/admin/payments", "admin");
  const locale = await currentLocale();
  const values = {
    cardProvider: text(formData, "cardProvider"),
    maxInstallments: text(formData, "maxInstallments"),
  };
  const parsed = check(
    paymentSettingsSchema,
    { cardProvider: values.cardProvider || null, maxInstallments: values.maxInstallments },
    locale,
  );
  if (!parsed.ok) return invalid(locale, parsed.fields, values);
  const { cardProvider } = parsed.data;
  if (cardProvider && !configuredProviders().some((provider) => provider.name === cardProvider)) {
    return invalid(locale, { cardProvider: admin(locale)("payments.notConfigured") }, values);
  }
  try {
    await savePaymentSettings(getDb(), parsed.data, actor.name);
    revalidatePath("/admin/payments");
    return { ok: admin(locale)("payments.saved") };
  } catch (error) {
    return failure(error, "Saving the payment settings", values);
  }
}
