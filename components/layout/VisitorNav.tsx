"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { SignOutButton } from "@/components/account/SignOutButton";
import { useVisitor } from "@/components/cart/queries";
import type { VisitorSummary } from "@/lib/cart/session";

const linkClass = "rounded-md px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-100";

/**
 * The header's per-visitor part: account links and the cart count. Pages rendered per request pass what
 * they know (`initial`); the statically rendered ones pass null and it is fetched from /api/visitor after
 * load (until then, and without JavaScript, a sign-in link, the wishlist and the cart link without a number). Cart
 * changes here or in another tab update it (components/cart/queries.ts).
 */
export function VisitorNav({ initial }: { initial: VisitorSummary | null }) {
  const t = useTranslations("account.nav");
  const tc = useTranslations("cart");
  const tw = useTranslations("wishlist");
  const { data: visitor } = useVisitor(initial);

  return (
    <>
      {visitor?.signedIn ? (
        <>
          <Link href="/account" data-testid="account-link" className={linkClass}>
            {t("myAccount")}
          </Link>
          <SignOutButton className="rounded-md px-3 py-1.5 text-sm font-medium text-stone-600 hover:bg-stone-100">
            {t("signOut")}
          </SignOutButton>
        </>
      ) : (
        <Link href="/login" data-testid="sign-in-link" className={linkClass}>
          {t("signIn")}
        </Link>
      )}
      {/* /wishlist also leads a signed-in shopper to the account's list; this skips the hop. */}
      <Link href={visitor?.signedIn ? "/account/wishlist" : "/wishlist"} className={linkClass}>
        {tw("title")}
      </Link>
      <Link
        href="/cart"
        className={`relative ${linkClass}`}
        aria-label={visitor ? tc("miniCartLabel", { count: visitor.cartCount }) : undefined}
      >
        {tc("title")}
        {visitor && (
          <span
            data-testid="mini-cart-count"
            className="ml-1.5 inline-flex min-w-6 items-center justify-center rounded-full bg-brand-700 px-1.5 text-xs font-semibold text-white"
          >
            {visitor.cartCount}
          </span>
        )}
      </Link>
    </>
  );
}
