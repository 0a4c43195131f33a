import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPagination } from "@/components/admin/AdminPagination";
import { dateTimeFormat } from "@/components/admin/format";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { getDb } from "@/db/client";
import { listWebhookEvents, WEBHOOK_STATUSES, webhookListQuerySchema } from "@/lib/admin/webhooks";
import { requireStaff } from "@/lib/auth/guards";
import { currentLocale } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.webhooks");
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
    const parsed = webhookListQuerySchema.safeParse(input);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) delete input[String(issue.path[0])];
  }
  return webhookListQuerySchema.parse({});
}

const STYLES: Record<string, string> = {
  received: "pending_payment",
  applied: "delivered",
  ignored: "cancelled",
  failed: "payment_failed",
};

/** The webhook event log: every provider event received, newest first, 50 a page. */
export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireStaff("/admin/webhooks");
  const query = lenient(await searchParams);
  const [t, common, locale, result] = await Promise.all([
    getTranslations("admin.webhooks"),
    getTranslations("admin.common"),
    currentLocale(),
    listWebhookEvents(getDb(), query),
  ]);
  const date = dateTimeFormat(locale, true);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-stone-600">{t("intro")}</p>
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
            {WEBHOOK_STATUSES.map((status) => (
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

      {result.items.length === 0 ? (
        <p
          className="rounded-lg border border-stone-200 bg-white p-5 text-stone-600"
          data-testid="webhooks-empty"
        >
          {t("empty")}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="webhooks-table">
            <thead className="border-b border-stone-200 bg-stone-50 text-stone-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.id")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.type")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.status")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("columns.error")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                  {t("columns.receivedAt")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                  {t("columns.processedAt")}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((event) => (
                <tr key={event.id} className="border-b border-stone-100 last:border-0 hover:bg-stone-50">
                  <td className="px-3 py-2 font-mono text-xs break-all">
                    <Link
                      href={`/admin/webhooks/${encodeURIComponent(event.id)}`}
                      className="text-brand-700 underline"
                    >
                      {event.id}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{event.type}</td>
                  <td className="px-3 py-2">
                    <StatusBadge
                      status={STYLES[event.status] ?? event.status}
                      label={t(`statuses.${event.status}`)}
                    />
                  </td>
                  <td className="max-w-xs px-3 py-2 text-xs break-words text-red-800">{event.error ?? ""}</td>
                  <td className="px-3 py-2 whitespace-nowrap text-stone-600">
                    <time dateTime={event.receivedAt}>{date.format(new Date(event.receivedAt))}</time>
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap text-stone-600">
                    {event.processedAt ? (
                      <time dateTime={event.processedAt}>{date.format(new Date(event.processedAt))}</time>
                    ) : (
                      common("none")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AdminPagination
        base="/admin/webhooks"
        page={result.page}
        limit={result.limit}
        total={result.total}
        params={{ status: query.status }}
      />
    </div>
  );
}
