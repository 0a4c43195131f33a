import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { ProductForm } from "@/components/admin/catalog/ProductForm";
import { TAX_CLASSES } from "@/db/schema";
import { requireStaff } from "@/lib/auth/guards";
import { catalogOptions } from "@/lib/catalog/options";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { productCreateForm } from "@/lib/forms/catalog";
import { constraintsOf } from "@/lib/forms/parse";
import { currentLocale } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("adminCatalog.products");
  return { title: t("new"), robots: { index: false, follow: false } };
}

/** A new product with its first variant; the product's page then takes variants, images and stock. */
export default async function NewProductPage() {
  await requireStaff("/admin/products/new");
  const locale = await currentLocale();
  const [t, form, options] = await Promise.all([
    getTranslations("adminCatalog.products"),
    getTranslations("adminCatalog.form"),
    catalogOptions(getDb(), locale),
  ]);
  return (
    <AdminPage title={t("new")} back={{ href: "/admin/products", label: form("back") }}>
      <section className="rounded-lg border border-stone-200 bg-white p-4">
        <ProductForm
          constraints={constraintsOf(productCreateForm)}
          categories={options.categories}
          brands={options.brands}
          taxClasses={TAX_CLASSES}
          currency={env().STORE_CURRENCY}
        />
      </section>
    </AdminPage>
  );
}
