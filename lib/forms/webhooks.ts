import { z } from "zod";
import { WEBHOOK_EVENTS } from "@/db/schema";
import { endpointCreateSchema } from "@/lib/webhooks/schemas";
import { checkbox } from "./fields";

/** The forms of /admin/webhooks (app/actions/webhooks.ts); the URL itself is judged by the SSRF guard. */

const recordId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const events = z.array(z.enum(WEBHOOK_EVENTS)).min(1);
const url = z.string().trim().min(1).max(2000);
const description = endpointCreateSchema.shape.description;

export const webhookCreateForm = z.object({ url, events, description });

export const webhookEditForm = z.object({ id: recordId, url, events, description, enabled: checkbox });

export const webhookDeleteForm = z.object({ id: recordId });

export const webhookRedeliverForm = z.object({ id: recordId, endpointId: recordId });
