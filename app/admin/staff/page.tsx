import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { dateTimeFormat } from "@/components/admin/format";
import { RevokeStaffButton, StaffForm } from "@/components/admin/StaffForms";
import { listStaff, type StaffMember } from "@/lib/admin/staff";
import { requireAdmin } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { staffForm } from "@/lib/forms/admin";
import { constraintsOf } from "@/lib/forms/parse";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";

export const generateMetadata = staffPageMetadata("admin.staff");

/** Administrators only: who can open /admin, with a form to add staff or change a role. */
export default async function AdminStaffPage() {
  const me = await requireAdmin("/admin/staff");
  const [t, locale, staff] = await Promise.all([
    getTranslations("admin.staff"),
    currentLocale(),
    listStaff(getDb()),
  ]);
  const date = dateTimeFormat(locale);
  const columns: Column<StaffMember>[] = [
    {
      key: "name",
      header: t("columns.name"),
      className: "font-medium",
      cell: (member) => (
        <>
          {member.name}
          {member.id === me.id && <span className="ml-1 text-xs text-stone-500">({t("you")})</span>}
        </>
      ),
    },
    { key: "email", header: t("columns.email"), className: "break-all", cell: (member) => member.email },
    {
      key: "role",
      header: t("columns.role"),
      cell: (member) => t(`roles.${member.role as "staff" | "admin"}`),
    },
    {
      key: "createdAt",
      header: t("columns.createdAt"),
      secondary: true,
      className: "whitespace-nowrap text-stone-600",
      cell: (member) => date.format(new Date(member.createdAt)),
    },
    {
      key: "revoke",
      header: <span className="sr-only">{t("revoke")}</span>,
      align: "right",
      cell: (member) => member.id !== me.id && <RevokeStaffButton id={member.id} label={t("revoke")} />,
    },
  ];
  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      <DataTable columns={columns} rows={staff} rowKey="id" empty={t("empty")} testId="staff" />
      <p className="text-xs text-stone-500">{t("revokeHint")}</p>
      <section className="rounded-lg border border-stone-200 bg-white p-4 sm:max-w-2xl">
        <h2 className="mb-3 font-semibold">{t("form")}</h2>
        <StaffForm constraints={constraintsOf(staffForm)} />
      </section>
    </AdminPage>
  );
}
