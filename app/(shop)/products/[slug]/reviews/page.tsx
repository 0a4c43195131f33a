import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ReviewsSection } from "@/components/reviews/ProductReviews";
import { getProductDetail } from "@/lib/catalog";
import { productSlugSchema } from "@/lib/catalog/schemas";
import { getDb } from "@/lib/db";
import { currentLocale } from "@/lib/i18n/server";
import { reviewListQuerySchema } from "@/lib/reviews/schemas";
import { productReviews } from "@/lib/reviews/service";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[]>> };

async function load(props: Props) {
  const slug = productSlugSchema.safeParse((await props.params).slug);
  if (!slug.success) notFound();
  const product = await getProductDetail(slug.data, await currentLocale());
  if (!product) notFound();
  return product;
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const [product, t] = await Promise.all([load(props), getTranslations("reviews")]);
  return {
    title: t("pageTitle", { name: product.name }),
    alternates: { canonical: `/products/${product.slug}` },
    robots: { index: false },
  };
}

/** Every approved review of a product, sorted and paged (the product page shows the newest first page). */
export default async function ProductReviewsPage(props: Props) {
  const [product, locale, t, searchParams] = await Promise.all([
    load(props),
    currentLocale(),
    getTranslations("reviews"),
    props.searchParams,
  ]);
  const parsed = reviewListQuerySchema.safeParse({
    sort: typeof searchParams.sort === "string" ? searchParams.sort : undefined,
    page: typeof searchParams.page === "string" ? searchParams.page : undefined,
  });
  const query = parsed.success ? parsed.data : { sort: "newest" as const, page: 1 };
  const reviews = await productReviews(getDb(), product.slug, query);
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("pageTitle", { name: product.name })}</h1>
      <Link href={`/products/${product.slug}`} className="text-sm text-brand-700 underline">
        {t("back")}
      </Link>
      <ReviewsSection slug={product.slug} reviews={reviews} sort={query.sort} locale={locale} />
    </div>
  );
}
