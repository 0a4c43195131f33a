import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { NotificationPreferencesForm } from "@/components/account/NotificationPreferencesForm";
import { PrivacySection } from "@/components/account/PrivacySection";
import { listAddresses } from "@/lib/accounts/addresses";
import { notificationPreferences } from "@/lib/accounts/preferences";
import { isStaffRole } from "@/lib/accounts/users";
import { requireUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { dateFormat } from "@/lib/i18n/dates";
import { currentLocale } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";
import { ordersOfUser } from "@/lib/orders/details";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account.profile");
  return { title: t("title"), robots: { index: false } };
}

/** The signed-in customer's profile and order history. */
export default async function AccountPage() {
  const user = await requireUser("/account");
  const [t, tn, to, locale, addresses, orders, preferences] = await Promise.all([
    getTranslations("account.profile"),
    getTranslations("account.notifications"),
    getTranslations("orders"),
    currentLocale(),
    listAddresses(getDb(), user.id),
    ordersOfUser(getDb(), user.id),
    notificationPreferences(getDb(), user.id),
  ]);
  const since = dateFormat(locale, { dateStyle: "long" }).format(user.createdAt);
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <section aria-labelledby="profile-heading" className="rounded-lg border border-stone-200 bg-white p-5">
        <h2 id="profile-heading" className="sr-only">
          {t("title")}
        </h2>
        <dl className="grid gap-3 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-stone-500">{t("name")}</dt>
          <dd data-testid="profile-name">{user.name}</dd>
          <dt className="text-stone-500">{t("email")}</dt>
          <dd data-testid="profile-email">{user.email}</dd>
          <dt className="text-stone-500">{t("memberSince")}</dt>
          <dd>{since}</dd>
          {user.role !== "customer" && (
            <>
              <dt className="text-stone-500">{t("role")}</dt>
              <dd>{t(`roles.${user.role}`)}</dd>
            </>
          )}
        </dl>
      </section>
      <section aria-labelledby="orders-heading" className="rounded-lg border border-stone-200 bg-white p-5">
        <h2 id="orders-heading" className="mb-3 font-semibold">
          {to("history")}
        </h2>
        {orders.length === 0 ? (
          <p className="text-sm text-stone-600">{to("noOrders")}</p>
        ) : (
          <ul className="divide-y divide-stone-100 text-sm" data-testid="order-history">
            {orders.map((order) => (
              <li key={order.order_no} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link href={`/orders/${order.order_no}`} className="font-mono text-brand-700 underline">
                  {order.order_no}
                </Link>
                <span>{to(`statuses.${order.status}` as "statuses.paid")}</span>
                <span>{formatMoney(Number(order.total), order.currency, locale)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section
        aria-labelledby="notifications-heading"
        className="rounded-lg border border-stone-200 bg-white p-5"
      >
        <h2 id="notifications-heading" className="mb-1 font-semibold">
          {tn("title")}
        </h2>
        <p className="mb-3 text-sm text-stone-600">{tn("intro")}</p>
        <NotificationPreferencesForm initial={preferences} />
      </section>
      <PrivacySection canDelete={user.role === "customer"} />
      <section className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-stone-200 bg-white p-5">
        <div>
          <Link href="/account/addresses" className="font-medium text-brand-700 underline">
            {t("addressesLink")}
          </Link>
          <p className="text-sm text-stone-600">{t("addressesSummary", { count: addresses.length })}</p>
        </div>
        {isStaffRole(user.role) && (
          <Link href="/admin" className="text-sm font-medium text-brand-700 underline">
            {t("staffLink")}
          </Link>
        )}
      </section>
    </div>
  );
}
