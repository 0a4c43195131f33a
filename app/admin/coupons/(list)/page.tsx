import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { setCouponActiveAction } from "@/app/actions/admin";
import { AdminPage, NewItem } from "@/components/admin/AdminPage";
import { CouponForm } from "@/components/admin/CouponForm";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { dateTimeFormat, lenientQuery, type SearchParams } from "@/components/admin/format";
import { ListFilters, SearchField, SelectField } from "@/components/admin/ListFilters";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import { requireStaff } from "@/lib/auth/guards";
import { couponListQuerySchema } from "@/lib/coupons/schemas";
import { type AdminCoupon, listCoupons } from "@/lib/coupons/staff";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";

export const generateMetadata = staffPageMetadata("admin.coupons");

/** Discount codes with their usage so far, a form for a new one, and a switch for each. */
export default async function AdminCouponsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireStaff("/admin/coupons");
  const search = await searchParams;
  const query = lenientQuery(couponListQuerySchema, search, ["q", "active", "sort", "page"]);
  const [t, edit, common, locale, result] = await Promise.all([
    getTranslations("admin.coupons"),
    getTranslations("adminPricing.coupons"),
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
  const columns: Column<AdminCoupon>[] = [
    {
      key: "code",
      header: t("columns.code"),
      sortable: true,
      className: "font-mono font-medium",
      cell: (coupon) => (
        <>
          <Link
            href={`/admin/coupons/${coupon.id}`}
            className="underline"
            aria-label={`${coupon.code}: ${edit("edit")}`}
          >
            {coupon.code}
          </Link>
          {coupon.stackable && (
            <span className="ml-1 text-xs text-stone-500" title={t("stackable")}>
              +<span className="sr-only"> {t("stackable")}</span>
            </span>
          )}
        </>
      ),
    },
    {
      key: "discount",
      header: t("columns.discount"),
      className: "whitespace-nowrap",
      cell: (coupon) => (
        <>
          {discount(coupon)}
          {coupon.minOrder !== null && (
            <div className="text-xs text-stone-500">≥ {money(coupon.minOrder)}</div>
          )}
          {(coupon.appliesTo.skus.length > 0 || coupon.appliesTo.categories.length > 0) && (
            <div className="text-xs text-stone-500">
              {[...coupon.appliesTo.categories, ...coupon.appliesTo.skus].join(", ")}
            </div>
          )}
        </>
      ),
    },
    {
      key: "validity",
      header: t("columns.validity"),
      secondary: true,
      className: "text-stone-600",
      cell: validity,
    },
    {
      key: "used",
      header: t("columns.usage"),
      sortable: true,
      align: "right",
      className: "whitespace-nowrap",
      cell: (coupon) => `${coupon.used} / ${coupon.usageLimit ?? t("unlimited")}`,
    },
    {
      key: "given",
      header: t("columns.given"),
      secondary: true,
      align: "right",
      cell: (coupon) => money(coupon.discountGiven),
    },
    {
      key: "state",
      header: t("columns.state"),
      cell: (coupon) => <StatusBadge status={coupon.state} label={t(`states.${coupon.state}`)} />,
    },
    {
      key: "toggle",
      header: <span className="sr-only">{t("deactivate")}</span>,
      align: "right",
      cell: (coupon) => (
        <Form
          action={setCouponActiveAction}
          hidden={{ id: coupon.id, active: coupon.active ? "false" : "true" }}
        >
          <SubmitButton
            look="small"
            aria-label={`${coupon.active ? t("deactivate") : t("activate")} ${coupon.code}`}
          >
            {coupon.active ? t("deactivate") : t("activate")}
          </SubmitButton>
        </Form>
      ),
    },
  ];

  const states = [
    { value: "true", label: t("states.active") },
    { value: "false", label: t("states.inactive") },
  ];
  const listing = { base: "/admin/coupons", query, page: result };
  return (
    <AdminPage title={t("title")}>
      <NewItem label={t("new")} open={result.total === 0}>
        <p className="mb-3 text-xs text-stone-500">{common("istanbulTime")}</p>
        <CouponForm currency={currency} />
      </NewItem>
      <ListFilters label={t("searchLabel")} sort={query.sort}>
        <SearchField label={t("searchLabel")} value={query.q} placeholder={t("code")} />
        <SelectField name="active" label={t("columns.state")} value={query.active} options={states} />
      </ListFilters>
      <DataTable columns={columns} rowKey="id" empty={t("empty")} testId="coupons" listing={listing} />
    </AdminPage>
  );
}
