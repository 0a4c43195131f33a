import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
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
    <div className="flex flex-col gap-4">
      <Link href="/admin/products" className="text-sm underline">
        ← {form("back")}
      </Link>
      <h1 className="text-2xl font-semibold">{t("new")}</h1>
      <section className="rounded-lg border border-stone-200 bg-white p-4">
        <ProductForm
          constraints={constraintsOf(productCreateForm)}
          categories={options.categories}
          brands={options.brands}
          taxClasses={TAX_CLASSES}
          currency={env().STORE_CURRENCY}
        />
      </section>
    </div>
  );
}
