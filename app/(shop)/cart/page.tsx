import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CartLineControls } from "@/components/cart/CartLineControls";
import { CouponForm } from "@/components/cart/CouponForm";
import { GiftWrapToggle } from "@/components/cart/GiftWrapToggle";
import { ReservationCountdown } from "@/components/cart/ReservationCountdown";
import { ShippingEstimator } from "@/components/cart/ShippingEstimator";
import { TotalsBreakdown } from "@/components/cart/TotalsBreakdown";
import { QTY_MAX } from "@/db/schema";
import { pricingConfig } from "@/lib/cart/pricing";
import { getCart } from "@/lib/cart/service";
import { readCartId } from "@/lib/cart/session";
import { getDb } from "@/lib/db";
import type { ErrorCode } from "@/lib/errors";
import { errorMessage } from "@/lib/http";
import { currentLocale } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";
import { ESTIMATE_COUNTRIES } from "@/lib/shipping/schemas";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("cart");
  return { title: t("title"), robots: { index: false } };
}

export default async function CartPage() {
  const locale = await currentLocale();
  const [t, cart] = await Promise.all([
    getTranslations("cart"),
    readCartId().then((id) => getCart(getDb(), id, locale)),
  ]);
  const money = (amount: number) => formatMoney(amount, cart.currency, locale);
  const tp = await getTranslations("pricing");
  const regionNames = new Intl.DisplayNames([locale], { type: "region" });
  const giftWrapFee = (await pricingConfig(getDb())).fees.find(
    (f) => f.kind === "gift_wrap" && f.active,
  )?.amount;

  if (cart.items.length === 0) {
    return (
      <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-stone-600" data-testid="empty-cart">
          {t("empty")}
        </p>
        <Link
          href="/products"
          className="rounded-md bg-brand-700 px-5 py-2.5 text-sm font-medium text-white hover:bg-brand-800"
        >
          {t("continue")}
        </Link>
      </div>
    );
  }

  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_20rem]">
      <section aria-labelledby="cart-heading" className="flex flex-col gap-4">
        <h1 id="cart-heading" className="text-2xl font-semibold">
          {t("title")}
        </h1>
        {cart.reservationExpiresAt && <ReservationCountdown until={cart.reservationExpiresAt} />}
        <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
          {cart.items.map((item) => (
            <li key={item.id} data-testid="cart-line" data-sku={item.sku} className="flex gap-4 p-4">
              {item.image && (
                // biome-ignore lint/performance/noImgElement: local SVG illustrations need no optimisation
                <img
                  src={item.image}
                  alt=""
                  width={96}
                  height={96}
                  className="h-24 w-24 rounded-md bg-stone-100"
                />
              )}
              <div className="flex flex-1 flex-col gap-2">
                <div className="flex flex-wrap justify-between gap-2">
                  <div>
                    <Link
                      href={`/products/${item.slug}?sku=${item.sku}`}
                      className="font-medium hover:text-brand-700"
                    >
                      {item.name}
                    </Link>
                    <p className="text-sm text-stone-600">{item.variant}</p>
                  </div>
                  <div className="text-right">
                    <p className="font-semibold" data-testid="line-total">
                      {money(item.lineTotal)}
                    </p>
                    <p className="text-xs text-stone-500">{t("each", { price: money(item.unitPrice) })}</p>
                  </div>
                </div>
                {item.flags.length > 0 && (
                  <ul className="flex flex-col gap-1 text-sm" data-testid="line-flags">
                    {item.flags.map((flag) => (
                      <li key={flag} className={flag === "PRICE_CHANGED" ? "text-amber-800" : "text-red-700"}>
                        {t(`flags.${flag}`, { available: item.available, price: money(item.unitPrice) })}
                      </li>
                    ))}
                  </ul>
                )}
                <CartLineControls
                  itemId={item.id}
                  qty={item.qty}
                  max={Math.min(QTY_MAX, item.available)}
                  name={item.name}
                />
              </div>
            </li>
          ))}
        </ul>
      </section>
      <aside
        aria-labelledby="summary-heading"
        className="flex h-fit flex-col gap-5 rounded-lg border border-stone-200 bg-white p-5"
      >
        <h2 id="summary-heading" className="text-lg font-semibold">
          {t("summary")}
        </h2>
        {cart.couponNotices.length > 0 && (
          <ul
            className="flex flex-col gap-1 rounded-md bg-amber-50 p-3 text-sm text-amber-900"
            data-testid="coupon-notices"
          >
            {cart.couponNotices.map((notice) => (
              <li key={notice.code}>
                {tp("notice", {
                  code: notice.code,
                  reason: errorMessage(notice.reason as ErrorCode, locale),
                })}
              </li>
            ))}
          </ul>
        )}
        <CouponForm
          applied={cart.coupons.map((c) => c.code)}
          formatted={Object.fromEntries(
            cart.coupons.map((c) => [
              c.code,
              c.discount > 0 ? tp("couponSaved", { amount: money(c.discount) }) : tp("couponFreeShipping"),
            ]),
          )}
        />
        <ShippingEstimator
          country={cart.shipping?.country ?? "TR"}
          postalCode={cart.shipping?.postalCode ?? ""}
          method={cart.shipping?.selected?.id ?? null}
          options={(cart.shipping?.options ?? []).map((option) => ({
            id: option.id,
            label: `${option.name} · ${option.carrier} · ${
              option.etaDays.min === option.etaDays.max
                ? tp("etaSame", { days: option.etaDays.min })
                : tp("eta", { min: option.etaDays.min, max: option.etaDays.max })
            } · ${option.price === 0 ? tp("free") : money(option.price)}`,
          }))}
          countryNames={Object.fromEntries(
            ESTIMATE_COUNTRIES.map((code) => [code, regionNames.of(code) ?? code]),
          )}
        />
        {cart.shipping?.problem === "NO_SHIPPING_TO_ADDRESS" && (
          <p role="alert" className="text-sm text-red-700">
            {tp("noShipping")}
          </p>
        )}
        {giftWrapFee && <GiftWrapToggle checked={cart.giftWrap} price={money(giftWrapFee)} />}
        <TotalsBreakdown
          totals={cart.totals}
          coupons={cart.coupons}
          shippingKnown={Boolean(cart.shipping?.selected)}
          currency={cart.currency}
          locale={locale}
        />
        <Link
          href="/checkout"
          className="rounded-md bg-accent-600 px-5 py-3 text-center font-semibold text-white hover:bg-accent-700"
        >
          {t("checkout")}
        </Link>
      </aside>
    </div>
  );
}
