import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { retryOutboxAction } from "@/app/actions/admin-outbox";
import { AdminPagination } from "@/components/admin/AdminPagination";
import { dateTimeFormat, pageHref } from "@/components/admin/format";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { getDb } from "@/db/client";
import { listOutbox, OUTBOX_STATUSES, outboxListQuerySchema } from "@/lib/admin/outbox";
import { requireStaff } from "@/lib/auth/guards";
import { currentLocale } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.outbox");
  return { title: t("title"), robots: { index: false, follow: false } };
}

type Search = Record<string, string | string[] | undefined>;

/** A person's URL is never refused: an invalid status or page is dropped. */
function lenient(search: Search) {
  const input: Record<string, string> = {};
  for (const key of ["status", "page"]) {
    const value = search[key];
    if (typeof value === "string" && value !== "") input[key] = value;
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const parsed = outboxListQuerySchema.safeParse(input);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) delete input[String(issue.path[0])];
  }
  return outboxListQuerySchema.parse({});
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
export default async function OutboxPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireStaff("/admin/outbox");
  const search = await searchParams;
  const query = lenient(search);
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
  const params = { status: query.status };
  const here = pageHref("/admin/outbox", params, query.page);
  const confirming = confirmId ? list.items.find((item) => String(item.id) === confirmId) : undefined;
  const withConfirm = (id: number) => `${here}${here.includes("?") ? "&" : "?"}confirm=${id}`;
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
            <form action={retryOutboxAction}>
              <input type="hidden" name="id" value={confirming.id} />
              <input type="hidden" name="back" value={here} />
              <button
                type="submit"
                className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white"
              >
                {t("confirm")}
              </button>
            </form>
            <Link href={here} className="rounded-md border border-stone-300 bg-white px-4 py-2 text-sm">
              {t("cancel")}
            </Link>
          </div>
        </section>
      )}
      <form
        method="get"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 bg-white p-3"
      >
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium text-stone-700">{t("statusFilter")}</span>
          <select
            name="status"
            defaultValue={query.status ?? ""}
            className="rounded-md border border-stone-300 bg-white px-3 py-2"
          >
            <option value="">{common("all")}</option>
            {OUTBOX_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`statuses.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white">
          {common("apply")}
        </button>
      </form>

      {list.items.length === 0 ? (
        <p
          className="rounded-lg border border-stone-200 bg-white p-5 text-stone-600"
          data-testid="outbox-empty"
        >
          {t("empty")}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="outbox-table">
            <thead className="border-b border-stone-200 bg-stone-50 text-stone-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.eventKey")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.topic")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.status")}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {t("columns.attempts")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                  {t("columns.nextAttemptAt")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.lastError")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.actions")}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((item) => (
                <tr key={item.id} className="border-b border-stone-100 last:border-0 hover:bg-stone-50">
                  <td className="px-3 py-2 font-mono text-xs break-all">{item.eventKey}</td>
                  <td className="px-3 py-2">{item.topic}</td>
                  <td className="px-3 py-2">
                    <StatusBadge
                      status={STYLES[item.status] ?? item.status}
                      label={t(`statuses.${item.status}`)}
                    />
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{item.attempts}</td>
                  <td className="px-3 py-2 whitespace-nowrap text-stone-600">
                    {item.status === "sent" ? (
                      common("none")
                    ) : (
                      <time dateTime={item.nextAttemptAt}>{date.format(new Date(item.nextAttemptAt))}</time>
                    )}
                  </td>
                  <td className="max-w-xs px-3 py-2 text-xs break-words text-red-800">
                    {item.lastError ?? ""}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {item.status === "failed" && (
                      <Link href={withConfirm(item.id)} className="text-brand-700 underline">
                        {t("retry")}
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AdminPagination
        base="/admin/outbox"
        page={list.page}
        limit={list.limit}
        total={list.total}
        params={params}
      />
    </div>
  );
}
