"use client";

import { useIsMutating } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { ButtonLink } from "@/components/layout/ButtonLink";
import { ProductThumb } from "@/components/product/ProductThumb";
import type { Cart } from "@/lib/cart/view";
import { formatMoney } from "@/lib/money";
import { CartLineControls } from "./CartLineControls";
import { CouponForm } from "./CouponForm";
import { GiftWrapToggle } from "./GiftWrapToggle";
import { useCart } from "./queries";
import { ReservationCountdown } from "./ReservationCountdown";
import { ShippingEstimator } from "./ShippingEstimator";
import { TotalsBreakdown } from "./TotalsBreakdown";

/**
 * The cart page's lines and summary, drawn from the cart query: the server's render seeds it, and every
 * change (here, from the product page, or in another tab) shows here and in the header's count alike.
 */
export function CartContents({
  initial,
  giftWrapFee,
  countryNames,
  qtyMax,
}: {
  initial: Cart;
  /** The most units one line may hold. */
  qtyMax: number;
  /** The gift-wrap fee when the store offers it. */
  giftWrapFee: number | null;
  countryNames: Record<string, string>;
}) {
  const t = useTranslations("cart");
  const tp = useTranslations("pricing");
  const locale = useLocale();
  const { data: cart = initial } = useCart(initial);
  // Totals come from the server: while a change is on its way they are the previous ones.
  const updating = useIsMutating() > 0;
  const money = (amount: number) => formatMoney(amount, cart.currency, locale);

  if (cart.items.length === 0) {
    return (
      <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-stone-600" data-testid="empty-cart">
          {t("empty")}
        </p>
        <ButtonLink href="/products">{t("continue")}</ButtonLink>
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
              <ProductThumb src={item.image} size="line" />
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
                  max={Math.min(qtyMax, item.available)}
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
                  reason: tp.has(`noticeReasons.${notice.reason}`)
                    ? tp(`noticeReasons.${notice.reason}`)
                    : notice.reason,
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
          countryNames={countryNames}
        />
        {cart.shipping?.problem === "NO_SHIPPING_TO_ADDRESS" && (
          <p role="alert" className="text-sm text-red-700">
            {tp("noShipping")}
          </p>
        )}
        {giftWrapFee !== null && <GiftWrapToggle checked={cart.giftWrap} price={money(giftWrapFee)} />}
        <div aria-busy={updating} className={updating ? "opacity-60" : undefined}>
          <TotalsBreakdown
            totals={cart.totals}
            coupons={cart.coupons}
            shippingKnown={Boolean(cart.shipping?.selected)}
            currency={cart.currency}
          />
        </div>
        <ButtonLink href="/checkout" look="accent">
          {t("checkout")}
        </ButtonLink>
      </aside>
    </div>
  );
}
