import type { Executor } from "@/db/client";
import { listBrands } from "@/lib/catalog/brands";
import { listCategories } from "@/lib/catalog/categories";
import type { Locale } from "@/lib/i18n/locale";

/** The category (indented by depth, with its plain name) and brand choices of the product pages, by slug. */
export async function catalogOptions(db: Executor, locale: Locale) {
  const [categories, brands] = await Promise.all([listCategories(db), listBrands(db)]);
  return {
    categories: categories.map((c) => ({
      value: c.slug,
      label: `${"— ".repeat(c.depth)}${c.name[locale]}`,
      name: c.name[locale],
    })),
    brands: brands.map((b) => ({ value: b.slug, label: b.name })),
  };
}
