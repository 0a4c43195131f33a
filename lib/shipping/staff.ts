import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { type Executor, rows } from "@/db/client";
import { AppError, type FieldCode, uniqueViolation } from "@/lib/errors";
import {
  type MethodInput,
  pricingCode,
  type ZoneInput,
  type ZoneMethodInput,
} from "@/lib/pricing/edit-schemas";
import type { CarrierName } from "@/lib/shipping/carriers/carrier";
import type { SHIPPING_METHODS } from "@/lib/shipping/schemas";

/**
 * Shipping zones, their methods and rate tables for the staff pages. The cart and checkout read these
 * tables on every quote (lib/shipping/service.ts has no cache), so a saved change prices the next cart.
 */

type ShippingMethodCode = (typeof SHIPPING_METHODS)[number];

export interface AdminRate {
  maxGrams: number;
  price: number;
}

export interface AdminMethod {
  id: number;
  zoneId: number;
  code: ShippingMethodCode;
  nameTr: string;
  nameEn: string;
  carrier: string;
  carrierCode: CarrierName;
  service: string;
  etaMinDays: number;
  etaMaxDays: number;
  freeThreshold: number | null;
  extraPerKg: number;
  active: boolean;
  /** Sorted by weight: each bracket runs from the previous limit (exclusive) to its own (inclusive). */
  rates: AdminRate[];
}

export interface AdminZone {
  id: number;
  code: string;
  nameTr: string;
  nameEn: string;
  countries: string[];
  postalPrefixes: string[];
  chargesTax: boolean;
  position: number;
  methods: AdminMethod[];
}

interface ZoneRow {
  id: number;
  code: string;
  name_tr: string;
  name_en: string;
  countries: string[];
  postal_prefixes: string[];
  charges_tax: boolean;
  position: number;
  /** numeric columns come back from json_build_object as text or number. */
  methods: (Omit<AdminMethod, "freeThreshold" | "extraPerKg" | "rates"> & {
    freeThreshold: number | string | null;
    extraPerKg: number | string;
    rates: { maxGrams: number; price: number | string }[];
  })[];
}

const METHOD_ORDER = sql`case m.code when 'standard' then 0 when 'express' then 1 else 2 end, m.id`;

const zoneSelect = sql`select z.id, z.code, z.name_tr, z.name_en, z.countries, z.postal_prefixes, z.charges_tax,
    z.position,
    coalesce((select json_agg(json_build_object('id', m.id, 'zoneId', m.zone_id, 'code', m.code,
        'nameTr', m.name_tr, 'nameEn', m.name_en, 'carrier', m.carrier,
        'carrierCode', m.carrier_code, 'service', m.service, 'etaMinDays', m.eta_min_days,
        'etaMaxDays', m.eta_max_days, 'freeThreshold', m.free_threshold, 'extraPerKg', m.extra_per_kg,
        'active', m.active,
        'rates', coalesce((select json_agg(json_build_object('maxGrams', r.max_grams, 'price', r.price)
          order by r.max_grams) from shipping_rates r where r.method_id = m.id), '[]'))
      order by ${METHOD_ORDER}) from shipping_methods m where m.zone_id = z.id), '[]') as methods
  from shipping_zones z`;

function toZone(row: ZoneRow): AdminZone {
  return {
    id: row.id,
    code: row.code,
    nameTr: row.name_tr,
    nameEn: row.name_en,
    countries: row.countries,
    postalPrefixes: row.postal_prefixes,
    chargesTax: row.charges_tax,
    position: row.position,
    methods: row.methods.map((m) => ({
      ...m,
      freeThreshold: m.freeThreshold === null ? null : Number(m.freeThreshold),
      extraPerKg: Number(m.extraPerKg),
      rates: m.rates.map((r) => ({ maxGrams: Number(r.maxGrams), price: Number(r.price) })),
    })),
  };
}

