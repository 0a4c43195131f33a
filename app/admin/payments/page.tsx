import { getTranslations } from "next-intl/server";
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
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-stone-600">{t("intro")}</p>
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
    </div>
  );
}
