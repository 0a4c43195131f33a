import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/layout/NotFoundMessage";
import { ReviewForm } from "@/components/reviews/ReviewForm";
import { requireUser } from "@/lib/auth/guards";
import { getProductDetail } from "@/lib/catalog";
import { productSlugSchema } from "@/lib/catalog/schemas";
import { getDb } from "@/lib/db";
import { currentLocale } from "@/lib/i18n/server";
import { MAX_REVIEW_PHOTOS } from "@/lib/reviews/schemas";
import { hasReviewed, isVerifiedBuyer } from "@/lib/reviews/service";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reviews");
  return { title: t("write"), robots: { index: false } };
}

/** A signed-in buyer's review of a product they received (the order page links here). */
export default async function WriteReviewPage({ params }: Props) {
  const slug = productSlugSchema.safeParse((await params).slug);
  if (!slug.success) notFound();
  const user = await requireUser(`/products/${slug.data}/review`);
  const [locale, t] = await Promise.all([currentLocale(), getTranslations("reviews")]);
  const product = await getProductDetail(slug.data, locale);
  if (!product) notFound();
  const back = { href: `/products/${product.slug}`, label: t("back") };
  if (!(await isVerifiedBuyer(getDb(), user.id, product.id))) {
    return (
      <MessagePage
        title={t("form.title", { name: product.name })}
        text={t("form.notAllowed")}
        action={back}
      />
    );
  }
  if (await hasReviewed(getDb(), user.id, product.id)) {
    return (
      <MessagePage title={t("form.title", { name: product.name })} text={t("form.already")} action={back} />
    );
  }
  return (
    <div className="mx-auto flex max-w-xl flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("form.title", { name: product.name })}</h1>
      <p className="text-sm text-stone-600">{t("form.intro")}</p>
      <ReviewForm slug={product.slug} maxPhotos={MAX_REVIEW_PHOTOS} />
      <Link href={back.href} className="text-sm text-brand-700 underline">
        {back.label}
      </Link>
    </div>
  );
}
