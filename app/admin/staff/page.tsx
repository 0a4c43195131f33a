import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { dateTimeFormat } from "@/components/admin/format";
import { RevokeStaffButton, StaffForm } from "@/components/admin/StaffForms";
import { getDb } from "@/db/client";
import { listStaff } from "@/lib/admin/staff";
import { requireAdmin } from "@/lib/auth/guards";
import { currentLocale } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.staff");
  return { title: t("title"), robots: { index: false, follow: false } };
}

/** Administrators only: who can open /admin, with a form to add staff or change a role. */
export default async function AdminStaffPage() {
  const me = await requireAdmin("/admin/staff");
  const [t, locale, staff] = await Promise.all([
    getTranslations("admin.staff"),
    currentLocale(),
    listStaff(getDb()),
  ]);
  const date = dateTimeFormat(locale);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-stone-600">{t("intro")}</p>
      <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="staff-table">
          <thead className="border-b border-stone-200 bg-stone-50 text-stone-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                {t("columns.name")}
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                {t("columns.email")}
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                {t("columns.role")}
              </th>
              <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
                {t("columns.createdAt")}
              </th>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">{t("revoke")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => (
              <tr key={member.id} className="border-b border-stone-100 last:border-0 align-top">
                <td className="px-3 py-2 font-medium">
                  {member.name}
                  {member.id === me.id && <span className="ml-1 text-xs text-stone-500">({t("you")})</span>}
                </td>
                <td className="px-3 py-2 break-all">{member.email}</td>
                <td className="px-3 py-2">{t(`roles.${member.role as "staff" | "admin"}`)}</td>
                <td className="hidden px-3 py-2 whitespace-nowrap text-stone-600 sm:table-cell">
                  {date.format(new Date(member.createdAt))}
                </td>
                <td className="px-3 py-2 text-right">
                  {member.id !== me.id && <RevokeStaffButton id={member.id} label={t("revoke")} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-stone-500">{t("revokeHint")}</p>
      <section className="rounded-lg border border-stone-200 bg-white p-4 sm:max-w-2xl">
        <h2 className="mb-3 font-semibold">{t("form")}</h2>
        <StaffForm />
      </section>
    </div>
  );
}
