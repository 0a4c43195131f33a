import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { decodeParam } from "@/app/admin/decode-param";
import { AdminPage } from "@/components/admin/AdminPage";
import { ReturnActions } from "@/components/admin/ReturnActions";
import { ReturnSummary } from "@/components/returns/ReturnSummary";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { currentLocale } from "@/lib/i18n/server";
import { getReturn } from "@/lib/returns/service";

type Params = Promise<{ returnNo: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations("returns");
  return {
    title: t("returnNo", { returnNo: decodeParam((await params).returnNo) }),
    robots: { index: false },
  };
}

/** One return for staff: lines, reasons, steps, and the moves its state allows. */
export default async function AdminReturnPage({ params }: { params: Params }) {
  const returnNo = decodeParam((await params).returnNo).slice(0, 40);
  await requireStaff(`/admin/returns/${encodeURIComponent(returnNo)}`);
  const [item, locale, t] = await Promise.all([
    getReturn(getDb(), returnNo),
    currentLocale(),
    getTranslations("returns"),
  ]);
  if (!item) notFound();
  return (
    <AdminPage
      title={t("returnNo", { returnNo: item.returnNo })}
      titleTestId="return-title"
      back={{ href: "/admin/returns", label: t("admin.back") }}
      actions={
        <Link href={`/admin/orders/${item.orderNo}`} className="text-sm underline hover:no-underline">
          {t("admin.order")} {item.orderNo}
        </Link>
      }
    >
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <ReturnSummary item={item} currency={env().STORE_CURRENCY} locale={locale} staff />
        </div>
        {item.nextSteps.length > 0 && (
          <section className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 className="mb-3 font-semibold">{t("admin.actions")}</h2>
            <ReturnActions
              returnNo={item.returnNo}
              steps={item.nextSteps}
              lines={item.lines.map((line) => ({ sku: line.sku, name: line.name, qty: line.qty }))}
              askIban={item.paymentMethod !== "card"}
              iban={item.iban}
            />
          </section>
        )}
      </div>
    </AdminPage>
  );
}
