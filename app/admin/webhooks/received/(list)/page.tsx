import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { dateTimeFormat, lenientQuery, type SearchParams } from "@/components/admin/format";
import { ListFilters, SelectField } from "@/components/admin/ListFilters";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import type { WebhookEventSummary } from "@/lib/payments/log";
import { listWebhookEvents, WEBHOOK_STATUSES, webhookListQuerySchema } from "@/lib/payments/log";

export const generateMetadata = staffPageMetadata("admin.webhooks");

/** The webhook event log: every provider event received, newest first, 50 a page. */
export default async function WebhooksPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireStaff("/admin/webhooks/received");
  const query = lenientQuery(webhookListQuerySchema, await searchParams, ["status", "sort", "page"]);
  const [t, common, locale, result] = await Promise.all([
    getTranslations("admin.webhooks"),
    getTranslations("admin.common"),
    currentLocale(),
    listWebhookEvents(getDb(), query),
  ]);
  const date = dateTimeFormat(locale, true);
  const time = (value: string | null) =>
    value ? <time dateTime={value}>{date.format(new Date(value))}</time> : common("none");
  const columns: Column<WebhookEventSummary>[] = [
    {
      key: "id",
      header: t("columns.id"),
      className: "font-mono text-xs break-all",
      cell: (event) => (
        <Link
          href={`/admin/webhooks/received/${encodeURIComponent(event.id)}`}
          className="text-brand-700 underline"
        >
          {event.id}
        </Link>
      ),
    },
    { key: "provider", header: t("columns.provider"), sortable: true, cell: (event) => event.provider },
    { key: "type", header: t("columns.type"), sortable: true, cell: (event) => event.type },
    {
      key: "status",
      header: t("columns.status"),
      sortable: true,
      cell: (event) => <StatusBadge status={event.status} label={t(`statuses.${event.status}`)} />,
    },
    {
      key: "error",
      header: t("columns.error"),
      className: "max-w-xs text-xs break-words text-red-800",
      cell: (event) => event.error ?? "",
    },
    {
      key: "receivedAt",
      header: t("columns.receivedAt"),
      sortable: true,
      className: "whitespace-nowrap text-stone-600",
      cell: (event) => time(event.receivedAt),
    },
    {
      key: "processedAt",
      header: t("columns.processedAt"),
      sortable: true,
      secondary: true,
      className: "whitespace-nowrap text-stone-600",
      cell: (event) => time(event.processedAt),
    },
  ];
  const statuses = WEBHOOK_STATUSES.map((status) => ({ value: status, label: t(`statuses.${status}`) }));
  const listing = { base: "/admin/webhooks/received", query, page: result };
  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      <ListFilters label={t("statusFilter")} sort={query.sort}>
        <SelectField name="status" label={t("statusFilter")} value={query.status} options={statuses} />
      </ListFilters>
      <DataTable columns={columns} rowKey="id" empty={t("empty")} testId="webhooks" listing={listing} />
    </AdminPage>
  );
}
