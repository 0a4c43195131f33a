import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPage, PageSection } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { dateTimeFormat } from "@/components/admin/format";
import { LegalTextForm, SellerForm } from "@/components/admin/SettingsForms";
import { LEGAL_TEXT_KINDS } from "@/db/schema";
import { requireAdmin } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { sellerForm } from "@/lib/forms/admin";
import { constraintsOf } from "@/lib/forms/parse";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { PLACEHOLDERS } from "@/lib/legal/render";
import { type LegalTextVersion, legalTextHistory } from "@/lib/legal/texts";
import { sellerIdentity } from "@/lib/seller/settings";

export const generateMetadata = staffPageMetadata("legal.admin");

/**
 * Store settings (administrators): the seller's identity, and each legal text (pre-information form,
 * distance sales contract, KVKK notice) with its editor and its version history.
 */
export default async function AdminSettingsPage() {
  await requireAdmin("/admin/settings");
  const [t, locale, seller, histories] = await Promise.all([
    getTranslations("legal.admin"),
    currentLocale(),
    sellerIdentity(getDb()),
    Promise.all(LEGAL_TEXT_KINDS.map((kind) => legalTextHistory(getDb(), kind))),
  ]);
  const time = dateTimeFormat(locale, true);
  const columns: Column<LegalTextVersion>[] = [
    {
      key: "version",
      header: t("version"),
      cell: (v) => (
        <Link href={`/admin/settings/legal/${v.kind}/${v.version}`} className="text-brand-700 underline">
          {t("versionTitle", { name: t(`texts.${v.kind}`), version: v.version })}
        </Link>
      ),
    },
    { key: "author", header: t("author"), cell: (v) => v.author },
    {
      key: "date",
      header: t("date"),
      className: "whitespace-nowrap text-stone-600",
      cell: (v) => <time dateTime={v.createdAt.toISOString()}>{time.format(v.createdAt)}</time>,
    },
  ];
  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      <PageSection id="seller" title={t("seller")}>
        <section className="rounded-lg border border-stone-200 bg-white p-4">
          <SellerForm seller={seller} constraints={constraintsOf(sellerForm)} />
        </section>
      </PageSection>
      {LEGAL_TEXT_KINDS.map((kind, index) => {
        const history = histories[index] ?? [];
        return (
          <PageSection key={kind} id={`text-${kind}`} title={t(`texts.${kind}`)}>
            <section className="rounded-lg border border-stone-200 bg-white p-4">
              <LegalTextForm kind={kind} body={history[0]?.body ?? ""} placeholders={PLACEHOLDERS} />
            </section>
            <h3 className="font-semibold">{t("history")}</h3>
            <DataTable
              columns={columns}
              rows={history}
              rowKey="version"
              empty="-"
              testId={`legal-history-${kind}`}
            />
          </PageSection>
        );
      })}
    </AdminPage>
  );
}
