import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { cartItemCount } from "@/lib/cart/service";
import { readCartId } from "@/lib/cart/session";

/** The header's cart link with the number of units in the cart. */
export async function MiniCart() {
  const [t, count] = await Promise.all([
    getTranslations("cart"),
    readCartId().then((id) => cartItemCount(getDb(), id)),
  ]);
  return (
    <Link
      href="/cart"
      className="relative rounded-md px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-100"
      aria-label={t("miniCartLabel", { count })}
    >
      {t("title")}
      <span
        data-testid="mini-cart-count"
        className="ml-1.5 inline-flex min-w-6 items-center justify-center rounded-full bg-brand-700 px-1.5 text-xs font-semibold text-white"
      >
        {count}
      </span>
    </Link>
  );
}
