import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AddressForm } from "@/components/account/AddressForm";
import { getAddress } from "@/lib/accounts/addresses";
import { requireUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { addressForm } from "@/lib/forms/account";
import { constraintsOf } from "@/lib/forms/parse";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account.addresses");
  return { title: t("editTitle"), robots: { index: false } };
}

/** Edit one address of the signed-in user's book; someone else's id is simply not found. */
export default async function EditAddressPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/account/addresses/${encodeURIComponent(id)}`);
  const address = await getAddress(getDb(), user.id, id);
  if (!address) notFound();
  const t = await getTranslations("account.addresses");
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t("editTitle")}</h1>
      <AddressForm
        constraints={constraintsOf(addressForm)}
        initial={{
          id: address.id,
          name: address.name,
          line1: address.line1,
          line2: address.line2,
          district: address.district,
          city: address.city,
          postalCode: address.postalCode,
          country: address.country,
          phone: address.phone,
          isDefaultShipping: address.isDefaultShipping,
          isDefaultBilling: address.isDefaultBilling,
        }}
      />
    </div>
  );
}
