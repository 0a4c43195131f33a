import { getTranslations } from "next-intl/server";
import { revokeTokenAction } from "@/app/actions/admin";
import { AdminPage } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { dateTimeFormat } from "@/components/admin/format";
import { TokenForm } from "@/components/admin/TokenForm";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import { type AdminTokenInfo, listAdminTokens } from "@/lib/admin/tokens";
import { requireAdmin } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { tokenForm } from "@/lib/forms/admin";
import { constraintsOf } from "@/lib/forms/parse";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";

export const generateMetadata = staffPageMetadata("admin.tokens");

/** Administrators only: admin API tokens (made here or with `npm run admin:token`), revocable at once. */
export default async function AdminTokensPage() {
  await requireAdmin("/admin/tokens");
  const [t, common, locale, tokens] = await Promise.all([
    getTranslations("admin.tokens"),
    getTranslations("admin.common"),
    currentLocale(),
    listAdminTokens(getDb()),
  ]);
  const date = dateTimeFormat(locale);
  const when = (iso: string | null) => (iso ? date.format(new Date(iso)) : common("never"));
  const dates = ["createdAt", "lastUsedAt", "expiresAt"] as const;
  const columns: Column<AdminTokenInfo>[] = [
    { key: "name", header: t("columns.name"), className: "font-medium", cell: (token) => token.name },
    {
      key: "prefix",
      header: t("columns.prefix"),
      className: "font-mono text-xs",
      cell: (token) => `${token.prefix}…`,
    },
    { key: "createdBy", header: t("columns.createdBy"), cell: (token) => token.createdBy ?? common("none") },
    ...dates.map(
      (key): Column<AdminTokenInfo> => ({
        key,
        header: t(`columns.${key}`),
        className: "whitespace-nowrap",
        cell: (token) => when(token[key]),
      }),
    ),
    { key: "status", header: t("columns.status"), cell: (token) => t(`states.${token.status}`) },
    {
      key: "revoke",
      header: <span className="sr-only">{t("revoke")}</span>,
      align: "right",
      cell: (token) =>
        token.status === "active" && (
          <Form action={revokeTokenAction} hidden={{ id: token.id }}>
            <SubmitButton look="smallDanger" aria-label={`${t("revoke")} ${token.name}`}>
              {t("revoke")}
            </SubmitButton>
          </Form>
        ),
    },
  ];
  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      <section className="rounded-lg border border-stone-200 bg-white p-4">
        <TokenForm constraints={constraintsOf(tokenForm)} />
      </section>
      <DataTable columns={columns} rows={tokens} rowKey="id" empty={t("empty")} testId="tokens" />
    </AdminPage>
  );
}
