import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { dateTimeFormat, lenientQuery, type SearchParams } from "@/components/admin/format";
import { ListFilters, SelectField } from "@/components/admin/ListFilters";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { currentLocale } from "@/lib/i18n/server";
import {
  listWebhookEvents,
  WEBHOOK_STATUSES,
  type WebhookEventSummary,
  webhookListQuerySchema,
} from "@/lib/payments/log";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.webhooks");
  return { title: t("title"), robots: { index: false, follow: false } };
}

const STYLES: Record<string, string> = {
  received: "pending_payment",
  applied: "delivered",
  ignored: "cancelled",
  rejected: "payment_failed",
  failed: "payment_failed",
};

/** The webhook event log: every provider event received, newest first, 50 a page. */
export default async function WebhooksPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireStaff("/admin/webhooks");
  const query = lenientQuery(webhookListQuerySchema, await searchParams, ["status", "sort", "page"]);
  const [t, common, locale, result] = await Promise.all([
    getTranslations("admin.webhooks"),
    getTranslations("admin.common"),
    currentLocale(),
    listWebhookEvents(getDb(), query),
  ]);
  const date = dateTimeFormat(locale, true);
  const params = { status: query.status, sort: query.sort };
  const time = (value: string | null) =>
    value ? <time dateTime={value}>{date.format(new Date(value))}</time> : common("none");
  const columns: Column<WebhookEventSummary>[] = [
    {
      key: "id",
      header: t("columns.id"),
      className: "font-mono text-xs break-all",
      cell: (event) => (
        <Link href={`/admin/webhooks/${encodeURIComponent(event.id)}`} className="text-brand-700 underline">
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
      cell: (event) => (
        <StatusBadge status={STYLES[event.status] ?? event.status} label={t(`statuses.${event.status}`)} />
      ),
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
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-stone-600">{t("intro")}</p>
      <ListFilters label={t("statusFilter")} keep={{ sort: query.sort }}>
        <SelectField
          name="status"
          label={t("statusFilter")}
          defaultValue={query.status}
          allLabel={common("all")}
          options={WEBHOOK_STATUSES.map((status) => ({ value: status, label: t(`statuses.${status}`) }))}
        />
      </ListFilters>
      <DataTable
        columns={columns}
        rows={result.items}
        rowKey={(event) => event.id}
        empty={t("empty")}
        testId="webhooks"
        listing={{ base: "/admin/webhooks", params, sort: query.sort, paging: result }}
      />
    </div>
  );
}
