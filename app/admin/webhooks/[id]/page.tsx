import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { deleteWebhookAction, redeliverWebhookAction } from "@/app/actions/webhooks";
import { AdminPage, PageSection } from "@/components/admin/AdminPage";
import { dateTimeFormat } from "@/components/admin/format";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { WebhookEditForm } from "@/components/admin/WebhookForms";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import { WEBHOOK_EVENTS } from "@/db/schema";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { constraintsOf } from "@/lib/forms/parse";
import { webhookEditForm } from "@/lib/forms/webhooks";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { deliveryLog, endpointIdOf, getEndpoint } from "@/lib/webhooks/service";

export const generateMetadata = staffPageMetadata("webhooks.admin");

/** An id that cannot be one (endpointIdOf throws at once) and an unknown one are the same 404 page. */
async function endpointOrNotFound(raw: string) {
  try {
    return await getEndpoint(getDb(), endpointIdOf(raw));
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

/** One endpoint: its settings, and its delivery log (body sent, answers, attempts) with a redeliver button. */
export default async function WebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const raw = (await params).id;
  await requireStaff(`/admin/webhooks/${encodeURIComponent(raw)}`);
  const endpoint = await endpointOrNotFound(raw);
  const [t, common, locale, deliveries] = await Promise.all([
    getTranslations("webhooks.admin"),
    getTranslations("admin.common"),
    currentLocale(),
    deliveryLog(getDb(), endpoint.id),
  ]);
  const date = dateTimeFormat(locale, true);
  const time = (value: string | null) =>
    value ? <time dateTime={value}>{date.format(new Date(value))}</time> : common("none");
  return (
    <AdminPage title={endpoint.url} back={{ href: "/admin/webhooks", label: t("title") }}>
      <section className="rounded-lg border border-stone-200 bg-white p-4">
        <WebhookEditForm
          endpoint={endpoint}
          events={WEBHOOK_EVENTS}
          constraints={constraintsOf(webhookEditForm)}
        />
        <Form action={deleteWebhookAction} hidden={{ id: String(endpoint.id) }} className="mt-4">
          <SubmitButton look="danger">{t("delete")}</SubmitButton>
        </Form>
      </section>
      <PageSection id="deliveries" title={t("deliveries")}>
        {deliveries.length === 0 && <p className="text-sm text-stone-600">{t("noDeliveries")}</p>}
        <ul className="flex flex-col gap-2" data-testid="webhook-deliveries">
          {deliveries.map((delivery) => (
            <li key={delivery.id} className="rounded-lg border border-stone-200 bg-white p-3 text-sm">
              <details>
                <summary className="flex cursor-pointer flex-wrap items-center gap-3">
                  <code className="font-mono text-xs">{delivery.event}</code>
                  <StatusBadge status={delivery.status} label={t(`deliveryStatus.${delivery.status}`)} />
                  <span>
                    {t("attempts")}: {delivery.attempts}
                  </span>
                  <span>
                    {t("responseStatus")}: {delivery.responseStatus ?? delivery.lastError ?? common("none")}
                  </span>
                  <span className="text-stone-600">
                    {t("nextAttempt")}: {time(delivery.nextAttemptAt)}
                  </span>
                  <span className="text-stone-600">{time(delivery.createdAt)}</span>
                </summary>
                <div className="mt-3 flex flex-col gap-2">
                  <p className="font-mono text-xs text-stone-600">webhook-id: {delivery.messageId}</p>
                  <h3 className="font-medium">{t("requestBody")}</h3>
                  <pre className="overflow-x-auto rounded bg-stone-50 p-2 text-xs">
                    {JSON.stringify(delivery.payload, null, 2)}
                  </pre>
                  <h3 className="font-medium">{t("attempts")}</h3>
                  <ol className="flex flex-col gap-1">
                    {delivery.attemptLog.map((attempt) => (
                      <li key={attempt.at} className="rounded border border-stone-100 p-2">
                        <p>
                          {time(attempt.at)} · {attempt.responseStatus ?? attempt.error} ·{" "}
                          {attempt.durationMs} ms
                        </p>
                        {attempt.responseBody && (
                          <pre className="mt-1 max-h-40 overflow-auto text-xs break-all whitespace-pre-wrap">
                            {attempt.responseBody}
                          </pre>
                        )}
                      </li>
                    ))}
                  </ol>
                  <Form
                    action={redeliverWebhookAction}
                    hidden={{ id: String(delivery.id), endpointId: String(endpoint.id) }}
                  >
                    <SubmitButton look="small">{t("redeliver")}</SubmitButton>
                  </Form>
                </div>
              </details>
            </li>
          ))}
        </ul>
      </PageSection>
    </AdminPage>
  );
}
