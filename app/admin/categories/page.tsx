import { getTranslations } from "next-intl/server";
import { AdminPage, NewItem } from "@/components/admin/AdminPage";
import { CategoryForm } from "@/components/admin/catalog/CategoryForm";
import { EmptyState } from "@/components/admin/DataTable";
import { requireStaff } from "@/lib/auth/guards";
import { listCategories } from "@/lib/catalog/categories";
import { getDb } from "@/lib/db";
import { categoryForm } from "@/lib/forms/catalog";
import { constraintsOf } from "@/lib/forms/parse";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";

const constraints = constraintsOf(categoryForm);

export const generateMetadata = staffPageMetadata("adminCatalog.categories");

/** The category tree: each category under its parent, editable in place; a form for a new one. */
export default async function AdminCategoriesPage() {
  await requireStaff("/admin/categories");
  const [t, locale, categories] = await Promise.all([
    getTranslations("adminCatalog.categories"),
    currentLocale(),
    listCategories(getDb()),
  ]);
  const parents = categories.map((c) => ({
    value: String(c.id),
    label: `${"— ".repeat(c.depth)}${c.name[locale]}`,
  }));
  return (
    <AdminPage title={t("title")}>
      <NewItem label={t("new")} open={categories.length === 0}>
        <CategoryForm parents={parents} constraints={constraints} />
      </NewItem>
      {categories.length === 0 ? (
        <EmptyState>{t("empty")}</EmptyState>
      ) : (
        <ul className="flex flex-col gap-2" data-testid="category-tree">
          {categories.map((category) => (
            <li
              key={category.id}
              className="rounded-lg border border-stone-200 bg-white p-3"
              style={{ marginInlineStart: `${Math.min(category.depth, 6) * 1.5}rem` }}
            >
              <p className="mb-2 text-sm">
                <span className="font-semibold">{category.name[locale]}</span>{" "}
                <span className="text-stone-500">
                  · {t("counts", { products: category.productCount, children: category.childCount })}
                </span>
              </p>
              <CategoryForm category={category} parents={parents} constraints={constraints} />
            </li>
          ))}
        </ul>
      )}
    </AdminPage>
  );
}
