"use server";

import { staffAction } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import {
  webhookCreateForm,
  webhookDeleteForm,
  webhookEditForm,
  webhookRedeliverForm,
} from "@/lib/forms/webhooks";
import { createEndpoint, deleteEndpoint, redeliver, updateEndpoint } from "@/lib/webhooks/service";

/** The /admin/webhooks actions: the same services as /api/admin/webhook-endpoints. */

const LIST = "/admin/webhooks";
const endpointPath = (id: number) => `${LIST}/${id}`;

/** Registers an endpoint; its signing secret is in this answer only. */
export const createWebhookAction = staffAction(
  { page: LIST, schema: webhookCreateForm, revalidate: [LIST] },
  async (input, { text }) => {
    const { endpoint, secret } = await createEndpoint(getDb(), input);
    return { message: text("webhooks.admin.created"), data: { secret, id: endpoint.id } };
  },
);

export const updateWebhookAction = staffAction(
  { page: LIST, schema: webhookEditForm, revalidate: ({ id }) => [LIST, endpointPath(id)] },
  async ({ id, ...input }, { text }) => {
    await updateEndpoint(getDb(), id, input);
    return { message: text("webhooks.admin.saved") };
  },
);

export const deleteWebhookAction = staffAction(
  { page: LIST, schema: webhookDeleteForm, revalidate: [LIST] },
  async ({ id }) => {
    await deleteEndpoint(getDb(), id);
    return { redirect: LIST };
  },
);

export const redeliverWebhookAction = staffAction(
  { page: LIST, schema: webhookRedeliverForm, revalidate: ({ endpointId }) => [endpointPath(endpointId)] },
  async ({ id }, { text }) => {
    await redeliver(getDb(), id);
    return { message: text("webhooks.admin.redelivered") };
  },
);
