import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { WishlistList } from "@/components/wishlist/WishlistList";
import { loginPath } from "@/lib/auth/redirect";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { currentLocale } from "@/lib/i18n/server";
import { guestWishlistId } from "@/lib/wishlist/guest";
import { listWishlist } from "@/lib/wishlist/service";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("wishlist");
  return { title: t("title"), robots: { index: false } };
}

/** A guest's wishlist (the signed cookie's); a signed-in shopper's is in the account. */
export default async function GuestWishlistPage() {
  if (await getCurrentUser()) redirect("/account/wishlist");
  const [t, locale, wishlistId] = await Promise.all([
    getTranslations("wishlist"),
    currentLocale(),
    guestWishlistId(),
  ]);
  const items = await listWishlist(getDb(), wishlistId, locale);
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-stone-600">
        {t("guestNote")}{" "}
        <Link href={loginPath("/account/wishlist")} className="text-brand-700 underline">
          {t("signIn")}
        </Link>
      </p>
      <WishlistList items={items} locale={locale} />
    </div>
  );
}
