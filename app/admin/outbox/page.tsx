import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { retryOutboxAction } from "@/app/actions/admin-outbox";
import { AdminPage } from "@/components/admin/AdminPage";
import { ConfirmStep } from "@/components/admin/ConfirmStep";
import { type Column, DataTable } from "@/components/admin/DataTable";
import {
  dateTimeFormat,
  lenientQuery,
  listParams,
  pageHref,
  type SearchParams,
} from "@/components/admin/format";
import { ListFilters, SelectField } from "@/components/admin/ListFilters";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import type { OutboxEntry } from "@/lib/notifications/queue";
import { listOutbox, OUTBOX_STATUSES, outboxListQuerySchema } from "@/lib/notifications/queue";

export const generateMetadata = staffPageMetadata("admin.outbox");

/**
 * The notification outbox, newest first, 50 a page. "Retry now" first shows a confirmation (a GET with
 * ?confirm=<id>), whose plain form button posts the server action; no JavaScript is needed.
 */
export default async function OutboxPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireStaff("/admin/outbox");
  const search = await searchParams;
  const query = lenientQuery(outboxListQuerySchema, search, ["status", "sort", "page"]);
  const confirmId =
    typeof search.confirm === "string" && /^\d{1,15}$/.test(search.confirm) ? search.confirm : null;
  const result = typeof search.result === "string" ? search.result : null;
  const [t, common, locale, list] = await Promise.all([
    getTranslations("admin.outbox"),
    getTranslations("admin.common"),
    currentLocale(),
    listOutbox(getDb(), query),
  ]);
  const date = dateTimeFormat(locale, true);
  const here = pageHref("/admin/outbox", listParams(query), query.page);
  const confirming = confirmId ? list.items.find((item) => String(item.id) === confirmId) : undefined;
  const withConfirm = (id: number) => `${here}${here.includes("?") ? "&" : "?"}confirm=${id}`;
  const columns: Column<OutboxEntry>[] = [
    {
      key: "eventKey",
      header: t("columns.eventKey"),
      className: "font-mono text-xs break-all",
      cell: (item) => item.eventKey,
    },
    { key: "topic", header: t("columns.topic"), sortable: true, cell: (item) => item.topic },
    {
      key: "status",
      header: t("columns.status"),
      sortable: true,
      cell: (item) => <StatusBadge status={item.status} label={t(`statuses.${item.status}`)} />,
    },
    {
      key: "attempts",
      header: t("columns.attempts"),
      sortable: true,
      align: "right",
      cell: (item) => item.attempts,
    },
    {
      key: "nextAttemptAt",
      header: t("columns.nextAttemptAt"),
      sortable: true,
      secondary: true,
      className: "whitespace-nowrap text-stone-600",
      cell: (item) =>
        item.status === "sent" ? (
          common("none")
        ) : (
          <time dateTime={item.nextAttemptAt}>{date.format(new Date(item.nextAttemptAt))}</time>
        ),
    },
    {
      key: "lastError",
      header: t("columns.lastError"),
      className: "max-w-xs text-xs break-words text-red-800",
      cell: (item) => item.lastError ?? "",
    },
    {
      key: "actions",
      header: t("columns.actions"),
      className: "whitespace-nowrap",
      cell: (item) =>
        item.status === "failed" && (
          <Link href={withConfirm(item.id)} className="text-brand-700 underline">
            {t("retry")}
          </Link>
        ),
    },
  ];
  const statuses = OUTBOX_STATUSES.map((status) => ({ value: status, label: t(`statuses.${status}`) }));
  const listing = { base: "/admin/outbox", query, page: list };
  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      {result === "retried" && (
        <p
          role="status"
          className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900"
          data-testid="outbox-result"
        >
          {t("retried")}
        </p>
      )}
      {result === "notRetried" && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900" data-testid="outbox-result">
          {t("notRetried")}
        </p>
      )}
      {confirming && confirming.status === "failed" && (
        <ConfirmStep
          title={t("confirmTitle")}
          text={t("confirmText", { eventKey: confirming.eventKey, attempts: confirming.attempts })}
          action={retryOutboxAction}
          fields={{ id: confirming.id, back: here }}
          confirm={t("confirm")}
          cancel={{ href: here, label: t("cancel") }}
          testId="outbox-confirm"
        />
      )}
      <ListFilters label={t("statusFilter")} sort={query.sort}>
        <SelectField name="status" label={t("statusFilter")} value={query.status} options={statuses} />
      </ListFilters>
      <DataTable columns={columns} rowKey="id" empty={t("empty")} testId="outbox" listing={listing} />
    </AdminPage>
  );
}
