"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/data/fetch";
import { foldName } from "@/lib/locations/fold";

export interface Place {
  code: string;
  name: string;
}

/** The lists change only with a release: read once per visit. */
const forever = { staleTime: Number.POSITIVE_INFINITY, gcTime: Number.POSITIVE_INFINITY, retry: 1 };

/** Türkiye's 81 provinces (GET /api/locations/tr/provinces). */
export function useProvinces() {
  return useQuery({
    queryKey: ["locations", "tr", "provinces"],
    queryFn: () => fetchJson<Place[]>("/api/locations/tr/provinces"),
    ...forever,
  });
}

/** The districts of a province by its plate number; nothing to load while no province is chosen. */
export function useDistricts(provinceCode: string | undefined) {
  return useQuery({
    queryKey: ["locations", "tr", "districts", provinceCode],
    queryFn: () => fetchJson<Place[]>(`/api/locations/tr/provinces/${provinceCode}/districts`),
    enabled: provinceCode !== undefined,
    ...forever,
  });
}

/** The place of a list that a typed name means, matched as the server matches it (lib/locations). */
export function placeNamed(places: Place[] | undefined, typed: string): Place | undefined {
  const key = foldName(typed);
  return key ? places?.find((place) => foldName(place.name) === key) : undefined;
}

/** The places whose name starts with what was typed, then those that contain it; all for an empty box. */
export function placesMatching(places: Place[], typed: string): Place[] {
  const key = foldName(typed);
  if (!key) return places;
  const folded = places.map((place) => [place, foldName(place.name)] as const);
  return [
    ...folded.filter(([, name]) => name.startsWith(key)),
    ...folded.filter(([, name]) => !name.startsWith(key) && name.includes(key)),
  ].map(([place]) => place);
}
