import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AdminPage, PageSection } from "@/components/admin/AdminPage";
import { ImageGallery } from "@/components/admin/catalog/ImageGallery";
import { ProductActivation } from "@/components/admin/catalog/ProductActivation";
import { ProductForm } from "@/components/admin/catalog/ProductForm";
import { VariantForm } from "@/components/admin/catalog/VariantForm";
import { TAX_CLASSES } from "@/db/schema";
import { requireStaff } from "@/lib/auth/guards";
import { listProductImages } from "@/lib/catalog/images";
import { catalogOptions } from "@/lib/catalog/options";
import { getAdminProduct } from "@/lib/catalog/products";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { idSchema } from "@/lib/fields";
import { productEditForm, variantAddForm, variantEditForm } from "@/lib/forms/catalog";
import { constraintsOf } from "@/lib/forms/parse";
import { currentLocale } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";

type Params = Promise<{ id: string }>;

const productOf = async (id: string) => {
  const parsed = idSchema.safeParse(id);
  return parsed.success ? getAdminProduct(getDb(), parsed.data) : null;
};

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [t, locale, product] = await Promise.all([
    getTranslations("adminCatalog.form"),
    currentLocale(),
    productOf((await params).id),
  ]);
  return {
    title: product ? t("editTitle", { name: product.name[locale] }) : undefined,
    robots: { index: false, follow: false },
  };
}

const section = "flex flex-col gap-3 rounded-lg border border-stone-200 bg-white p-4";

/** One product: its fields, visibility, variants (stock on the inventory page) and images. */
export default async function AdminProductPage({ params }: { params: Params }) {
  const { id } = await params;
  await requireStaff(`/admin/products/${encodeURIComponent(id)}`);
  const product = await productOf(id);
  if (!product) notFound();
  const locale = await currentLocale();
  const [t, variants, images, options, gallery] = await Promise.all([
    getTranslations("adminCatalog.form"),
    getTranslations("adminCatalog.variants"),
    getTranslations("adminCatalog.images"),
    catalogOptions(getDb(), locale),
    listProductImages(getDb(), product.id),
  ]);
  const activation = await getTranslations("adminCatalog.activation");
  const currency = env().STORE_CURRENCY;
  return (
    <AdminPage
      title={product.name[locale]}
      back={{ href: "/admin/products", label: t("back") }}
      actions={
        product.active && (
          <Link href={`/products/${product.slug}`} className="text-sm underline">
            {t("view")}
          </Link>
        )
      }
    >
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <PageSection id="details-heading" title={t("details")} className={section}>
          <ProductForm
            constraints={constraintsOf(productEditForm)}
            product={product}
            categories={options.categories}
            brands={options.brands}
            taxClasses={TAX_CLASSES}
            currency={currency}
          />
        </PageSection>
        <PageSection id="activation-heading" title={activation("title")} className={`${section} self-start`}>
          <ProductActivation id={product.id} active={product.active} />
        </PageSection>
      </div>
      <PageSection id="variants-heading" title={variants("title")} className={section}>
        <ul className="flex flex-col gap-3">
          {product.variants.map((variant) => (
            <li key={variant.id}>
              {/* Many variants (a size run) fold away to one line each. */}
              <details open={product.variants.length <= 3} className="rounded-md border border-stone-200 p-3">
                <summary className="cursor-pointer text-sm">
                  <span className="font-mono font-semibold">{variant.sku}</span> · {variant.name[locale]} ·{" "}
                  {formatMoney(variant.price, currency, locale)}
                  {!variant.active && (
                    <span className="ml-2 rounded bg-stone-200 px-1.5 text-xs">{variants("inactive")}</span>
                  )}
                </summary>
                <div className="mt-3">
                  <VariantForm
                    productId={product.id}
                    variant={variant}
                    currency={currency}
                    constraints={constraintsOf(variantEditForm)}
                  />
                </div>
              </details>
            </li>
          ))}
        </ul>
        <details className="rounded-md border border-dashed border-stone-300 p-3">
          <summary className="cursor-pointer font-medium">{variants("add")}</summary>
          <div className="mt-3">
            <VariantForm
              productId={product.id}
              currency={currency}
              constraints={constraintsOf(variantAddForm)}
            />
          </div>
        </details>
      </PageSection>
      <PageSection id="images-heading" title={images("title")} className={section}>
        <ImageGallery productId={product.id} images={gallery} />
      </PageSection>
    </AdminPage>
  );
}
