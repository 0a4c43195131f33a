import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { retryJobAction } from "@/app/actions/admin-jobs";
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
import { JOB_STATES, type JobEntry, jobListQuerySchema, listJobs } from "@/lib/jobs/staff";

export const generateMetadata = staffPageMetadata("admin.jobs");

/**
 * The background job queue, newest first, 50 a page. "Retry" (jobs that gave up) first shows a
 * confirmation (a GET with ?confirm=<id>), whose plain form button posts the server action; no
 * JavaScript is needed.
 */
export default async function JobsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireStaff("/admin/jobs");
  const search = await searchParams;
  const query = lenientQuery(jobListQuerySchema, search, ["state", "sort", "page"]);
  const confirmId =
    typeof search.confirm === "string" && /^\d{1,15}$/.test(search.confirm) ? search.confirm : null;
  const result = typeof search.result === "string" ? search.result : null;
  const [t, locale, list] = await Promise.all([
    getTranslations("admin.jobs"),
    currentLocale(),
    listJobs(getDb(), query),
  ]);
  const date = dateTimeFormat(locale, true);
  const here = pageHref("/admin/jobs", listParams(query), query.page);
  const confirming = confirmId ? list.items.find((item) => String(item.id) === confirmId) : undefined;
  const withConfirm = (id: number) => `${here}${here.includes("?") ? "&" : "?"}confirm=${id}`;
  const columns: Column<JobEntry>[] = [
    { key: "task", header: t("columns.task"), sortable: true, cell: (item) => item.task },
    {
      key: "key",
      header: t("columns.key"),
      className: "font-mono text-xs break-all",
      cell: (item) => item.key ?? "",
    },
    {
      key: "state",
      header: t("columns.state"),
      cell: (item) => <StatusBadge status={item.state} label={t(`states.${item.state}`)} />,
    },
    {
      key: "attempts",
      header: t("columns.attempts"),
      sortable: true,
      align: "right",
      cell: (item) => `${item.attempts} / ${item.maxAttempts}`,
    },
    {
      key: "runAt",
      header: t("columns.runAt"),
      sortable: true,
      secondary: true,
      className: "whitespace-nowrap text-stone-600",
      cell: (item) => <time dateTime={item.runAt}>{date.format(new Date(item.runAt))}</time>,
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
        item.state === "failed" && (
          <Link href={withConfirm(item.id)} className="text-brand-700 underline">
            {t("retry")}
          </Link>
        ),
    },
  ];
  const states = JOB_STATES.map((state) => ({ value: state, label: t(`states.${state}`) }));
  const listing = { base: "/admin/jobs", query, page: list };
  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      {result === "retried" && (
        <p
          role="status"
          className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900"
          data-testid="jobs-result"
        >
          {t("retried")}
        </p>
      )}
      {result === "notRetried" && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900" data-testid="jobs-result">
          {t("notRetried")}
        </p>
      )}
      {confirming && confirming.state === "failed" && (
        <ConfirmStep
          title={t("confirmTitle")}
          text={t("confirmText", { task: confirming.task, key: confirming.key ?? String(confirming.id) })}
          action={retryJobAction}
          fields={{ id: confirming.id, back: here }}
          confirm={t("confirm")}
          cancel={{ href: here, label: t("cancel") }}
          testId="jobs-confirm"
        />
      )}
      <ListFilters label={t("stateFilter")} sort={query.sort}>
        <SelectField name="state" label={t("stateFilter")} value={query.state} options={states} />
      </ListFilters>
      <DataTable columns={columns} rowKey="id" empty={t("empty")} testId="jobs" listing={listing} />
    </AdminPage>
  );
}
