import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { PaymentSettingsForm } from "@/components/admin/PaymentSettingsForm";
import { requireAdmin } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { CARD_PROVIDERS } from "@/lib/payments/provider";
import {
  cardProvider,
  MAX_INSTALLMENT_CHOICES,
  paymentSettings,
  providerNamed,
} from "@/lib/payments/settings";

export const generateMetadata = staffPageMetadata("admin.payments");

/**
 * Card payments (administrators): the providers whose credentials are set in the environment (keys never
 * reach this page), the one that takes cards, and the installment policy.
 */
export default async function AdminPaymentsPage() {
  await requireAdmin("/admin/payments");
  const [t, settings, active] = await Promise.all([
    getTranslations("admin.payments"),
    paymentSettings(getDb()),
    cardProvider(getDb()),
  ]);
  const providers = CARD_PROVIDERS.map((name) => ({
    name,
    configured: providerNamed(name)?.configured() ?? false,
  }));
  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      <p className="text-sm" data-testid="active-provider">
        {active ? t("active", { name: t(`names.${active.name}`) }) : t("none")}
      </p>
      <section className="rounded-lg border border-stone-200 bg-white p-4">
        <PaymentSettingsForm
          providers={providers}
          active={active?.name ?? settings.cardProvider}
          maxInstallments={settings.maxInstallments}
          choices={MAX_INSTALLMENT_CHOICES}
        />
      </section>
    </AdminPage>
  );
}
