import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CartContents } from "@/components/cart/CartContents";
import { QueryProvider } from "@/components/data/QueryProvider";
import { QTY_MAX } from "@/db/schema";
import { pricingConfig } from "@/lib/cart/pricing";
import { getCart } from "@/lib/cart/service";
import { readCartId } from "@/lib/cart/session";
import { getDb } from "@/lib/db";
import { currentLocale } from "@/lib/i18n/server";
import { ESTIMATE_COUNTRIES } from "@/lib/shipping/schemas";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("cart");
  return { title: t("title"), robots: { index: false } };
}

export default async function CartPage() {
  const locale = await currentLocale();
  const [cart, config] = await Promise.all([
    readCartId().then((id) => getCart(getDb(), id, locale)),
    pricingConfig(getDb()),
  ]);
  const giftWrapFee = config.fees.find((f) => f.kind === "gift_wrap" && f.active)?.amount ?? null;
  const regionNames = new Intl.DisplayNames([locale], { type: "region" });
  return (
    <QueryProvider>
      <CartContents
        initial={cart}
        giftWrapFee={giftWrapFee}
        qtyMax={QTY_MAX}
        countryNames={Object.fromEntries(
          ESTIMATE_COUNTRIES.map((code) => [code, regionNames.of(code) ?? code]),
        )}
      />
    </QueryProvider>
  );
}
