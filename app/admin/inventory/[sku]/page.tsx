import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { dateTimeFormat } from "@/components/admin/format";
import { StockForm } from "@/components/admin/StockForm";
import { getDb } from "@/db/client";
import { stockOfSku } from "@/lib/admin/inventory";
import { requireStaff } from "@/lib/auth/guards";
import { currentLocale } from "@/lib/i18n/server";

type Params = Promise<{ sku: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { sku } = await params;
  const t = await getTranslations("admin.inventory.detail");
  return { title: t("title", { sku: decodeURIComponent(sku) }), robots: { index: false, follow: false } };
}

/** One SKU: its stock, a form to set what is on hand (with a reason), and its ledger. */
export default async function AdminStockPage({ params }: { params: Params }) {
  const sku = decodeURIComponent((await params).sku)
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
  const date = dateTimeFormat(locale, true);
  const signed = (n: number) => (n > 0 ? `+${n}` : n === 0 ? "0" : String(n));
  return (
    <div className="flex flex-col gap-4">
      <Link href="/admin/inventory" className="text-sm text-stone-600 underline hover:no-underline">
        ← {t("backToList")}
      </Link>
      <h1 className="text-2xl font-semibold">{t("title", { sku: level.sku })}</h1>
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
        <StockForm sku={level.sku} onHand={level.onHand} reserved={level.reserved} />
      </section>
      <section className="rounded-lg border border-stone-200 bg-white p-4">
        <h2 className="mb-3 font-semibold">{t("ledger")}</h2>
        {ledger.length === 0 ? (
          <p className="text-sm text-stone-600">{t("noLedger")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="ledger">
              <thead className="border-b border-stone-200 text-stone-600">
                <tr>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t("at")}
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t("kind")}
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">
                    {t("onHandDelta")}
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">
                    {t("reservedDelta")}
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    {t("reference")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {ledger.map((entry) => (
                  <tr key={entry.id} className="border-b border-stone-100 last:border-0">
                    <td className="py-1.5 pr-3 whitespace-nowrap text-stone-600">
                      {date.format(new Date(entry.at))}
                    </td>
                    <td className="py-1.5 pr-3">
                      {list.has(`reasons.${entry.reason}` as "reasons.initial")
                        ? list(`reasons.${entry.reason}` as "reasons.initial")
                        : entry.reason}
                    </td>
                    <td className="py-1.5 pr-3 text-right tabular-nums">{signed(entry.onHandDelta)}</td>
                    <td className="py-1.5 pr-3 text-right tabular-nums">{signed(entry.reservedDelta)}</td>
                    <td className="py-1.5 break-all text-stone-600">{entry.reference}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
