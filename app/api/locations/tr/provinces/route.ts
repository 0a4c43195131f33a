import { json, route } from "@/lib/http";
import { LOCATIONS_CACHE, provinces } from "@/lib/locations";

/** Türkiye's 81 provinces, `[{code: "34", name: "İstanbul"}…]` in Turkish alphabetical order. */
export const GET = route(async () => json(provinces(), { headers: { "cache-control": LOCATIONS_CACHE } }));
