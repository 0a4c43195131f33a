import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AddressForm } from "@/components/account/AddressForm";
import { requireUser } from "@/lib/auth/guards";
import { addressForm } from "@/lib/forms/account";
import { constraintsOf } from "@/lib/forms/parse";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account.addresses");
  return { title: t("addTitle"), robots: { index: false } };
}

export default async function NewAddressPage() {
  await requireUser("/account/addresses/new");
  const t = await getTranslations("account.addresses");
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t("addTitle")}</h1>
      <AddressForm constraints={constraintsOf(addressForm)} />
    </div>
  );
}
