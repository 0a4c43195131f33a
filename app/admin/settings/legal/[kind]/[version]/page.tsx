import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AdminPage, PageSection } from "@/components/admin/AdminPage";
import { dateTimeFormat } from "@/components/admin/format";
import { LEGAL_TEXT_KINDS, type LegalTextKind } from "@/db/schema";
import { requireAdmin } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { renderLegalText } from "@/lib/legal/render";
import { legalTextVersion } from "@/lib/legal/texts";

export const generateMetadata = staffPageMetadata("legal.admin");

/** One version of a legal text as it was saved: its text, and how it shows (placeholders by name). */
export default async function LegalTextVersionPage({
  params,
}: {
  params: Promise<{ kind: string; version: string }>;
}) {
  const { kind, version } = await params;
  await requireAdmin("/admin/settings");
  if (!(LEGAL_TEXT_KINDS as readonly string[]).includes(kind) || !/^\d{1,9}$/.test(version)) notFound();
  const text = await legalTextVersion(getDb(), kind as LegalTextKind, Number(version));
  if (!text) notFound();
  const [t, locale] = await Promise.all([getTranslations("legal.admin"), currentLocale()]);
  return (
    <AdminPage
      title={t("versionTitle", { name: t(`texts.${text.kind}`), version: text.version })}
      back={{ href: "/admin/settings", label: t("back") }}
    >
      <p className="text-sm text-stone-600">
        {text.author} · {dateTimeFormat(locale, true).format(text.createdAt)}
      </p>
      <PageSection id="rendered" title={t("rendered")}>
        <article
          className="rounded-lg border border-stone-200 bg-white p-4 text-sm"
          // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and escaped by lib/legal/render.ts
          dangerouslySetInnerHTML={{ __html: renderLegalText(text.body, null) }}
        />
      </PageSection>
      <PageSection id="source" title={t("source")}>
        <pre
          className="overflow-x-auto rounded-lg border border-stone-200 bg-white p-4 text-xs whitespace-pre-wrap"
          data-testid="legal-version-body"
        >
          {text.body}
        </pre>
      </PageSection>
    </AdminPage>
  );
}
