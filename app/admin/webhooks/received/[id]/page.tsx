import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { decodeParam } from "@/app/admin/decode-param";
import { AdminPage, PageSection } from "@/components/admin/AdminPage";
import { dateTimeFormat } from "@/components/admin/format";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { getWebhookEvent } from "@/lib/payments/log";

export const generateMetadata = staffPageMetadata("admin.webhooks");

/** One webhook event: its status, times, error and the payload as received, formatted. */
export default async function WebhookEventPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeParam((await params).id);
  await requireStaff(`/admin/webhooks/received/${encodeURIComponent(id)}`);
  const event = await getWebhookEvent(getDb(), id);
  if (!event) notFound();
  const [t, common, locale] = await Promise.all([
    getTranslations("admin.webhooks"),
    getTranslations("admin.common"),
    currentLocale(),
  ]);
  const date = dateTimeFormat(locale, true);
  return (
    <AdminPage
      title={t("detail.title", { id: event.id })}
      back={{ href: "/admin/webhooks/received", label: t("detail.backToList") }}
    >
      <dl className="grid gap-2 rounded-lg border border-stone-200 bg-white p-4 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="text-stone-500">{t("columns.type")}</dt>
        <dd>{event.type}</dd>
        <dt className="text-stone-500">{t("columns.status")}</dt>
        <dd data-testid="webhook-status">{t(`statuses.${event.status}`)}</dd>
        <dt className="text-stone-500">{t("columns.receivedAt")}</dt>
        <dd>
          <time dateTime={event.receivedAt}>{date.format(new Date(event.receivedAt))}</time>
        </dd>
        <dt className="text-stone-500">{t("columns.processedAt")}</dt>
        <dd>
          {event.processedAt ? (
            <time dateTime={event.processedAt}>{date.format(new Date(event.processedAt))}</time>
          ) : (
            t("detail.notProcessed")
          )}
        </dd>
        <dt className="text-stone-500">{t("columns.error")}</dt>
        <dd className="break-words text-red-800">{event.error ?? common("none")}</dd>
      </dl>
      <PageSection id="payload" title={t("detail.payload")}>
        <pre
          className="max-h-[70vh] overflow-auto rounded-lg border border-stone-200 bg-stone-950 p-4 text-xs text-stone-100"
          data-testid="webhook-payload"
        >
          <code>{JSON.stringify(event.payload, null, 2)}</code>
        </pre>
      </PageSection>
    </AdminPage>
  );
}
