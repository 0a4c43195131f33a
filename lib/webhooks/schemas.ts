import { z } from "zod";
import { WEBHOOK_EVENTS } from "@/db/schema";
import { idSchema } from "@/lib/fields";

/** Staff inputs of webhook endpoints (admin API and the /admin/webhooks page). */

/** Parsed as a URL here (400); whether the store may call it (http(s), a public address) is 422 URL_NOT_ALLOWED. */
const url = z.string().trim().max(2000).pipe(z.url());
/** Each event once, in the order of WEBHOOK_EVENTS. */
const events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .max(WEBHOOK_EVENTS.length * 2)
  .transform((asked) => WEBHOOK_EVENTS.filter((event) => asked.includes(event)));
const description = z.string().trim().max(500);

export const endpointCreateSchema = z.object({ url, events, description: description.default("") });
export type EndpointCreateInput = z.output<typeof endpointCreateSchema>;

export const endpointPatchSchema = z.object({
  url: url.optional(),
  events: events.optional(),
  description: description.optional(),
  enabled: z.boolean().optional(),
});
export type EndpointPatchInput = z.output<typeof endpointPatchSchema>;

export const endpointIdSchema = idSchema;
export const deliveryIdSchema = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
