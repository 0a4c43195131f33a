import type { Metadata } from "next";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { OrderView } from "@/components/checkout/OrderView";
import { ParcelView } from "@/components/checkout/ParcelView";
import { clientIp } from "@/lib/auth/ip";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { errorMessage } from "@/lib/http";
import { currentLocale } from "@/lib/i18n/server";
import { trackOrder } from "@/lib/orders/tracking";
import { hit } from "@/lib/rate-limit";
import { parcelByTrackingNo } from "@/lib/shipments/service";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("orders");
  return { title: t("trackTitle"), robots: { index: false } };
}

/** A required field of the tracking form, filled with what was asked last. */
function Field({
  label,
  value,
  ...input
}: {
  label: string;
  name: string;
  value: string;
  type?: string;
  placeholder?: string;
}) {
  return (
    <label className="flex flex-col gap-1 text-sm font-medium">
      {label}
      <input
        defaultValue={value}
        required
        className="w-full rounded-md border border-stone-300 bg-white px-3 py-2 font-normal"
        {...input}
      />
    </label>
  );
}

/** Order number + email: a GET form, so it works without JavaScript and the answer can be bookmarked. */
export default async function TrackPage({
  searchParams,
}: {
  searchParams: Promise<{ orderNo?: string; email?: string; trackingNo?: string }>;
}) {
  const locale = await currentLocale();
  const [t, query] = await Promise.all([getTranslations("orders"), searchParams]);
  const orderNo = (query.orderNo ?? "").trim().slice(0, 40);
  const email = (query.email ?? "").trim().slice(0, 254);
  let problem: string | null = null;
  /** A rate-limited look-up; a refusal (too many) is shown as the problem. */
  const lookUp = async <T,>(find: () => Promise<T | null>): Promise<T | null> => {
    try {
      await hit(getDb(), "track", clientIp(await headers()), { limit: 20, windowSeconds: 15 * 60 });
      return await find();
    } catch (error) {
      if (!isAppError(error)) throw error;
      problem = errorMessage(error.code, locale, error.details);
      return null;
    }
  };
  // A carrier's tracking link (the simulated carrier's points here): the parcel alone, by its number.
  const trackingNo = (query.trackingNo ?? "").trim().slice(0, 60);
  const parcel = trackingNo ? await lookUp(() => parcelByTrackingNo(getDb(), trackingNo)) : null;
  let result: Awaited<ReturnType<typeof trackOrder>> = null;
  if (orderNo && email) {
    result = await lookUp(() => trackOrder(getDb(), orderNo.toUpperCase(), email, locale));
    if (!result && !problem) problem = t("notFound");
  }
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t("trackTitle")}</h1>
      <form
        method="get"
        className="grid gap-3 rounded-lg border border-stone-200 bg-white p-4 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      >
        <p className="text-sm text-stone-600 sm:col-span-3">{t("trackIntro")}</p>
        <Field label={t("orderNo")} name="orderNo" value={orderNo} placeholder="SF-2026-001001" />
        <Field label={t("email")} name="email" value={email} type="email" />
        <button
          type="submit"
          className="rounded-md bg-brand-700 px-5 py-2 text-sm font-medium text-white hover:bg-brand-800"
        >
          {t("track")}
        </button>
      </form>
      {problem && (
        <p role="alert" className="text-sm text-red-700" data-testid="track-problem">
          {problem}
        </p>
      )}
      {trackingNo && (
        <section
          className="rounded-lg border border-stone-200 bg-white p-4 text-sm"
          data-testid="parcel-tracking"
        >
          <h2 className="mb-2 font-semibold">{t("parcelTitle", { trackingNo })}</h2>
          {parcel ? <ParcelView parcel={parcel} locale={locale} /> : <p>{t("parcelNotFound")}</p>}
        </section>
      )}
      {result && <OrderView order={result} locale={locale} />}
    </div>
  );
}
