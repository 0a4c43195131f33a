import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { WishlistList } from "@/components/wishlist/WishlistList";
import { requireUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { currentLocale } from "@/lib/i18n/server";
import { findUserWishlistId, listWishlist } from "@/lib/wishlist/service";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("wishlist");
  return { title: t("title"), robots: { index: false } };
}

/** The signed-in shopper's wishlist (a guest's list joined it at sign-in). */
export default async function AccountWishlistPage() {
  const user = await requireUser("/account/wishlist");
  const [t, locale, wishlistId] = await Promise.all([
    getTranslations("wishlist"),
    currentLocale(),
    findUserWishlistId(getDb(), user.id),
  ]);
  const items = await listWishlist(getDb(), wishlistId, locale);
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <WishlistList items={items} locale={locale} />
    </div>
  );
}
