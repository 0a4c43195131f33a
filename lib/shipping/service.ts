import { sql } from "drizzle-orm";
import { type Database, rows, type Transaction } from "@/db/client";
import { AppError } from "@/lib/errors";
import { type Locale, pick } from "@/lib/i18n/locale";
import { billableGrams, methodPrice, type Parcel, type RateBracket } from "@/lib/pricing";
import { carrierPrice } from "./carrier-rates";
import type { Destination } from "./schemas";

export interface ShippingOption {
  id: string;
  name: string;
  carrier: string;
  price: number;
  etaDays: { min: number; max: number };
}

export interface ShippingQuote {
  zone: { code: string; chargesTax: boolean };
  options: ShippingOption[];
}

interface MethodRow {
  zone_code: string;
  charges_tax: boolean;
  code: string;
  name_tr: string;
  name_en: string;
  carrier: string;
  carrier_code: string;
  service: string;
  eta_min_days: number;
  eta_max_days: number;
  free_threshold: string | null;
  extra_per_kg: string;
  brackets: { maxGrams: number; price: number }[];
}

/**
 * Shipping options for a destination and parcel, cheapest first: the zone is the one listing the
 * Turkish province (first two postal digits) or the country; each active method is priced by its
 * carrier's live rate where it has one (carrier-rates.ts), else by billable weight from its brackets, and
 * is free at or above its threshold (on the order value after discounts).
 */
export async function quoteShipping(
  db: Database | Transaction,
  destination: Destination,
  parcels: Parcel[],
  orderValue: number,
  locale: Locale,
): Promise<ShippingQuote> {
  const province = destination.country === "TR" ? destination.postalCode.slice(0, 2) : "";
  const found = await rows<MethodRow>(
    db,
    sql`
    with zone as (
      select id, code, charges_tax from shipping_zones
      where ${destination.country} = any(countries)
        and (cardinality(postal_prefixes) = 0 or ${province} = any(postal_prefixes))
      order by cardinality(postal_prefixes) desc, position
      limit 1
    )
    select zone.code as zone_code, zone.charges_tax, m.code, m.name_tr, m.name_en, m.carrier, m.carrier_code,
      m.service, m.eta_min_days,
      m.eta_max_days, m.free_threshold, m.extra_per_kg,
      coalesce((select json_agg(json_build_object('maxGrams', r.max_grams, 'price', r.price) order by r.max_grams)
                from shipping_rates r where r.method_id = m.id), '[]') as brackets
    from zone join shipping_methods m on m.zone_id = zone.id and m.active`,
  );
  const first = found[0];
  if (!first) throw new AppError("NO_SHIPPING_TO_ADDRESS", { country: destination.country });

  const weight = billableGrams(parcels);
  // Every method's carrier is asked at once: the wait is the slowest answer's, capped by the quote timeout.
  const quoted = await Promise.all(
    found.map((row) =>
      carrierPrice({
        carrierCode: row.carrier_code,
        service: row.service,
        destination,
        billableGrams: weight,
      }),
    ),
  );
  const options: ShippingOption[] = [];
  for (const [i, row] of found.entries()) {
    const brackets: RateBracket[] = row.brackets.map((b) => ({
      maxGrams: Number(b.maxGrams),
      price: Number(b.price),
    }));
    const freeThreshold = row.free_threshold === null ? null : Number(row.free_threshold);
    const live = quoted[i] ?? null;
    const price =
      live !== null
        ? freeThreshold !== null && orderValue >= freeThreshold
          ? 0
          : live
        : methodPrice(brackets, weight, Number(row.extra_per_kg), freeThreshold, orderValue);
    if (price === null) continue;
    options.push({
      id: row.code,
      name: pick(locale, row.name_tr, row.name_en),
      carrier: row.carrier,
      price,
      etaDays: { min: row.eta_min_days, max: row.eta_max_days },
    });
  }
  if (options.length === 0) throw new AppError("NO_SHIPPING_TO_ADDRESS", { country: destination.country });
  options.sort((a, b) => a.price - b.price || a.etaDays.max - b.etaDays.max);
  return { zone: { code: first.zone_code, chargesTax: first.charges_tax }, options };
}
