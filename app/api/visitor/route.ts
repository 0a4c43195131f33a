import { visitorSummary } from "@/lib/cart/session";
import { json, route } from "@/lib/http";

/** The header of the cached pages asks here who is visiting: signed in or not, and the cart's units. */
export const GET = route(async () =>
  json(await visitorSummary(), { headers: { "cache-control": "private, no-store" } }),
);
