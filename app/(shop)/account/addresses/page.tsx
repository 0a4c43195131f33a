import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { deleteAddressAction, setDefaultAddressAction } from "@/app/actions/account";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import { listAddresses, MAX_ADDRESSES } from "@/lib/accounts/addresses";
import { requireUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account.addresses");
  return { title: t("title"), robots: { index: false } };
}

const smallButton =
  "rounded-md border border-stone-300 px-2.5 py-1 text-xs font-medium text-stone-700 hover:bg-stone-100";

/** The address book: defaults marked, each address editable and deletable, at most 20. */
export default async function AddressesPage() {
  const user = await requireUser("/account/addresses");
  const [t, addresses] = await Promise.all([
    getTranslations("account.addresses"),
    listAddresses(getDb(), user.id),
  ]);
  const full = addresses.length >= MAX_ADDRESSES;
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <Link href="/account" className="text-sm text-brand-700 underline">
            {t("back")}
          </Link>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-stone-600" data-testid="address-count">
            {t("count", { count: addresses.length, max: MAX_ADDRESSES })}
          </p>
        </div>
        {full ? (
          <p className="max-w-sm text-sm text-amber-800">{t("limitReached", { max: MAX_ADDRESSES })}</p>
        ) : (
          <Link
            href="/account/addresses/new"
            className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800"
          >
            {t("add")}
          </Link>
        )}
      </div>
      {addresses.length === 0 ? (
        <p className="text-stone-600" data-testid="no-addresses">
          {t("empty")}
        </p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {addresses.map((address) => (
            <li
              key={address.id}
              data-testid="address-card"
              className="flex flex-col gap-3 rounded-lg border border-stone-200 bg-white p-4"
            >
              <address className="text-sm not-italic leading-6">
                <strong className="block font-semibold">{address.name}</strong>
                {address.line1}
                {address.line2 && <span className="block">{address.line2}</span>}
                <span className="block">
                  {[address.district, address.city].filter(Boolean).join(" / ")} {address.postalCode}
                </span>
                <span className="block">{address.country}</span>
                <span className="block" data-testid="address-phone">
                  {address.phone}
                </span>
              </address>
              <div className="flex flex-wrap gap-2 text-xs">
                {address.isDefaultShipping && (
                  <span className="rounded-full bg-brand-50 px-2 py-0.5 font-medium text-brand-800">
                    {t("defaultShipping")}
                  </span>
                )}
                {address.isDefaultBilling && (
                  <span className="rounded-full bg-brand-50 px-2 py-0.5 font-medium text-brand-800">
                    {t("defaultBilling")}
                  </span>
                )}
              </div>
              <div className="flex flex-wrap gap-2">
                <Link
                  href={`/account/addresses/${address.id}`}
                  aria-label={t("editNamed", { name: address.name })}
                  className={smallButton}
                >
                  {t("edit")}
                </Link>
                {(["shipping", "billing"] as const)
                  .filter(
                    (kind) => !(kind === "shipping" ? address.isDefaultShipping : address.isDefaultBilling),
                  )
                  .map((kind) => (
                    <Form key={kind} action={setDefaultAddressAction} hidden={{ id: address.id, kind }}>
                      <SubmitButton look="small">
                        {t(kind === "shipping" ? "makeDefaultShipping" : "makeDefaultBilling")}
                      </SubmitButton>
                    </Form>
                  ))}
                <Form action={deleteAddressAction} hidden={{ id: address.id }}>
                  <SubmitButton look="smallDanger" aria-label={t("deleteNamed", { name: address.name })}>
                    {t("delete")}
                  </SubmitButton>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
