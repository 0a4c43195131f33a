import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** On the buyer's order page: a "Review" link for each received product not reviewed yet. */
export async function OrderReviewLinks({ products }: { products: { slug: string; name: string }[] }) {
  if (products.length === 0) return null;
  const t = await getTranslations("reviews");
  return (
    <section className="rounded-lg border border-stone-200 bg-white p-4" data-testid="order-reviews">
      <h2 className="mb-2 font-semibold">{t("heading")}</h2>
      <ul className="flex flex-col gap-2 text-sm">
        {products.map((product) => (
          <li key={product.slug} className="flex items-center justify-between gap-4">
            <span>{product.name}</span>
            <Link href={`/products/${product.slug}/review`} className="text-brand-700 underline">
              {t("write")}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
