import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { dateFormat } from "@/lib/i18n/dates";
import type { Locale } from "@/lib/i18n/locale";
import { jsonLdText } from "@/lib/reviews/json-ld";
import type { ReviewSummary, ProductReviews as Reviews } from "@/lib/reviews/service";
import { HelpfulButton } from "./HelpfulButton";
import { ReviewPhotos } from "./ReviewPhotos";

/** ★★★★☆ for a rating, read out as "4 stars". */
export function Stars({ rating, label }: { rating: number; label: string }) {
  const full = Math.round(rating);
  return (
    <span role="img" aria-label={label} className="text-amber-500">
      {"★".repeat(full)}
      <span className="text-stone-300">{"★".repeat(5 - full)}</span>
    </span>
  );
}

/** Near the product's title: the average and the count, linking to the reviews. */
export async function RatingBadge({ summary, locale }: { summary: ReviewSummary; locale: Locale }) {
  if (summary.count === 0) return null;
  const t = await getTranslations("reviews");
  return (
    <a href="#reviews" className="flex items-center gap-2 text-sm text-stone-700" data-testid="rating-badge">
      <Stars rating={summary.average} label={t("average", { average: summary.average })} />
      <span>{summary.average.toLocaleString(locale)}</span>
      <span className="underline">{t("count", { count: summary.count })}</span>
    </a>
  );
}

export function ProductJsonLd({ data }: { data: unknown }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON-LD with `<` escaped (jsonLdText)
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(data) }} />;
}

/**
 * The reviews of a product: the distribution of the stars, approved reviews with the store's reply and a
 * "helpful" button, sort links and pages. Links go to the reviews page (/products/<slug>/reviews), which
 * the cached product page's first page of newest reviews leads to.
 */
export async function ReviewsSection({
  slug,
  reviews,
  sort,
  locale,
}: {
  slug: string;
  reviews: Reviews;
  sort: "newest" | "helpful";
  locale: Locale;
}) {
  const t = await getTranslations("reviews");
  const { summary, items, page, pages } = reviews;
  const date = dateFormat(locale, { dateStyle: "medium" });
  const link = (to: { sort?: string; page?: number }) =>
    `/products/${slug}/reviews?sort=${to.sort ?? sort}&page=${to.page ?? 1}`;
  return (
    <section
      id="reviews"
      aria-labelledby="reviews-heading"
      className="flex flex-col gap-4"
      data-testid="reviews"
    >
      <h2 id="reviews-heading" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      {summary.count === 0 ? (
        <p className="text-sm text-stone-600">{t("empty")}</p>
      ) : (
        <>
          <div className="flex flex-wrap items-start gap-6">
            <div>
              <p className="text-3xl font-semibold">{summary.average.toLocaleString(locale)}</p>
              <Stars rating={summary.average} label={t("average", { average: summary.average })} />
              <p className="text-sm text-stone-600">{t("count", { count: summary.count })}</p>
            </div>
            <dl aria-label={t("distribution")} className="grid min-w-48 flex-1 gap-1 text-sm">
              {(["5", "4", "3", "2", "1"] as const).map((star) => (
                <div key={star} className="flex items-center gap-2">
                  <dt className="w-16 text-stone-600">{t("stars", { rating: star })}</dt>
                  <dd className="flex flex-1 items-center gap-2">
                    <span className="h-2 flex-1 overflow-hidden rounded bg-stone-200">
                      <span
                        className="block h-full bg-amber-500"
                        style={{ width: `${(summary.distribution[star] / summary.count) * 100}%` }}
                      />
                    </span>
                    <span className="w-6 text-right">{summary.distribution[star]}</span>
                  </dd>
                </div>
              ))}
            </dl>
          </div>
          <nav aria-label={t("sortLabel")} className="flex gap-3 text-sm">
            {(["newest", "helpful"] as const).map((option) => (
              <Link
                key={option}
                href={link({ sort: option })}
                aria-current={option === sort ? "page" : undefined}
                className={option === sort ? "font-semibold" : "text-brand-700 underline"}
              >
                {t(`sort.${option}`)}
              </Link>
            ))}
          </nav>
          <ul className="flex flex-col divide-y divide-stone-200">
            {items.map((item) => (
              <li key={item.id} className="flex flex-col gap-1 py-3" data-testid="review">
                <Stars rating={item.rating} label={t("stars", { rating: item.rating })} />
                <p className="font-semibold">{item.title}</p>
                <p className="text-sm text-stone-600">
                  {item.author} · {t("verified")} · {date.format(new Date(item.createdAt))}
                </p>
                <p className="leading-relaxed whitespace-pre-line text-stone-700">{item.body}</p>
                <ReviewPhotos photos={item.photos} author={item.author} />
                {item.reply && (
                  <div className="mt-1 rounded bg-stone-100 p-2 text-sm">
                    <p className="font-semibold">{t("reply")}</p>
                    <p className="whitespace-pre-line">{item.reply}</p>
                  </div>
                )}
                <div>
                  <HelpfulButton id={item.id} count={item.helpful} label={t("helpful")} />
                </div>
              </li>
            ))}
          </ul>
          {pages > 1 && (
            <nav aria-label={t("page", { page, pages })} className="flex items-center gap-4 text-sm">
              {page > 1 && (
                <Link href={link({ page: page - 1 })} className="text-brand-700 underline">
                  {t("previous")}
                </Link>
              )}
              <span>{t("page", { page, pages })}</span>
              {page < pages && (
                <Link href={link({ page: page + 1 })} className="text-brand-700 underline">
                  {t("next")}
                </Link>
              )}
            </nav>
          )}
        </>
      )}
    </section>
  );
}
