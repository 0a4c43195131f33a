import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPagination } from "@/components/admin/AdminPagination";
import { dateTimeFormat } from "@/components/admin/format";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { getDb } from "@/db/client";
import { ORDER_STATUSES } from "@/db/schema";
import { listAdminOrders } from "@/lib/admin/orders";
import { orderListQuerySchema } from "@/lib/admin/schemas";
import { requireStaff } from "@/lib/auth/guards";
import { currentLocale } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.orders");
  return { title: t("title"), robots: { index: false, follow: false } };
}

type Search = Record<string, string | string[] | undefined>;

/** A person's URL is never refused: invalid filters are dropped. */
function lenient(search: Search) {
  const input: Record<string, string> = {};
  for (const key of ["status", "q", "page"]) {
    const value = search[key];
    if (typeof value === "string") input[key] = value;
  }
  for (let attempt = 0; attempt < 4; attempt++) {
    const parsed = orderListQuerySchema.safeParse(input);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) delete input[String(issue.path[0])];
  }
  return orderListQuerySchema.parse({});
}

export default async function AdminOrdersPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireStaff("/admin/orders");
  const query = lenient(await searchParams);
  const [t, statuses, locale, result] = await Promise.all([
    getTranslations("admin.orders"),
    getTranslations("orders.statuses"),
    currentLocale(),
    listAdminOrders(getDb(), query),
  ]);
  const common = await getTranslations("admin.common");
  const date = dateTimeFormat(locale);
  const params = { status: query.status, q: query.q };
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <search aria-label={t("searchLabel")}>
        <form
          method="get"
          className="flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 bg-white p-3"
        >
          <label className="flex min-w-56 flex-1 flex-col gap-1 text-sm">
            <span className="font-medium text-stone-700">{common("search")}</span>
            <input
              type="search"
              name="q"
              defaultValue={query.q ?? ""}
              placeholder={t("searchPlaceholder")}
              maxLength={100}
              className="rounded-md border border-stone-300 px-3 py-2"
            />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium text-stone-700">{t("statusFilter")}</span>
            <select
              name="status"
              defaultValue={query.status ?? ""}
              className="rounded-md border border-stone-300 bg-white px-3 py-2"
            >
              <option value="">{common("all")}</option>
              {ORDER_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {statuses(status)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white">
            {common("apply")}
          </button>
        </form>
      </search>

      {result.items.length === 0 ? (
        <p
          className="rounded-lg border border-stone-200 bg-white p-5 text-stone-600"
          data-testid="orders-empty"
        >
          {t("empty")}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="orders-table">
            <thead className="border-b border-stone-200 bg-stone-50 text-stone-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.orderNo")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.placedAt")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.customer")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.status")}
                </th>
                <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                  {t("columns.payment")}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {t("columns.total")}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((order) => (
                <tr key={order.orderNo} className="border-b border-stone-100 last:border-0 hover:bg-stone-50">
                  <td className="px-3 py-2 font-medium whitespace-nowrap">
                    <Link href={`/admin/orders/${order.orderNo}`} className="underline hover:no-underline">
                      {order.orderNo}
                    </Link>
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap text-stone-600">
                    {date.format(new Date(order.placedAt))}
                  </td>
                  <td className="px-3 py-2">
                    <div>{order.billingName}</div>
                    <div className="text-xs break-all text-stone-500">{order.email}</div>
                  </td>
                  <td className="px-3 py-2">
                    <StatusBadge status={order.status} label={statuses(order.status)} />
                  </td>
                  <td className="hidden px-3 py-2 whitespace-nowrap text-stone-600 md:table-cell">
                    {t(`methods.${order.paymentMethod}`)}
                  </td>
                  <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">
                    {formatMoney(order.total, order.currency, locale)}
                    {order.refunded > 0 && (
                      <div className="text-xs text-orange-700">
                        −{formatMoney(order.refunded, order.currency, locale)}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AdminPagination
        base="/admin/orders"
        page={result.page}
        limit={result.limit}
        total={result.total}
        params={params}
      />
    </div>
  );
}
