import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
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
    <div className="flex flex-col gap-4">
      <Link href="/admin/products" className="text-sm underline">
        ← {t("back")}
      </Link>
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">{product.name[locale]}</h1>
        {product.active && (
          <Link href={`/products/${product.slug}`} className="text-sm underline">
            {t("view")}
          </Link>
        )}
      </div>
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <section className={section} aria-labelledby="details-heading">
          <h2 id="details-heading" className="font-semibold">
            {t("details")}
          </h2>
          <ProductForm
            constraints={constraintsOf(productEditForm)}
            product={product}
            categories={options.categories}
            brands={options.brands}
            taxClasses={TAX_CLASSES}
            currency={currency}
          />
        </section>
        <section className={`${section} self-start`} aria-labelledby="activation-heading">
          <h2 id="activation-heading" className="font-semibold">
            {activation("title")}
          </h2>
          <ProductActivation id={product.id} active={product.active} />
        </section>
      </div>
      <section className={section} aria-labelledby="variants-heading">
        <h2 id="variants-heading" className="font-semibold">
          {variants("title")}
        </h2>
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
      </section>
      <section className={section} aria-labelledby="images-heading">
        <h2 id="images-heading" className="font-semibold">
          {images("title")}
        </h2>
        <ImageGallery productId={product.id} images={gallery} />
      </section>
    </div>
  );
}
