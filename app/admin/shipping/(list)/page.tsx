import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPage, NewItem } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { ZoneForm } from "@/components/admin/PricingForms";
import { ShipmentSettingsForm } from "@/components/admin/ShipmentSettingsForm";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { pick } from "@/lib/i18n/locale";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";
import { shipmentSettings } from "@/lib/shipments/settings";
import { type AdminZone, listZones } from "@/lib/shipping/staff";

export const generateMetadata = staffPageMetadata("adminPricing.shipping");

/** Where the store ships: every zone with what it covers and its methods; a form for a new zone. */
export default async function AdminShippingPage() {
  await requireStaff("/admin/shipping");
  const [t, locale, zones] = await Promise.all([
    getTranslations("adminPricing.shipping"),
    currentLocale(),
    listZones(getDb()),
  ]);
  const settings = await shipmentSettings(getDb());
  const currency = env().STORE_CURRENCY;
  const columns: Column<AdminZone>[] = [
    {
      key: "zone",
      header: t("columns.zone"),
      cell: (zone) => (
        <Link href={`/admin/shipping/${zone.id}`} className="font-medium underline">
          {pick(locale, zone.nameTr, zone.nameEn)}
          <span className="ml-1 font-mono text-xs text-stone-500">{zone.code}</span>
        </Link>
      ),
    },
    {
      key: "covers",
      header: t("columns.covers"),
      className: "text-stone-700",
      cell: (zone) =>
        zone.postalPrefixes.length > 0
          ? t("provinces", { count: zone.postalPrefixes.length, list: zone.postalPrefixes.join(", ") })
          : zone.countries.join(", "),
    },
    {
      key: "methods",
      header: t("columns.methods"),
      cell: (zone) =>
        zone.methods.length === 0 ? (
          <span className="text-amber-800">{t("noMethods")}</span>
        ) : (
          <ul className="flex flex-col gap-0.5">
            {zone.methods.map((method) => (
              <li key={method.id} className={method.active ? "" : "text-stone-400 line-through"}>
                {pick(locale, method.nameTr, method.nameEn)} · {method.carrier} ({method.carrierCode},{" "}
                {method.service})
                {method.freeThreshold !== null && (
                  <span className="text-xs text-stone-500">
                    {" "}
                    · {t("freeFrom", { amount: formatMoney(method.freeThreshold, currency, locale) })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        ),
    },
    {
      key: "tax",
      header: t("columns.tax"),
      secondary: true,
      cell: (zone) => (zone.chargesTax ? t("taxCharged") : t("taxFree")),
    },
  ];
  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      <DataTable columns={columns} rows={zones} rowKey="id" empty={t("empty")} testId="zones" />
      <NewItem label={t("newZone")} open={zones.length === 0}>
        <ZoneForm />
      </NewItem>
      <ShipmentSettingsForm shipWhenPaid={settings.shipWhenPaid} />
    </AdminPage>
  );
}
