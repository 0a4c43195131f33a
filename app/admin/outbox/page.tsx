import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { retryOutboxAction } from "@/app/actions/admin-outbox";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { dateTimeFormat, lenientQuery, pageHref, type SearchParams } from "@/components/admin/format";
import { ListFilters, SelectField } from "@/components/admin/ListFilters";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { currentLocale } from "@/lib/i18n/server";
import {
  listOutbox,
  OUTBOX_STATUSES,
  type OutboxEntry,
  outboxListQuerySchema,
} from "@/lib/notifications/queue";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.outbox");
  return { title: t("title"), robots: { index: false, follow: false } };
}

const STYLES: Record<string, string> = {
  pending: "pending_payment",
  sent: "delivered",
  failed: "payment_failed",
};

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
  const params = { status: query.status, sort: query.sort };
  const here = pageHref("/admin/outbox", params, query.page);
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
      cell: (item) => (
        <StatusBadge status={STYLES[item.status] ?? item.status} label={t(`statuses.${item.status}`)} />
      ),
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
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-stone-600">{t("intro")}</p>
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
        <section
          aria-labelledby="confirm-title"
          className="flex flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4"
          data-testid="outbox-confirm"
        >
          <h2 id="confirm-title" className="font-semibold">
            {t("confirmTitle")}
          </h2>
          <p className="text-sm break-all">
            {t("confirmText", { eventKey: confirming.eventKey, attempts: confirming.attempts })}
          </p>
          <div className="flex flex-wrap gap-2">
            <Form action={retryOutboxAction} hidden={{ id: confirming.id, back: here }}>
              <SubmitButton>{t("confirm")}</SubmitButton>
            </Form>
            <Link href={here} className="rounded-md border border-stone-300 bg-white px-4 py-2 text-sm">
              {t("cancel")}
            </Link>
          </div>
        </section>
      )}
      <ListFilters label={t("statusFilter")} keep={{ sort: query.sort }}>
        <SelectField
          name="status"
          label={t("statusFilter")}
          defaultValue={query.status}
          allLabel={common("all")}
          options={OUTBOX_STATUSES.map((status) => ({ value: status, label: t(`statuses.${status}`) }))}
        />
      </ListFilters>
      <DataTable
        columns={columns}
        rows={list.items}
        rowKey={(item) => item.id}
        empty={t("empty")}
        testId="outbox"
        listing={{ base: "/admin/outbox", params, sort: query.sort, paging: list }}
      />
    </div>
  );
}