export async function listZones(db: Executor): Promise<AdminZone[]> {
  const found = await rows<ZoneRow>(db, sql`${zoneSelect} order by z.position, z.id`);
  return found.map(toZone);
}

export async function getZone(db: Executor, id: number): Promise<AdminZone | null> {
  const [row] = await rows<ZoneRow>(db, sql`${zoneSelect} where z.id = ${id}`);
  return row ? toZone(row) : null;
}

/** A PostgreSQL text[] literal of plain codes (country and province codes have no quotes or commas). */
const textArray = (values: string[]) => `{${values.map((v) => JSON.stringify(v)).join(",")}}`;

/**
 * Why a zone would make some address match two zones, per field. The quote picks exactly one zone per
 * address (the one listing the province, else the one listing the whole country), so a province listed
 * by two zones, or a country listed whole by two zones, would silently price by whichever sorts first.
 * A province zone inside a whole-country zone is fine: the province zone is the more specific one.
 */
function overlaps(zone: ZoneInput, others: AdminZone[]): Record<string, FieldCode> {
  const fields: Record<string, FieldCode> = {};
  const wholeCountries = zone.postalPrefixes.length === 0 ? zone.countries : [];
  for (const other of others) {
    if (!fields.postalPrefixes && zone.postalPrefixes.length > 0 && other.postalPrefixes.length > 0) {
      const shared = zone.postalPrefixes.filter((p) => other.postalPrefixes.includes(p));
      if (shared.length > 0) {
        fields.postalPrefixes = pricingCode("provinceInOtherZone", {
          codes: shared.join(", "),
          zone: other.code,
        });
      }
    }
    if (!fields.countries && other.postalPrefixes.length === 0) {
      const shared = wholeCountries.filter((c) => other.countries.includes(c));
      if (shared.length > 0) {
        fields.countries = pricingCode("countryInOtherZone", {
          codes: shared.join(", "),
          zone: other.code,
        });
      }
    }
  }
  return fields;
}

function codeTaken(error: unknown, constraint: string, field: string, taken: string): never {
  const name = uniqueViolation(error);
  if (name !== null && (name === "" || name.includes(constraint))) {
    throw new AppError("ALREADY_EXISTS", { fields: { [field]: pricingCode("codeTaken") }, taken });
  }
  throw error;
}

/**
 * Creates (id null) or replaces a zone. Refused with 400 when it would overlap another zone, 409 when
 * its code is taken, 404 when the zone to edit is gone; a refusal writes nothing.
 */
export async function saveZone(db: Database, id: number | null, input: ZoneInput): Promise<AdminZone> {
  try {
    return await db.transaction((tx) => writeZone(tx, id, input));
  } catch (error) {
    return codeTaken(error, "code", "code", input.code);
  }
}

async function writeZone(tx: Transaction, id: number | null, input: ZoneInput): Promise<AdminZone> {
  // Two zones saved at once could each pass the overlap check against the other's old state.
  await tx.execute(sql`lock table shipping_zones in exclusive mode`);
  const others = (await listZones(tx)).filter((zone) => zone.id !== id);
  const fields = overlaps(input, others);
  if (Object.keys(fields).length > 0) throw new AppError("VALIDATION_FAILED", { fields });
  const values = sql`${input.code}, ${input.nameTr}, ${input.nameEn}, ${textArray(input.countries)}::text[],
    ${textArray(input.postalPrefixes)}::text[], ${input.chargesTax}, ${input.position}`;
  const saved =
    id === null
      ? await rows<{ id: number }>(
          tx,
          sql`insert into shipping_zones (code, name_tr, name_en, countries, postal_prefixes, charges_tax, position)
            values (${values}) returning id`,
        )
      : await rows<{ id: number }>(
          tx,
          sql`update shipping_zones set (code, name_tr, name_en, countries, postal_prefixes, charges_tax, position)
            = (${values}) where id = ${id} returning id`,
        );
  const savedId = saved[0]?.id;
  if (savedId === undefined) throw new AppError("NOT_FOUND", { zone: id });
  const zone = await getZone(tx, savedId);
  if (!zone) throw new Error("saved zone not found");
  return zone;
}

