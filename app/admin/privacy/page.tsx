import { getTranslations } from "next-intl/server";
import { eraseDataAction } from "@/app/actions/admin-privacy";
import { AdminPage } from "@/components/admin/AdminPage";
import { ConfirmStep } from "@/components/admin/ConfirmStep";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { dateTimeFormat, lenientQuery, type SearchParams } from "@/components/admin/format";
import { ListFilters, SelectField } from "@/components/admin/ListFilters";
import { Frame } from "@/components/forms/Frame";
import { DATA_REQUEST_CHANNELS, DATA_REQUEST_KINDS } from "@/db/schema";
import { requireAdmin } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { type DataRequest, listDataRequests } from "@/lib/privacy/requests";
import { dataRequestListQuerySchema, dataSubjectSchema } from "@/lib/privacy/schemas";

export const generateMetadata = staffPageMetadata("privacy.admin");

/** A valid email from the query string, or null. */
function emailParam(value: unknown): string | null {
  const parsed = dataSubjectSchema.safeParse({ email: value });
  return parsed.success ? parsed.data.email : null;
}

/**
 * Administrators: the KVKK request log, and a request that came by e-mail or letter answered for an
 * email address — "Download data" is a GET of /api/admin/privacy/export (the file), "Erase data…" comes
 * back here with `?step=erase&email=` to show the confirmation, whose button posts the erasure. Plain
 * forms: no JavaScript needed.
 */
export default async function PrivacyRequestsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdmin("/admin/privacy");
  const search = await searchParams;
  const query = lenientQuery(dataRequestListQuerySchema, search, ["kind", "channel", "sort", "page"]);
  const erasing = search.step === "erase" ? emailParam(search.email) : null;
  const erased = emailParam(search.erased);
  const [t, locale, list] = await Promise.all([
    getTranslations("privacy.admin"),
    currentLocale(),
    listDataRequests(getDb(), query),
  ]);
  const date = dateTimeFormat(locale);
  const when = (iso: string | null) => (iso ? <time dateTime={iso}>{date.format(new Date(iso))}</time> : "");
  const columns: Column<DataRequest>[] = [
    {
      key: "requestedAt",
      header: t("columns.requestedAt"),
      sortable: true,
      className: "whitespace-nowrap",
      cell: (row) => when(row.requestedAt),
    },
    { key: "kind", header: t("columns.kind"), sortable: true, cell: (row) => t(`kinds.${row.kind}`) },
    {
      key: "subjectEmail",
      header: t("columns.subjectEmail"),
      sortable: true,
      className: "break-all",
      cell: (row) => row.subjectEmail,
    },
    { key: "channel", header: t("columns.channel"), cell: (row) => t(`channels.${row.channel}`) },
    {
      key: "completedAt",
      header: t("columns.completedAt"),
      secondary: true,
      className: "whitespace-nowrap",
      cell: (row) => when(row.completedAt),
    },
    { key: "actor", header: t("columns.actor"), secondary: true, cell: (row) => row.actor },
  ];
  const kinds = DATA_REQUEST_KINDS.map((kind) => ({ value: kind, label: t(`kinds.${kind}`) }));
  const channels = DATA_REQUEST_CHANNELS.map((channel) => ({
    value: channel,
    label: t(`channels.${channel}`),
  }));
  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      {erased && (
        <p
          role="status"
          className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900"
          data-testid="privacy-result"
        >
          {t("erased", { email: erased })}
        </p>
      )}
      <form
        method="get"
        action="/api/admin/privacy/export"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 bg-white p-4"
        data-testid="privacy-request"
      >
        <Frame id="privacy-email" name="email" label={t("email")} className="min-w-64 flex-1">
          <input
            id="privacy-email"
            name="email"
            type="email"
            required
            maxLength={254}
            defaultValue={erasing ?? ""}
            className="rounded-md border border-stone-300 bg-white px-3 py-2"
          />
        </Frame>
        <button
          type="submit"
          className="min-h-10 rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white"
        >
          {t("export")}
        </button>
        <button
          type="submit"
          formAction="/admin/privacy"
          name="step"
          value="erase"
          className="min-h-10 rounded-md border border-red-700 px-4 py-2 text-sm font-medium text-red-800 hover:bg-red-50"
        >
          {t("erase")}
        </button>
      </form>
      {erasing && (
        <ConfirmStep
          title={t("confirmTitle")}
          text={t("confirmText", { email: erasing })}
          action={eraseDataAction}
          fields={{ email: erasing }}
          confirm={t("confirm")}
          cancel={{ href: "/admin/privacy", label: t("cancel") }}
          testId="privacy-confirm"
        />
      )}
      <ListFilters label={t("kindFilter")} sort={query.sort}>
        <SelectField name="kind" label={t("kindFilter")} value={query.kind} options={kinds} />
        <SelectField name="channel" label={t("channelFilter")} value={query.channel} options={channels} />
      </ListFilters>
      <DataTable
        columns={columns}
        rowKey="id"
        empty={t("empty")}
        testId="privacy-requests"
        listing={{ base: "/admin/privacy", query, page: list }}
      />
    </AdminPage>
  );
}
