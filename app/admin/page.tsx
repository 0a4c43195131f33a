import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageSection } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { RevenueChart } from "@/components/admin/RevenueChart";
import { dashboard, type LowStockItem } from "@/lib/admin/dashboard";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { currentLocale } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";

function Stat({
  label,
  value,
  detail,
  testId,
}: {
  label: string;
  value: string;
  detail?: string;
  testId: string;
}) {
  return (
    <div className="flex flex-col gap-1 rounded-lg border border-stone-200 bg-white p-4" data-testid={testId}>
      <dt className="text-sm text-stone-600">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
      {detail && <dd className="text-xs text-stone-500">{detail}</dd>}
    </div>
  );
}

/** The staff dashboard: revenue, orders, payment and cart health, reservations, a 30-day chart, low stock. */
export default async function AdminHomePage() {
  const user = await requireStaff("/admin");
  const locale = await currentLocale();
  const [t, data] = await Promise.all([
    getTranslations("admin.dashboard"),
    dashboard(getDb(), new Date(), { locale }),
  ]);
  const money = (minor: number) => formatMoney(minor, data.currency, locale);
  const percent = new Intl.NumberFormat(locale === "tr" ? "tr-TR" : "en-GB", {
    style: "percent",
    maximumFractionDigits: 1,
  });
  const rate = (value: number | null) => (value === null ? t("notAvailable") : percent.format(value));
  const lowStockColumns: Column<LowStockItem>[] = [
    {
      key: "product",
      header: t("product"),
      cell: (item) => (
        <>
          {item.productName}
          <span className="text-stone-500"> · {item.variantName}</span>
        </>
      ),
    },
    {
      key: "sku",
      header: t("sku"),
      className: "font-mono text-xs",
      cell: (item) => (
        <Link href={`/admin/inventory/${encodeURIComponent(item.sku)}`} className="underline">
          {item.sku}
        </Link>
      ),
    },
    { key: "available", header: t("available"), align: "right", cell: (item) => item.available },
  ];
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-stone-600" data-testid="staff-welcome">
          {t("welcome", { name: user.name })}
        </p>
      </div>

      {(["today", "month"] as const).map((key) => {
        const stats = key === "today" ? data.todayStats : data.monthStats;
        return (
          <PageSection key={key} id={`dash-${key}`} title={t(key)}>
            <dl className="grid gap-3 sm:grid-cols-3">
              <Stat label={t("revenue")} value={money(stats.revenue)} testId={`${key}-revenue`} />
              <Stat label={t("orders")} value={String(stats.orders)} testId={`${key}-orders`} />
              <Stat
                label={t("averageOrderValue")}
                value={money(stats.averageOrderValue)}
                testId={`${key}-aov`}
              />
            </dl>
          </PageSection>
        );
      })}

      <dl className="grid gap-3 sm:grid-cols-3">
        <Stat
          label={t("paymentFailureRate")}
          value={rate(data.payments.rate)}
          detail={t("paymentFailureDetail", {
            failed: data.payments.failed,
            total: data.payments.cardOrders,
          })}
          testId="payment-failure-rate"
        />
        <Stat
          label={t("abandonedCartRate")}
          value={rate(data.carts.rate)}
          detail={t("abandonedCartDetail", { abandoned: data.carts.abandoned, total: data.carts.withItems })}
          testId="abandoned-cart-rate"
        />
        <Stat
          label={t("reservations")}
          value={String(data.reservations.count)}
          detail={t("reservationsDetail", { units: data.reservations.units })}
          testId="active-reservations"
        />
      </dl>

      <PageSection
        id="dash-chart"
        title={t("chartTitle")}
        className="flex flex-col gap-2 rounded-lg border border-stone-200 bg-white p-4"
      >
        <RevenueChart
          days={data.daily}
          currency={data.currency}
          locale={locale}
          labels={{
            title: t("chartTitle"),
            description: t("chartDescription"),
            caption: t("chartTableCaption"),
            day: t("day"),
            revenue: t("legendRevenue"),
            orders: t("legendOrders"),
          }}
        />
      </PageSection>

      <PageSection
        id="dash-low"
        title={t("lowStock")}
        actions={
          <Link href="/admin/inventory?low=true" className="text-sm text-brand-700 underline">
            {t("lowStockAll")}
          </Link>
        }
      >
        <p className="text-sm text-stone-600">{t("lowStockIntro", { threshold: data.lowStockThreshold })}</p>
        <DataTable
          columns={lowStockColumns}
          rows={data.lowStock}
          rowKey="sku"
          empty={t("lowStockEmpty")}
          testId="low-stock"
        />
      </PageSection>

      <section className="flex flex-col gap-1 text-xs text-stone-600" aria-labelledby="dash-def">
        <h2 id="dash-def" className="font-semibold text-stone-700">
          {t("definitions")}
        </h2>
        <p>{t("revenueDefinition")}</p>
        <p>{t("paymentDefinition")}</p>
        <p>{t("abandonedDefinition")}</p>
      </section>
    </div>
  );
}
