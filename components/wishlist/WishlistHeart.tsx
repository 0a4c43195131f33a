"use client";

import { useTranslations } from "next-intl";
import { toggleWishlistAction } from "@/app/actions/wishlist";
import { useMutationAfterPaint } from "@/components/data/after-paint";
import { fetchJson } from "@/components/data/fetch";
import { useWishlist, type WishlistAnswer, wishlistKeys } from "./queries";

/**
 * The heart of a SKU on cards and the product page. Its state is the visitor's list, read after paint
 * (until then, and without JavaScript, it offers "add"). Without JavaScript the form posts to the server
 * action and the shopper lands on the list; with it, the API is called and the heart turns at once.
 */
export function WishlistHeart({ sku, className = "" }: { sku: string; className?: string }) {
  const t = useTranslations("wishlist");
  const list = useWishlist();
  const toggle = useMutationAfterPaint((client) => ({
    mutationFn: (add: boolean) =>
      add
        ? fetchJson<WishlistAnswer>("/api/wishlist/items", { method: "POST", body: { sku } })
        : fetchJson<WishlistAnswer>(`/api/wishlist/items/${encodeURIComponent(sku)}`, { method: "DELETE" }),
    onSuccess: (answer: WishlistAnswer) => client.setQueryData(wishlistKeys.items, answer),
    onSettled: () => client.invalidateQueries({ queryKey: wishlistKeys.items }),
  }));
  const saved = list.data?.items.some((item) => item.sku === sku) ?? false;
  // The shopper's click shows at once; the list's answer confirms it.
  const pressed = toggle.isPending ? !saved : saved;
  return (
    <form
      action={toggleWishlistAction}
      onSubmit={(event) => {
        // Before the list is in, a click adds (adding twice changes nothing) and the answer shows the list.
        event.preventDefault();
        if (!toggle.isPending) toggle.mutate(!saved);
      }}
      className={className}
    >
      <input type="hidden" name="sku" value={sku} />
      <input type="hidden" name="intent" value={saved ? "remove" : "add"} />
      <button
        type="submit"
        aria-pressed={pressed}
        aria-label={pressed ? t("remove") : t("add")}
        title={pressed ? t("remove") : t("add")}
        data-testid="wishlist-heart"
        className="flex h-10 w-10 items-center justify-center rounded-full border border-stone-200 bg-white/90 text-accent-600 shadow-sm hover:bg-white"
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" className="h-5 w-5">
          <path
            d="M12 21s-7.5-4.6-9.5-9.2C1.1 8.6 3.1 5 6.6 5c2 0 3.4 1.1 4.4 2.5C12 6.1 13.4 5 15.4 5c3.5 0 5.5 3.6 4.1 6.8C19.5 16.4 12 21 12 21z"
            fill={pressed ? "currentColor" : "none"}
            stroke="currentColor"
            strokeWidth="2"
            strokeLinejoin="round"
          />
        </svg>
      </button>
    </form>
  );
}
