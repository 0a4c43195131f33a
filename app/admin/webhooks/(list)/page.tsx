import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { WebhookCreateForm } from "@/components/admin/WebhookForms";
import { WEBHOOK_EVENTS } from "@/db/schema";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { constraintsOf } from "@/lib/forms/parse";
import { webhookCreateForm } from "@/lib/forms/webhooks";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { listEndpoints, type WebhookEndpoint } from "@/lib/webhooks/service";

export const generateMetadata = staffPageMetadata("webhooks.admin");

/** Outbound webhook endpoints: register one (its secret shown once), open one for its settings and log. */
export default async function WebhookEndpointsPage() {
  await requireStaff("/admin/webhooks");
  const [t, endpoints] = await Promise.all([getTranslations("webhooks.admin"), listEndpoints(getDb())]);
  const columns: Column<WebhookEndpoint>[] = [
    {
      key: "url",
      header: t("url"),
      className: "break-all",
      cell: (endpoint) => (
        <Link href={`/admin/webhooks/${endpoint.id}`} className="text-brand-700 underline">
          {endpoint.url}
        </Link>
      ),
    },
    { key: "description", header: t("description"), cell: (endpoint) => endpoint.description },
    {
      key: "events",
      header: t("events"),
      className: "font-mono text-xs",
      cell: (endpoint) => endpoint.events.join(", "),
    },
    {
      key: "status",
      header: t("status"),
      cell: (endpoint) => (
        <StatusBadge
          status={endpoint.enabled ? "active" : "inactive"}
          label={
            endpoint.disabledReason
              ? t(`disabledReason.${endpoint.disabledReason}`)
              : t(endpoint.enabled ? "enabled" : "disabled")
          }
        />
      ),
    },
  ];
  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      <p className="text-sm">
        <Link href="/admin/webhooks/received" className="text-brand-700 underline">
          {t("received")}
        </Link>
      </p>
      <section className="rounded-lg border border-stone-200 bg-white p-4">
        <WebhookCreateForm events={WEBHOOK_EVENTS} constraints={constraintsOf(webhookCreateForm)} />
      </section>
      <DataTable
        columns={columns}
        rows={endpoints}
        rowKey="id"
        empty={t("empty")}
        testId="webhook-endpoints"
      />
    </AdminPage>
  );
}
