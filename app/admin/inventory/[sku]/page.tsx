import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { releaseHoldAction } from "@/app/actions/admin";
import { decodeParam } from "@/app/admin/decode-param";
import { AdminPage } from "@/components/admin/AdminPage";
import { ConfirmStep } from "@/components/admin/ConfirmStep";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { dateTimeFormat, type SearchParams } from "@/components/admin/format";
import { StockForm } from "@/components/admin/StockForm";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { stockForm } from "@/lib/forms/admin";
import { constraintsOf } from "@/lib/forms/parse";
import { currentLocale } from "@/lib/i18n/server";
import { type ActiveHold, activeHolds, type LedgerEntry, stockOfSku } from "@/lib/inventory/staff";

type Params = Promise<{ sku: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { sku } = await params;
  const t = await getTranslations("admin.inventory.detail");
  return { title: t("title", { sku: decodeParam(sku) }), robots: { index: false, follow: false } };
}

/**
 * One SKU: its stock, a form to set what is on hand (with a reason), its active holds (a cart's can be
 * released after a confirmation step, without JavaScript) and its ledger.
 */
export default async function AdminStockPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<SearchParams>;
}) {
  const sku = decodeParam((await params).sku)
    .trim()
    .toUpperCase()
    .slice(0, 64);
  await requireStaff(`/admin/inventory/${encodeURIComponent(sku)}`);
  const locale = await currentLocale();
  const found = await stockOfSku(getDb(), sku, locale);
  if (!found) notFound();
  const [t, list] = await Promise.all([
    getTranslations("admin.inventory.detail"),
    getTranslations("admin.inventory"),
  ]);
  const { level, ledger } = found;
  const search = await searchParams;
  const holds = await activeHolds(getDb(), level.variantId);
  const date = dateTimeFormat(locale, true);
  const here = `/admin/inventory/${encodeURIComponent(level.sku)}`;
  const confirming = holds.find((hold) => String(hold.id) === search.release && hold.holder.kind === "cart");
  const released = typeof search.released === "string" ? Number(search.released) : null;
  const holdColumns: Column<ActiveHold>[] = [
    {
      key: "holder",
      header: t("holder"),
      cell: ({ holder }) =>
        holder.kind === "order" ? (
          holder.orderNo ? (
            <Link href={`/admin/orders/${holder.orderNo}`} className="underline">
              {t("orderHold", { orderNo: holder.orderNo })}
            </Link>
          ) : (
            t("orderHold", { orderNo: "?" })
          )
        ) : (
          <span className="break-all">
            {t("cartHold", { cart: holder.cartId.slice(-8) })}
            {holder.email && <span className="text-stone-500"> · {holder.email}</span>}
          </span>
        ),
    },
    { key: "qty", header: t("qty"), align: "right", cell: (hold) => hold.qty },
    {
      key: "createdAt",
      header: t("heldSince"),
      secondary: true,
      className: "whitespace-nowrap text-stone-600",
      cell: (hold) => date.format(new Date(hold.createdAt)),
    },
    {
      key: "expiresAt",
      header: t("expiresAt"),
      className: "whitespace-nowrap text-stone-600",
      cell: (hold) => date.format(new Date(hold.expiresAt)),
    },
    {
      key: "action",
      header: <span className="sr-only">{t("release")}</span>,
      align: "right",
      cell: (hold) =>
        hold.holder.kind === "cart" ? (
          <Link href={`${here}?release=${hold.id}#holds`} className="text-brand-700 underline">
            {t("release")}
          </Link>
        ) : (
          <span className="text-xs text-stone-500">{t("cancelOrderToRelease")}</span>
        ),
    },
  ];
  const ledgerColumns: Column<LedgerEntry>[] = [
    {
      key: "at",
      header: t("at"),
      className: "whitespace-nowrap text-stone-600",
      cell: (entry) => date.format(new Date(entry.at)),
    },
    {
      key: "kind",
      header: t("kind"),
      cell: (entry) =>
        list.has(`reasons.${entry.reason}` as "reasons.initial")
          ? list(`reasons.${entry.reason}` as "reasons.initial")
          : entry.reason,
    },
    { key: "onHand", header: t("onHandDelta"), align: "right", cell: (entry) => signed(entry.onHandDelta) },
    {
      key: "reserved",
      header: t("reservedDelta"),
      align: "right",
      cell: (entry) => signed(entry.reservedDelta),
    },
    {
      key: "reference",
      header: t("reference"),
      className: "break-all text-stone-600",
      cell: (e) => e.reference,
    },
  ];
  const signed = (n: number) => (n > 0 ? `+${n}` : n === 0 ? "0" : String(n));
  return (
    <AdminPage
      title={t("title", { sku: level.sku })}
      back={{ href: "/admin/inventory", label: t("backToList") }}
    >
      <p className="text-stone-700">
        {level.product.name} · {level.variant.name}
      </p>
      <dl className="grid grid-cols-3 gap-3 sm:max-w-lg" data-testid="stock-levels">
        {(
          [
            [list("columns.onHand"), level.onHand],
            [list("columns.reserved"), level.reserved],
            [list("columns.available"), level.available],
          ] as const
        ).map(([label, value]) => (
          <div key={label} className="rounded-lg border border-stone-200 bg-white p-3">
            <dt className="text-xs text-stone-500">{label}</dt>
            <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <section className="rounded-lg border border-stone-200 bg-white p-4 sm:max-w-2xl">
        <h2 className="mb-3 font-semibold">{t("set")}</h2>
        <StockForm
          sku={level.sku}
          onHand={level.onHand}
          reserved={level.reserved}
          constraints={constraintsOf(stockForm)}
        />
      </section>
      <section id="holds" className="flex flex-col gap-3 rounded-lg border border-stone-200 bg-white p-4">
        <h2 className="font-semibold">{t("holds")}</h2>
        <p className="text-sm text-stone-600">{t("holdsIntro")}</p>
        {released !== null && (
          <p
            role="status"
            className={`rounded-md p-3 text-sm ${released > 0 ? "bg-emerald-50 text-emerald-900" : "bg-amber-50 text-amber-900"}`}
            data-testid="release-result"
          >
            {released > 0 ? t("released", { qty: released }) : t("notReleased")}
          </p>
        )}
        {confirming && (
          <ConfirmStep
            text={t("confirmRelease", { qty: confirming.qty })}
            action={releaseHoldAction}
            fields={{ sku: level.sku, reservationId: confirming.id }}
            confirm={t("release")}
            cancel={{ href: `${here}#holds`, label: t("keep") }}
            testId="release-confirm"
          />
        )}
        <DataTable columns={holdColumns} rows={holds} rowKey="id" empty={t("noHolds")} testId="holds" />
      </section>
      <section className="flex flex-col gap-3">
        <h2 className="font-semibold">{t("ledger")}</h2>
        <DataTable columns={ledgerColumns} rows={ledger} rowKey="id" empty={t("noLedger")} testId="ledger" />
      </section>
    </AdminPage>
  );
}
