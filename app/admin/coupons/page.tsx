import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { setCouponActiveAction } from "@/app/actions/admin";
import { AdminPagination } from "@/components/admin/AdminPagination";
import { CouponForm } from "@/components/admin/CouponForm";
import { dateTimeFormat } from "@/components/admin/format";
import { getDb } from "@/db/client";
import { type AdminCoupon, listCoupons } from "@/lib/admin/coupons";
import { couponListQuerySchema } from "@/lib/admin/schemas";
import { requireStaff } from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { currentLocale } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.coupons");
  return { title: t("title"), robots: { index: false, follow: false } };
}

type Search = Record<string, string | string[] | undefined>;

const STATE_STYLES: Record<AdminCoupon["state"], string> = {
  active: "bg-emerald-100 text-emerald-900",
  scheduled: "bg-sky-100 text-sky-900",
  expired: "bg-stone-200 text-stone-700",
  used_up: "bg-amber-100 text-amber-900",
  inactive: "bg-stone-200 text-stone-700",
};

/** Discount codes with their usage so far, a form for a new one, and a switch for each. */
export default async function AdminCouponsPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireStaff("/admin/coupons");
  const search = await searchParams;
  const parsed = couponListQuerySchema.safeParse({
    q: typeof search.q === "string" ? search.q : undefined,
    page: typeof search.page === "string" ? search.page : undefined,
  });
  const query = parsed.success ? parsed.data : couponListQuerySchema.parse({});
  const [t, common, locale, result] = await Promise.all([
    getTranslations("admin.coupons"),
    getTranslations("admin.common"),
    currentLocale(),
    listCoupons(getDb(), query),
  ]);
  const currency = env().STORE_CURRENCY;
  const money = (amount: number) => formatMoney(amount, currency, locale);
  const date = dateTimeFormat(locale);
  const discount = (coupon: AdminCoupon) =>
    coupon.type === "percent"
      ? t("offPercent", { value: coupon.value })
      : coupon.type === "fixed"
        ? money(coupon.value)
        : t("freeShipping");
  const validity = (coupon: AdminCoupon) =>
    [
      coupon.startsAt && t("from", { date: date.format(new Date(coupon.startsAt)) }),
      coupon.expiresAt && t("until", { date: date.format(new Date(coupon.expiresAt)) }),
    ]
      .filter(Boolean)
      .join(" ") || t("always");

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <details className="rounded-lg border border-stone-200 bg-white p-4" open={result.total === 0}>
        <summary className="cursor-pointer font-semibold">{t("new")}</summary>
        <p className="mt-1 mb-3 text-xs text-stone-500">{common("istanbulTime")}</p>
        <CouponForm currency={currency} />
      </details>
      <search aria-label={t("searchLabel")}>
        <form method="get" className="flex flex-wrap items-end gap-3">
          <input
            type="search"
            name="q"
            defaultValue={query.q ?? ""}
            aria-label={t("searchLabel")}
            placeholder={t("code")}
            maxLength={64}
            className="min-w-48 rounded-md border border-stone-300 px-3 py-2 text-sm"
          />
          <button type="submit" className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white">
            {common("search")}
          </button>
        </form>
      </search>
      {result.items.length === 0 ? (
        <p className="rounded-lg border border-stone-200 bg-white p-5 text-stone-600">{t("empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="coupons-table">
            <thead className="border-b border-stone-200 bg-stone-50 text-stone-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.code")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.discount")}
                </th>
                <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                  {t("columns.validity")}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {t("columns.usage")}
                </th>
                <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">
                  {t("columns.given")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.state")}
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">{t("deactivate")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((coupon) => (
                <tr key={coupon.id} className="border-b border-stone-100 last:border-0 align-top">
                  <td className="px-3 py-2 font-mono font-medium">
                    {coupon.code}
                    {coupon.stackable && (
                      <span className="ml-1 text-xs text-stone-500" title={t("stackable")}>
                        +<span className="sr-only"> {t("stackable")}</span>
                      </span>
                    )}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {discount(coupon)}
                    {coupon.minOrder !== null && (
                      <div className="text-xs text-stone-500">≥ {money(coupon.minOrder)}</div>
                    )}
                    {(coupon.appliesTo.skus.length > 0 || coupon.appliesTo.categories.length > 0) && (
                      <div className="text-xs text-stone-500">
                        {[...coupon.appliesTo.categories, ...coupon.appliesTo.skus].join(", ")}
                      </div>
                    )}
                  </td>
                  <td className="hidden px-3 py-2 text-stone-600 md:table-cell">{validity(coupon)}</td>
                  <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap">
                    {coupon.used} / {coupon.usageLimit ?? t("unlimited")}
                  </td>
                  <td className="hidden px-3 py-2 text-right tabular-nums sm:table-cell">
                    {money(coupon.discountGiven)}
                  </td>
                  <td className="px-3 py-2">
                    <span className={`rounded-full px-2 py-0.5 text-xs ${STATE_STYLES[coupon.state]}`}>
                      {t(`states.${coupon.state}`)}
                    </span>
                  </td>
                  <td className="px-3 py-2 text-right">
                    <form action={setCouponActiveAction}>
                      <input type="hidden" name="id" value={coupon.id} />
                      <input type="hidden" name="active" value={coupon.active ? "false" : "true"} />
                      <button
                        type="submit"
                        className="rounded-md border border-stone-300 px-2.5 py-1 text-xs hover:bg-stone-100"
                        aria-label={`${coupon.active ? t("deactivate") : t("activate")} ${coupon.code}`}
                      >
                        {coupon.active ? t("deactivate") : t("activate")}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AdminPagination
        base="/admin/coupons"
        page={result.page}
        limit={result.limit}
        total={result.total}
        params={{ q: query.q }}
      />
    </div>
  );
}
