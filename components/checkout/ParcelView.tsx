import { getTranslations } from "next-intl/server";
import { dateFormat } from "@/lib/i18n/dates";
import type { Locale } from "@/lib/i18n/locale";
import type { ShipmentView } from "@/lib/shipments/service";
import { CARRIER_NAMES, type CarrierName } from "@/lib/shipping/carriers/carrier";

/** A carrier the store ships through (its name shown); a hand-shipped parcel carries the name staff typed. */
const isCarrierName = (carrier: string): carrier is CarrierName =>
  (CARRIER_NAMES as readonly string[]).includes(carrier);

/** One parcel for the shopper: carrier, status, tracking number with the carrier's page, and every event. */
export async function ParcelView({
  parcel,
  locale,
}: {
  parcel: Omit<ShipmentView, "id" | "lines"> & { lines?: ShipmentView["lines"] };
  locale: Locale;
}) {
  const t = await getTranslations("orders");
  return (
    <div data-testid="shipment" className="flex flex-col gap-1 border-b border-stone-100 pb-3 last:border-0">
      <p>
        <span className="font-medium">
          {isCarrierName(parcel.carrier) ? t(`carrierNames.${parcel.carrier}`) : parcel.carrier}
        </span>
        {parcel.service ? ` (${parcel.service})` : ""} ·{" "}
        <span data-testid="parcel-status">{t(`parcelStatuses.${parcel.status}`)}</span>
        {parcel.trackingNo && (
          <>
            {" "}
            · {t("trackingNo")}: <span className="font-mono">{parcel.trackingNo}</span>
          </>
        )}
      </p>
      {parcel.lines && (
        <p className="text-stone-600">{parcel.lines.map((line) => `${line.qty} × ${line.sku}`).join(", ")}</p>
      )}
      {parcel.trackingUrl && (
        <a href={parcel.trackingUrl} className="text-brand-700 underline" data-testid="carrier-page">
          {t("carrierPage")}
        </a>
      )}
      {parcel.events.length === 0 ? (
        <p className="text-stone-500">{t("noParcelEvents")}</p>
      ) : (
        <ParcelEvents events={parcel.events} locale={locale} />
      )}
    </div>
  );
}

/** A parcel's carrier events, oldest first (the shopper's pages and the admin order page). */
export function ParcelEvents({ events, locale }: { events: ShipmentView["events"]; locale: Locale }) {
  const date = dateFormat(locale);
  return (
    <ol className="flex flex-col gap-1" data-testid="parcel-events">
      {events.map((event) => (
        <li key={`${event.at}-${event.description}`} className="flex justify-between gap-2">
          <span>
            {event.description}
            {event.location ? ` — ${event.location}` : ""}
          </span>
          <time dateTime={event.at} className="text-stone-500">
            {date.format(new Date(event.at))}
          </time>
        </li>
      ))}
    </ol>
  );
}
