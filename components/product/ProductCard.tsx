import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CompareToggle } from "@/components/compare/CompareToggle";
import { WishlistHeart } from "@/components/wishlist/WishlistHeart";
import type { ProductCard as Card } from "@/lib/catalog/queries";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/locale";
import { formatMoney } from "@/lib/money";

export async function ProductCard({
  product,
  locale,
  priority,
  headingLevel = 3,
}: {
  product: Card;
  locale: Locale;
  priority?: boolean;
  /** 2 where the card follows the page's h1 directly (the listing), 3 under a section's h2. */
  headingLevel?: 2 | 3;
}) {
  const t = await getTranslations("product");
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li
      data-testid="product-card"
      className="group relative flex flex-col overflow-hidden rounded-lg border border-stone-200 bg-white"
    >
      <div className="relative aspect-square bg-stone-100">
        {product.image && (
          // biome-ignore lint/performance/noImgElement: local SVG illustrations need no optimisation
          <img
            src={product.image}
            alt=""
            width={600}
            height={600}
            loading={priority ? "eager" : "lazy"}
            fetchPriority={priority ? "high" : "auto"}
            className="h-full w-full object-cover transition group-hover:scale-[1.02]"
          />
        )}
        {!product.inStock && (
          <span className="absolute left-2 top-2 rounded bg-stone-900/85 px-2 py-0.5 text-xs font-semibold text-white">
            {t("soldOut")}
          </span>
        )}
        {/* Above the card's link, which covers the whole card. */}
        <WishlistHeart sku={product.sku} className="absolute right-2 top-2 z-10" />
      </div>
      <div className="flex flex-1 flex-col gap-1 p-3">
        {product.brand && <p className="text-xs uppercase tracking-wide text-stone-500">{product.brand}</p>}
        <Heading className="text-sm font-medium text-stone-900">
          <Link href={`/products/${product.slug}`} className="after:absolute after:inset-0">
            {product.name}
          </Link>
        </Heading>
        <p className="mt-auto pt-1 text-sm font-semibold text-stone-900" data-price={product.priceFrom}>
          {t("priceFrom", { price: formatMoney(product.priceFrom, env().STORE_CURRENCY, locale) })}
        </p>
        {/* Above the card's link, as the heart is. */}
        <CompareToggle slug={product.slug} className="relative z-10 self-start" />
      </div>
    </li>
  );
}

export function ProductGrid({ children }: { children: React.ReactNode }) {
  return <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">{children}</ul>;
}