/**
 * The admin API's write of a zone with its methods, all or nothing: each method given replaces the
 * zone's method of that code (rate table included) or is added; methods not named stay as they are.
 */
export async function saveZoneWithMethods(
  db: Database,
  id: number | null,
  input: ZoneInput,
  methods: ZoneMethodInput[],
): Promise<AdminZone> {
  try {
    return await db.transaction(async (tx) => {
      const zone = await writeZone(tx, id, input);
      for (const method of methods) {
        const existing = zone.methods.find((m) => m.code === method.code);
        await writeMethod(tx, existing?.id ?? null, { ...method, zoneId: zone.id });
      }
      const saved = await getZone(tx, zone.id);
      if (!saved) throw new Error("saved zone not found");
      return saved;
    });
  } catch (error) {
    return codeTaken(error, "code", "code", input.code);
  }
}

/** Deletes a zone with its methods and rates (orders keep their own copy of the shipping they chose). */
export async function deleteZone(db: Database, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = await rows<{ id: number }>(
      tx,
      sql`delete from shipping_zones where id = ${id} returning id`,
    );
    if (deleted.length === 0) throw new AppError("NOT_FOUND", { zone: id });
  });
}

/**
 * Creates (id null) or replaces a method of a zone with its whole rate table. 409 when the zone already
 * has a method of that code, 404 when the zone (or the method, within that zone) is gone.
 */
export async function saveMethod(db: Database, id: number | null, input: MethodInput): Promise<AdminMethod> {
  try {
    return await db.transaction((tx) => writeMethod(tx, id, input));
  } catch (error) {
    return codeTaken(error, "zone_id_code", "code", input.code);
  }
}

async function writeMethod(tx: Transaction, id: number | null, input: MethodInput): Promise<AdminMethod> {
  const values = sql`${input.code}, ${input.nameTr}, ${input.nameEn}, ${input.carrier}, ${input.carrierCode},
    ${input.service}, ${input.etaMinDays},
    ${input.etaMaxDays}, ${input.freeThreshold}, ${input.extraPerKg}, ${input.active}`;
  const saved =
    id === null
      ? await rows<{ id: number }>(
          tx,
          sql`insert into shipping_methods (zone_id, code, name_tr, name_en, carrier, carrier_code, service,
              eta_min_days, eta_max_days,
              free_threshold, extra_per_kg, active)
            select z.id, ${values} from shipping_zones z where z.id = ${input.zoneId} returning id`,
        )
      : await rows<{ id: number }>(
          tx,
          sql`update shipping_methods set (code, name_tr, name_en, carrier, carrier_code, service, eta_min_days,
              eta_max_days,
              free_threshold, extra_per_kg, active) = (${values})
            where id = ${id} and zone_id = ${input.zoneId} returning id`,
        );
  const methodId = saved[0]?.id;
  if (methodId === undefined) throw new AppError("NOT_FOUND", { zone: input.zoneId, method: id });
  await tx.execute(sql`delete from shipping_rates where method_id = ${methodId}`);
  const brackets = input.rates.map((rate) => sql`(${methodId}, ${rate.maxGrams}, ${rate.price})`);
  await tx.execute(
    sql`insert into shipping_rates (method_id, max_grams, price) values ${sql.join(brackets, sql`, `)}`,
  );
  const zone = await getZone(tx, input.zoneId);
  const method = zone?.methods.find((m) => m.id === methodId);
  if (!method) throw new Error("saved method not found");
  return method;
}

/** Offers a method again or stops offering it (its table is kept). 404 when unknown. */
export async function setMethodActive(db: Database, id: number, active: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await rows<{ id: number }>(
      tx,
      sql`update shipping_methods set active = ${active} where id = ${id} returning id`,
    );
    if (updated.length === 0) throw new AppError("NOT_FOUND", { method: id });
  });
}
