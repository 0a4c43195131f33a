"use server";

import { refusedAt, staffAction } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { paymentSettingsForm } from "@/lib/forms/admin";
import { configuredProviders, savePaymentSettings } from "@/lib/payments/settings";

/** /admin/payments (administrators): which configured provider takes cards, and the installment policy. */
export const savePaymentSettingsAction = staffAction(
  { page: "/admin/payments", role: "admin", schema: paymentSettingsForm, revalidate: ["/admin/payments"] },
  async (settings, { staff, text }) => {
    const { cardProvider } = settings;
    if (cardProvider && !configuredProviders().some((provider) => provider.name === cardProvider)) {
      throw refusedAt("cardProvider", "admin.payments.notConfigured");
    }
    await savePaymentSettings(getDb(), settings, staff.name);
    return { message: text("admin.payments.saved") };
  },
);
