import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { TaxForm } from "@/components/admin/PricingForms";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { pick } from "@/lib/i18n/locale";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { getTaxRates } from "@/lib/pricing/taxes";
import { type AdminZone, listZones } from "@/lib/shipping/staff";

export const generateMetadata = staffPageMetadata("adminPricing.taxes");

/**
 * KDV as the store models it: one rate per tax class (each product has a class), and per zone only
 * whether KDV is charged at all (exports are not), which is set on the zone's page.
 */
export default async function AdminTaxesPage() {
  await requireStaff("/admin/taxes");
  const [t, locale, rates, zones] = await Promise.all([
    getTranslations("adminPricing.taxes"),
    currentLocale(),
    getTaxRates(getDb()),
    listZones(getDb()),
  ]);
  const columns: Column<AdminZone>[] = [
    {
      key: "zone",
      header: t("zone"),
      cell: (zone) => (
        <Link href={`/admin/shipping/${zone.id}`} className="underline">
          {pick(locale, zone.nameTr, zone.nameEn)}
        </Link>
      ),
    },
    { key: "tax", header: t("charged"), cell: (zone) => (zone.chargesTax ? t("yes") : t("no")) },
  ];
  return (
    <AdminPage title={t("title")}>
      <section className="rounded-lg border border-stone-200 bg-white p-4">
        <h2 className="font-semibold">{t("rates")}</h2>
        <p className="mt-1 mb-3 text-sm text-stone-600">{t("ratesHint")}</p>
        <TaxForm rates={rates} />
      </section>
      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("zones")}</h2>
        <p className="text-sm text-stone-600">{t("zonesHint")}</p>
        <DataTable columns={columns} rows={zones} rowKey="id" empty={t("noZones")} testId="tax-zones" />
      </section>
    </AdminPage>
  );
}
