import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { dateTimeFormat, lenientQuery, type SearchParams } from "@/components/admin/format";
import { ListFilters, SearchField, SelectField } from "@/components/admin/ListFilters";
import { ReturnSettingsForm } from "@/components/admin/ReturnActions";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { RETURN_STATUSES } from "@/db/schema";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { returnListQuerySchema } from "@/lib/returns/schemas";
import { listReturns, type ReturnListItem } from "@/lib/returns/service";
import { returnSettings } from "@/lib/returns/settings";

export const generateMetadata = staffPageMetadata("returns.admin");

export default async function AdminReturnsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireStaff("/admin/returns");
  const query = lenientQuery(returnListQuerySchema, await searchParams, ["status", "q", "sort", "page"]);
  const [t, locale, result, settings] = await Promise.all([
    getTranslations("returns"),
    currentLocale(),
    listReturns(getDb(), query),
    returnSettings(getDb()),
  ]);
  const date = dateTimeFormat(locale);
  const columns: Column<ReturnListItem>[] = [
    {
      key: "returnNo",
      header: t("admin.title"),
      sortable: true,
      className: "font-medium whitespace-nowrap",
      cell: (item) => (
        <Link href={`/admin/returns/${item.returnNo}`} className="underline hover:no-underline">
          {item.returnNo}
        </Link>
      ),
    },
    {
      key: "createdAt",
      header: t("admin.createdAt"),
      sortable: true,
      className: "whitespace-nowrap text-stone-600",
      cell: (item) => date.format(new Date(item.createdAt)),
    },
    {
      key: "order",
      header: t("admin.order"),
      cell: (item) => (
        <>
          <Link href={`/admin/orders/${item.orderNo}`} className="underline hover:no-underline">
            {item.orderNo}
          </Link>
          <div className="text-xs break-all text-stone-500">{item.email}</div>
        </>
      ),
    },
    {
      key: "status",
      header: t("status"),
      sortable: true,
      cell: (item) => <StatusBadge status={item.status} label={t(`statuses.${item.status}`)} />,
    },
    { key: "units", header: t("admin.units"), align: "right", cell: (item) => item.units },
  ];
  const statusOptions = RETURN_STATUSES.map((status) => ({ value: status, label: t(`statuses.${status}`) }));
  return (
    <AdminPage title={t("admin.title")} intro={t("admin.intro")}>
      <ListFilters label={t("admin.title")} sort={query.sort}>
        <SearchField
          value={query.q}
          placeholder={`${t("admin.title")}, ${t("admin.order")}, ${t("admin.email")}`}
        />
        <SelectField name="status" label={t("status")} value={query.status} options={statusOptions} />
      </ListFilters>
      <DataTable
        columns={columns}
        rowKey="returnNo"
        empty={t("admin.empty")}
        testId="returns"
        listing={{ base: "/admin/returns", query, page: result }}
      />
      <section className="rounded-lg border border-stone-200 bg-white p-4">
        <h2 className="mb-3 font-semibold">{t("admin.settings")}</h2>
        <ReturnSettingsForm windowDays={settings.windowDays} />
      </section>
    </AdminPage>
  );
}
