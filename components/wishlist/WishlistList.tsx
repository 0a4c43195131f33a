import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { toggleWishlistAction } from "@/app/actions/wishlist";
import { AddToCart } from "@/components/cart/AddToCart";
import { SubmitButton } from "@/components/forms/SubmitButton";
import { ProductThumb } from "@/components/product/ProductThumb";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/locale";
import { formatMoney } from "@/lib/money";
import type { WishlistItem } from "@/lib/wishlist/service";

/** The wishlist pages' list: each SKU with its image, price (and drop), stock, add-to-cart and remove. */
export async function WishlistList({ items, locale }: { items: WishlistItem[]; locale: Locale }) {
  const t = await getTranslations("wishlist");
  const money = (amount: number) => formatMoney(amount, env().STORE_CURRENCY, locale);
  if (items.length === 0) {
    return (
      <p className="text-stone-600">
        {t("empty")}{" "}
        <Link href="/products" className="text-brand-700 underline">
          {t("browse")}
        </Link>
      </p>
    );
  }
  return (
    <ul
      className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white"
      data-testid="wishlist"
    >
      {items.map((item) => (
        <li key={item.sku} data-testid="wishlist-item" className="flex flex-wrap gap-4 p-4">
          <ProductThumb src={item.image} size="line" />
          <div className="flex min-w-48 flex-1 flex-col gap-1">
            <Link
              href={`/products/${item.slug}?sku=${encodeURIComponent(item.sku)}`}
              className="font-medium text-stone-900 hover:text-brand-700"
            >
              {item.name}
            </Link>
            <p className="text-sm text-stone-600">{item.variant}</p>
            <p className="text-sm">
              <span className="font-semibold" data-price={item.price}>
                {money(item.price)}
              </span>
              {item.priceDropped && (
                <>
                  {" "}
                  <span
                    data-testid="price-dropped"
                    className="rounded bg-brand-50 px-1.5 py-0.5 text-xs font-semibold text-brand-800"
                  >
                    {t("priceDropped")}
                  </span>{" "}
                  <span className="text-xs text-stone-500">
                    {t("priceWas", { price: money(item.priceWhenAdded) })}
                  </span>
                </>
              )}
            </p>
            <p className={`text-sm ${item.inStock ? "text-brand-700" : "text-red-700"}`}>
              {item.inStock ? t("inStock") : t("soldOut")}
            </p>
          </div>
          <div className="flex w-full flex-col gap-2 sm:w-64">
            <AddToCart sku={item.sku} soldOut={!item.inStock} />
            <form action={toggleWishlistAction}>
              <input type="hidden" name="sku" value={item.sku} />
              <input type="hidden" name="intent" value="remove" />
              <SubmitButton look="small" aria-label={`${t("remove")}: ${item.name}`}>
                {t("remove")}
              </SubmitButton>
            </form>
          </div>
        </li>
      ))}
    </ul>
  );
}
