import { json, route } from "@/lib/http";
import { openApiDocument } from "@/lib/openapi/document";

/** The OpenAPI 3.1 description of every route, generated from the routes' own schemas (lib/openapi). */
export const GET = route(async () =>
  json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } }),
);
