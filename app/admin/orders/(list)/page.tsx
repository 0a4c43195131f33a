import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { dateTimeFormat, lenientQuery, type SearchParams } from "@/components/admin/format";
import { ListFilters, SearchField, SelectField } from "@/components/admin/ListFilters";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { ORDER_STATUSES } from "@/db/schema";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";
import { orderListQuerySchema } from "@/lib/orders/schemas";
import { type AdminOrderListItem, listAdminOrders } from "@/lib/orders/staff";

export const generateMetadata = staffPageMetadata("admin.orders");

export default async function AdminOrdersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireStaff("/admin/orders");
  const query = lenientQuery(orderListQuerySchema, await searchParams, ["status", "q", "sort", "page"]);
  const [t, statuses, locale, result] = await Promise.all([
    getTranslations("admin.orders"),
    getTranslations("orders.statuses"),
    currentLocale(),
    listAdminOrders(getDb(), query),
  ]);
  const date = dateTimeFormat(locale);
  const columns: Column<AdminOrderListItem>[] = [
    {
      key: "orderNo",
      header: t("columns.orderNo"),
      sortable: true,
      className: "font-medium whitespace-nowrap",
      cell: (order) => (
        <Link href={`/admin/orders/${order.orderNo}`} className="underline hover:no-underline">
          {order.orderNo}
        </Link>
      ),
    },
    {
      key: "placedAt",
      header: t("columns.placedAt"),
      sortable: true,
      className: "whitespace-nowrap text-stone-600",
      cell: (order) => date.format(new Date(order.placedAt)),
    },
    {
      key: "customer",
      header: t("columns.customer"),
      cell: (order) => (
        <>
          <div>{order.billingName}</div>
          <div className="text-xs break-all text-stone-500">{order.email}</div>
        </>
      ),
    },
    {
      key: "status",
      header: t("columns.status"),
      sortable: true,
      cell: (order) => <StatusBadge status={order.status} label={statuses(order.status)} />,
    },
    {
      key: "payment",
      header: t("columns.payment"),
      secondary: true,
      className: "whitespace-nowrap text-stone-600",
      cell: (order) => t(`methods.${order.paymentMethod}`),
    },
    {
      key: "total",
      header: t("columns.total"),
      sortable: true,
      align: "right",
      className: "whitespace-nowrap",
      cell: (order) => (
        <>
          {formatMoney(order.total, order.currency, locale)}
          {order.refunded > 0 && (
            <div className="text-xs text-orange-700">
              −{formatMoney(order.refunded, order.currency, locale)}
            </div>
          )}
        </>
      ),
    },
  ];
  const statusOptions = ORDER_STATUSES.map((status) => ({ value: status, label: statuses(status) }));
  const listing = { base: "/admin/orders", query, page: result };
  return (
    <AdminPage title={t("title")}>
      <ListFilters label={t("searchLabel")} sort={query.sort}>
        <SearchField value={query.q} placeholder={t("searchPlaceholder")} />
        <SelectField name="status" label={t("statusFilter")} value={query.status} options={statusOptions} />
      </ListFilters>
      <DataTable columns={columns} rowKey="orderNo" empty={t("empty")} testId="orders" listing={listing} />
    </AdminPage>
  );
}
