import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPagination } from "@/components/admin/AdminPagination";
import { getDb } from "@/db/client";
import { listStock } from "@/lib/admin/inventory";
import { inventoryListQuerySchema } from "@/lib/admin/schemas";
import { requireStaff } from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { currentLocale } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.inventory");
  return { title: t("title"), robots: { index: false, follow: false } };
}

type Search = Record<string, string | string[] | undefined>;

function lenient(search: Search) {
  const input: Record<string, string> = {};
  for (const key of ["q", "low", "page"]) {
    const value = search[key];
    if (typeof value === "string") input[key] = value;
  }
  for (let attempt = 0; attempt < 4; attempt++) {
    const parsed = inventoryListQuerySchema.safeParse(input);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) delete input[String(issue.path[0])];
  }
  return inventoryListQuerySchema.parse({});
}

/** Stock per SKU: on hand, reserved by carts and unpaid orders, available. */
export default async function AdminInventoryPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireStaff("/admin/inventory");
  const query = lenient(await searchParams);
  const locale = await currentLocale();
  const [t, common, result] = await Promise.all([
    getTranslations("admin.inventory"),
    getTranslations("admin.common"),
    listStock(getDb(), query, locale),
  ]);
  const threshold = env().LOW_STOCK_THRESHOLD;
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
          <label className="flex items-center gap-2 py-2 text-sm">
            <input
              type="checkbox"
              name="low"
              value="true"
              defaultChecked={query.low === "true"}
              className="size-4"
            />
            {t("lowOnly")}
          </label>
          <button type="submit" className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white">
            {common("apply")}
          </button>
        </form>
      </search>
      {result.items.length === 0 ? (
        <p className="rounded-lg border border-stone-200 bg-white p-5 text-stone-600">{t("empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="inventory-table">
            <thead className="border-b border-stone-200 bg-stone-50 text-stone-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.sku")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.product")}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {t("columns.onHand")}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {t("columns.reserved")}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {t("columns.available")}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((level) => (
                <tr key={level.sku} className="border-b border-stone-100 last:border-0 hover:bg-stone-50">
                  <td className="px-3 py-2 font-medium whitespace-nowrap">
                    <Link href={`/admin/inventory/${encodeURIComponent(level.sku)}`} className="underline">
                      {level.sku}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    {level.product.name} <span className="text-stone-500">· {level.variant.name}</span>
                    {(!level.product.active || !level.variant.active) && (
                      <span className="ml-2 rounded bg-stone-200 px-1.5 text-xs">{t("inactive")}</span>
                    )}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{level.onHand}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{level.reserved}</td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {level.available}
                    {level.available <= threshold && (
                      <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900">
                        {t("low")}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AdminPagination
        base="/admin/inventory"
        page={result.page}
        limit={result.limit}
        total={result.total}
        params={{ q: query.q, low: query.low }}
      />
    </div>
  );
}
