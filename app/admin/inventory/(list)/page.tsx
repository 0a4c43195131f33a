import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { lenientQuery, type SearchParams } from "@/components/admin/format";
import { CheckboxField, ListFilters, SearchField } from "@/components/admin/ListFilters";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { inventoryListQuerySchema } from "@/lib/inventory/schemas";
import { listStock, type StockLevel } from "@/lib/inventory/staff";

export const generateMetadata = staffPageMetadata("admin.inventory");

/** Stock per SKU: on hand, reserved by carts and unpaid orders, available. */
export default async function AdminInventoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireStaff("/admin/inventory");
  const query = lenientQuery(inventoryListQuerySchema, await searchParams, ["q", "low", "sort", "page"]);
  const locale = await currentLocale();
  const [t, result] = await Promise.all([
    getTranslations("admin.inventory"),
    listStock(getDb(), query, locale),
  ]);
  const threshold = env().LOW_STOCK_THRESHOLD;
  const columns: Column<StockLevel>[] = [
    {
      key: "sku",
      header: t("columns.sku"),
      sortable: true,
      className: "font-medium whitespace-nowrap",
      cell: (level) => (
        <Link href={`/admin/inventory/${encodeURIComponent(level.sku)}`} className="underline">
          {level.sku}
        </Link>
      ),
    },
    {
      key: "product",
      header: t("columns.product"),
      cell: (level) => (
        <>
          {level.product.name} <span className="text-stone-500">· {level.variant.name}</span>
          {(!level.product.active || !level.variant.active) && (
            <span className="ml-2 rounded bg-stone-200 px-1.5 text-xs">{t("inactive")}</span>
          )}
        </>
      ),
    },
    {
      key: "onHand",
      header: t("columns.onHand"),
      sortable: true,
      align: "right",
      cell: (level) => level.onHand,
    },
    {
      key: "reserved",
      header: t("columns.reserved"),
      sortable: true,
      align: "right",
      cell: (level) => level.reserved,
    },
    {
      key: "available",
      header: t("columns.available"),
      sortable: true,
      align: "right",
      cell: (level) => (
        <>
          {level.available}
          {level.available <= threshold && (
            <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900">{t("low")}</span>
          )}
        </>
      ),
    },
  ];
  const listing = { base: "/admin/inventory", query, page: result };
  return (
    <AdminPage title={t("title")}>
      <ListFilters label={t("searchLabel")} sort={query.sort}>
        <SearchField value={query.q} placeholder={t("searchPlaceholder")} />
        <CheckboxField name="low" label={t("lowOnly")} checked={query.low === "true"} />
      </ListFilters>
      <DataTable columns={columns} rowKey="sku" empty={t("empty")} testId="inventory" listing={listing} />
    </AdminPage>
  );
}
