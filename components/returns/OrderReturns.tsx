import { getTranslations } from "next-intl/server";
import { RETURN_REASONS } from "@/db/schema";
import { dateFormat } from "@/lib/i18n/dates";
import type { Locale } from "@/lib/i18n/locale";
import type { returnsForOrderPage } from "@/lib/returns/service";
import { ReturnRequestForm } from "./ReturnRequestForm";
import { ReturnSummary } from "./ReturnSummary";

/** The order page's returns: the ones made, and the request form while delivered lines are within the window. */
export async function OrderReturns({
  orderNo,
  currency,
  paymentMethod,
  panel,
  locale,
}: {
  orderNo: string;
  currency: string;
  paymentMethod: string;
  panel: Awaited<ReturnType<typeof returnsForOrderPage>>;
  locale: Locale;
}) {
  if (panel.returns.length === 0 && panel.returnable.length === 0) return null;
  const t = await getTranslations("returns");
  const reasons = RETURN_REASONS.map((reason) => ({ value: reason, label: t(`reasons.${reason}`) }));
  return (
    <section className="flex flex-col gap-3" aria-labelledby="returns-heading" data-testid="order-returns">
      <h2 id="returns-heading" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      {panel.returns.map((item) => (
        <ReturnSummary key={item.returnNo} item={item} currency={currency} locale={locale} />
      ))}
      {panel.returnable.length > 0 && (
        <details
          className="rounded-lg border border-stone-200 bg-white p-4"
          open={panel.returns.length === 0}
        >
          <summary className="cursor-pointer font-medium" data-testid="return-create">
            {t("create")}
          </summary>
          <p className="mt-2 text-sm text-stone-600">
            {t("createHint", {
              days: panel.windowDays,
              until: panel.closesAt
                ? dateFormat(locale, { dateStyle: "long" }).format(new Date(panel.closesAt))
                : "",
            })}
          </p>
          <div className="mt-3">
            <ReturnRequestForm
              orderNo={orderNo}
              lines={panel.returnable}
              askIban={paymentMethod !== "card"}
              reasons={reasons}
            />
          </div>
        </details>
      )}
    </section>
  );
}
