import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { FeeForm } from "@/components/admin/PricingForms";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { listFees } from "@/lib/pricing/fee-rules";

export const generateMetadata = staffPageMetadata("adminPricing.fees");

/** The fees the checkout can add (cash on delivery, gift wrapping), one form per kind. */
export default async function AdminFeesPage() {
  await requireStaff("/admin/fees");
  const [t, fees] = await Promise.all([getTranslations("adminPricing.fees"), listFees(getDb())]);
  const currency = env().STORE_CURRENCY;
  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      {fees.map(({ kind, rule }) => (
        <section key={kind} className="rounded-lg border border-stone-200 bg-white p-4">
          <h2 className="mb-3 font-semibold">
            {t(`kinds.${kind}`)}
            {rule && !rule.active && (
              <span className="ml-2 rounded-full bg-stone-200 px-2 py-0.5 text-xs text-stone-700">
                {t("off")}
              </span>
            )}
          </h2>
          <FeeForm kind={kind} rule={rule} currency={currency} />
        </section>
      ))}
    </AdminPage>
  );
}
