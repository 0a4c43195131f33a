import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { lenientQuery, type SearchParams } from "@/components/admin/format";
import { ListFilters, SearchField } from "@/components/admin/ListFilters";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { dateFormat } from "@/lib/i18n/dates";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { stockAlertListQuerySchema } from "@/lib/stock-alerts/schemas";
import { listSubscribersPerSku, type SkuSubscribers } from "@/lib/stock-alerts/service";

export const generateMetadata = staffPageMetadata("stockAlerts.admin");

/** "Gelince haber ver" subscriptions per SKU: how many wait for stock, how many were told it came back. */
export default async function AdminStockAlertsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  await requireStaff("/admin/stock-alerts");
  const query = lenientQuery(stockAlertListQuerySchema, await searchParams, ["q", "sort", "page"]);
  const locale = await currentLocale();
  const [t, result] = await Promise.all([
    getTranslations("stockAlerts.admin"),
    listSubscribersPerSku(getDb(), query, locale),
  ]);
  const when = dateFormat(locale);
  const columns: Column<SkuSubscribers>[] = [
    {
      key: "sku",
      header: t("sku"),
      sortable: true,
      className: "font-medium whitespace-nowrap",
      cell: (row) => (
        <Link href={`/admin/inventory/${encodeURIComponent(row.sku)}`} className="underline">
          {row.sku}
        </Link>
      ),
    },
    {
      key: "product",
      header: t("product"),
      cell: (row) => (
        <>
          {row.productName} <span className="text-stone-500">· {row.variantName}</span>
        </>
      ),
    },
    { key: "waiting", header: t("waiting"), sortable: true, align: "right", cell: (row) => row.waiting },
    { key: "notified", header: t("notified"), align: "right", cell: (row) => row.notified },
    {
      key: "lastSubscribedAt",
      header: t("lastSubscribedAt"),
      sortable: true,
      cell: (row) => when.format(new Date(row.lastSubscribedAt)),
    },
  ];
  return (
    <AdminPage title={t("title")}>
      <p className="text-sm text-stone-600">{t("intro")}</p>
      <ListFilters label={t("search")} sort={query.sort}>
        <SearchField value={query.q} placeholder={t("search")} />
      </ListFilters>
      <DataTable
        columns={columns}
        rowKey="sku"
        empty={t("empty")}
        testId="stock-alerts"
        listing={{ base: "/admin/stock-alerts", query, page: result }}
      />
    </AdminPage>
  );
}
