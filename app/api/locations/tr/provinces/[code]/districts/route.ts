import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { districtsOf, LOCATIONS_CACHE } from "@/lib/locations";

/** A province's districts (by its plate number), `[{code: "kadikoy", name: "Kadıköy"}…]`; 404 for no such province. */
export const GET = route<{ code: string }>(async (_request, { params }) => {
  const districts = districtsOf(params.code);
  if (!districts) throw new AppError("NOT_FOUND", { province: params.code.slice(0, 8) });
  return json(districts, { headers: { "cache-control": LOCATIONS_CACHE } });
});
