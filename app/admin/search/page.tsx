import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { EmptyState } from "@/components/admin/DataTable";
import { SynonymForm } from "@/components/admin/search/SynonymForm";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { listSynonyms } from "@/lib/search/synonyms";

export const generateMetadata = staffPageMetadata("adminSearch");

/** Search synonyms: groups of words a search treats as one, in the suggestions and on the results page. */
export default async function AdminSearchPage() {
  await requireStaff("/admin/search");
  const [t, groups] = await Promise.all([getTranslations("adminSearch"), listSynonyms(getDb())]);
  return (
    <AdminPage title={t("title")}>
      <p className="mb-4 max-w-2xl text-sm text-stone-600">{t("intro")}</p>
      <div className="mb-6 rounded-lg border border-stone-200 bg-white p-3">
        <SynonymForm />
      </div>
      {groups.length === 0 ? (
        <EmptyState>{t("empty")}</EmptyState>
      ) : (
        <ul className="flex flex-col gap-2" data-testid="synonym-list">
          {groups.map((group) => (
            <li key={group.id} className="rounded-lg border border-stone-200 bg-white p-3">
              <SynonymForm group={group} />
            </li>
          ))}
        </ul>
      )}
    </AdminPage>
  );
}
