import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { CouponForm } from "@/components/admin/CouponForm";
import { requireStaff } from "@/lib/auth/guards";
import { couponIdSchema } from "@/lib/coupons/schemas";
import { getCoupon } from "@/lib/coupons/staff";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { couponForm } from "@/lib/forms/admin";
import { constraintsOf } from "@/lib/forms/parse";
import { currentLocale } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations("adminPricing.coupons");
  const parsed = couponIdSchema.safeParse((await params).id);
  const coupon = parsed.success ? await getCoupon(getDb(), parsed.data) : null;
  return { title: t("title", { code: coupon?.code ?? "" }), robots: { index: false, follow: false } };
}

/** One discount code: what it has been used for so far, and its terms in the same form as a new one. */
export default async function AdminCouponPage({ params }: { params: Params }) {
  const raw = (await params).id;
  await requireStaff(`/admin/coupons/${encodeURIComponent(raw)}`);
  const parsed = couponIdSchema.safeParse(raw);
  const coupon = parsed.success ? await getCoupon(getDb(), parsed.data) : null;
  if (!coupon) notFound();
  const [t, list, common, locale] = await Promise.all([
    getTranslations("adminPricing.coupons"),
    getTranslations("admin.coupons"),
    getTranslations("admin.common"),
    currentLocale(),
  ]);
  const currency = env().STORE_CURRENCY;
  return (
    <AdminPage
      title={t("title", { code: coupon.code })}
      back={{ href: "/admin/coupons", label: list("title") }}
    >
      <dl
        className="grid gap-3 rounded-lg border border-stone-200 bg-white p-4 sm:grid-cols-3"
        data-testid="coupon-usage"
      >
        <div>
          <dt className="text-sm text-stone-500">{list("columns.usage")}</dt>
          <dd className="text-lg font-semibold tabular-nums">
            {coupon.used} / {coupon.usageLimit ?? list("unlimited")}
          </dd>
        </div>
        <div>
          <dt className="text-sm text-stone-500">{list("columns.given")}</dt>
          <dd className="text-lg font-semibold tabular-nums">
            {formatMoney(coupon.discountGiven, currency, locale)}
          </dd>
        </div>
        <div>
          <dt className="text-sm text-stone-500">{list("columns.state")}</dt>
          <dd className="text-lg font-semibold">{list(`states.${coupon.state}`)}</dd>
        </div>
      </dl>
      <section className="rounded-lg border border-stone-200 bg-white p-4">
        <h2 className="font-semibold">{t("terms")}</h2>
        <p className="mt-1 mb-3 text-xs text-stone-500">
          {common("istanbulTime")} · {t("usageKept")}
        </p>
        <CouponForm currency={currency} coupon={coupon} constraints={constraintsOf(couponForm)} />
      </section>
    </AdminPage>
  );
}
