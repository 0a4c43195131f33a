import { z } from "zod";
import { DATA_REQUEST_CHANNELS, DATA_REQUEST_KINDS } from "@/db/schema";
import { emailSchema, signInSchema } from "@/lib/accounts/schemas";
import { dropEmpty, pageQuery, sortQuery } from "@/lib/lists";

/** `DELETE /api/account {password}` and the account page's form: the current password confirms. */
export const eraseAccountSchema = signInSchema.pick({ password: true });
export type EraseAccountInput = z.infer<typeof eraseAccountSchema>;

/** A request staff process for someone who wrote in: whose data, by the email they wrote from. */
export const dataSubjectSchema = z.object({ email: emailSchema });

export const dataRequestListQuerySchema = z.preprocess(
  dropEmpty,
  z.object({
    kind: z.enum(DATA_REQUEST_KINDS).optional(),
    channel: z.enum(DATA_REQUEST_CHANNELS).optional(),
    sort: sortQuery(["requestedAt", "kind", "subjectEmail"], "-requestedAt"),
    page: pageQuery.page,
    limit: pageQuery.limit,
  }),
);
export type DataRequestListQuery = z.output<typeof dataRequestListQuerySchema>;
