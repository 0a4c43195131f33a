import type { ProductDetail } from "@/lib/catalog/queries";
import type { PublicReview, ReviewSummary } from "./service";

/**
 * The product page's schema.org Product, for search engines: the offer's price range and, when the product
 * has approved reviews, their AggregateRating and the Review items shown on the page.
 */

type ProductFacts = Pick<ProductDetail, "slug" | "name" | "description" | "images" | "brand"> & {
  variants: Pick<ProductDetail["variants"][number], "sku" | "price">[];
};

interface Reviews {
  summary: Pick<ReviewSummary, "average" | "count">;
  items: Pick<PublicReview, "rating" | "title" | "body" | "author" | "createdAt">[];
}

/** Kuruş as the decimal amount schema.org expects ("1249.90"). */
const amount = (minor: number) => (minor / 100).toFixed(2);

export function productJsonLd(product: ProductFacts, reviews: Reviews, currency: string, baseUrl: string) {
  const url = new URL(`/products/${product.slug}`, baseUrl).toString();
  const prices = product.variants.map((variant) => variant.price);
  return {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.name,
    description: product.description,
    url,
    image: product.images.map((image) => new URL(image.url, baseUrl).toString()),
    ...(product.variants[0] ? { sku: product.variants[0].sku } : {}),
    ...(product.brand ? { brand: { "@type": "Brand", name: product.brand.name } } : {}),
    ...(prices.length
      ? {
          offers: {
            "@type": "AggregateOffer",
            priceCurrency: currency,
            lowPrice: amount(Math.min(...prices)),
            highPrice: amount(Math.max(...prices)),
            offerCount: prices.length,
            url,
          },
        }
      : {}),
    ...(reviews.summary.count > 0
      ? {
          aggregateRating: {
            "@type": "AggregateRating",
            ratingValue: reviews.summary.average,
            reviewCount: reviews.summary.count,
            bestRating: 5,
            worstRating: 1,
          },
          review: reviews.items.map((item) => ({
            "@type": "Review",
            name: item.title,
            reviewBody: item.body,
            datePublished: item.createdAt.slice(0, 10),
            author: { "@type": "Person", name: item.author },
            reviewRating: { "@type": "Rating", ratingValue: item.rating, bestRating: 5, worstRating: 1 },
          })),
        }
      : {}),
  };
}

/** JSON for a <script> element: `<` escaped so a review's text can never close the element. */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(/</g, "\\u003c");
}
