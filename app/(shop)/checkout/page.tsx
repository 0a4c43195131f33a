import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ReservationCountdown } from "@/components/cart/ReservationCountdown";
import { type CheckoutAddress, CheckoutForm } from "@/components/checkout/CheckoutForm";
import { QueryProvider } from "@/components/data/QueryProvider";
import { listAddresses } from "@/lib/accounts/addresses";
import { ADDRESS_FIELDS } from "@/lib/accounts/schemas";
import { getCurrentUser } from "@/lib/auth/session";
import { getCart } from "@/lib/cart/service";
import { readCartId } from "@/lib/cart/session";
import { previewCheckout } from "@/lib/checkout/preview";
import { checkoutFormSchema } from "@/lib/checkout/schemas";
import { getDb } from "@/lib/db";
import { constraintsOf } from "@/lib/forms/parse";
import { currentLocale } from "@/lib/i18n/server";
import { cartPreContract, preContractInputSchema } from "@/lib/legal/contracts";
import { cardProvider, paymentSettings } from "@/lib/payments/settings";
import { ESTIMATE_COUNTRIES } from "@/lib/shipping/schemas";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("checkout");
  return { title: t("title"), robots: { index: false } };
}

export default async function CheckoutPage() {
  const locale = await currentLocale();
  const [t, user, cart] = await Promise.all([
    getTranslations("checkout"),
    getCurrentUser(),
    readCartId().then((id) => getCart(getDb(), id, locale)),
  ]);
  if (cart.items.length === 0) {
    return (
      <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-stone-600">{t("emptyCart")}</p>
        <Link href="/cart" className="rounded-md bg-brand-700 px-5 py-2.5 text-sm font-medium text-white">
          {t("backToCart")}
        </Link>
      </div>
    );
  }
  const saved = user ? await listAddresses(getDb(), user.id) : [];
  const preferred = saved.find((a) => a.isDefaultShipping) ?? saved[0];
  const initialAddress: CheckoutAddress = preferred
    ? Object.fromEntries(ADDRESS_FIELDS.map((name) => [name, preferred[name] ?? ""]))
    : { country: cart.shipping?.country ?? "TR", postalCode: cart.shipping?.postalCode ?? "" };
  const regionNames = new Intl.DisplayNames([locale], { type: "region" });
  const [provider, { maxInstallments }] = await Promise.all([
    cardProvider(getDb()),
    paymentSettings(getDb()),
  ]);
  const cardAvailable = provider !== null;
  const choices = {
    shippingMethod: cart.shipping?.selected?.id ?? "standard",
    paymentMethod: cardAvailable ? "card" : "cash_on_delivery",
  };
  const [initialPreview, initialLegal] = await Promise.all([
    previewCheckout(
      getDb(),
      cart.id,
      { country: initialAddress.country ?? "", postalCode: initialAddress.postalCode ?? "", ...choices },
      locale,
    ),
    cartPreContract(
      getDb(),
      cart.id,
      preContractInputSchema.parse({ ...initialAddress, email: user?.email ?? "", ...choices }),
      locale,
    ),
  ]);

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      {cart.reservationExpiresAt && <ReservationCountdown until={cart.reservationExpiresAt} />}
      <QueryProvider>
        <CheckoutForm
          idempotencyKey={randomUUID()}
          email={user?.email ?? ""}
          initialAddress={initialAddress}
          savedAddresses={saved.map((a) => ({ ...a, label: `${a.name} · ${a.city} ${a.postalCode}` }))}
          constraints={constraintsOf(checkoutFormSchema)}
          countries={ESTIMATE_COUNTRIES.map((code) => ({ code, name: regionNames.of(code) ?? code }))}
          cardProvider={provider?.name ?? null}
          maxInstallments={maxInstallments}
          currency={cart.currency}
          locale={locale}
          initialPreview={initialPreview}
          initialLegal={initialLegal}
        />
      </QueryProvider>
    </div>
  );
}
