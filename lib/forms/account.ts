import { z } from "zod";
import { addressSchema } from "@/lib/accounts/schemas";
import { checkbox } from "./fields";

/** The address book's form: an address, the record it edits (none for a new one), the default ticks. */
export const addressForm = z.intersection(
  addressSchema,
  z.object({
    id: z.string().max(64).optional(),
    defaultShipping: checkbox,
    defaultBilling: checkbox,
  }),
);

/** A button of the book: an address and, for "make default", which kind. */
export const addressRefForm = z.object({
  id: z.string().max(64),
  kind: z.enum(["shipping", "billing"]).optional(),
});

/** The account's notification choices: a ticked box opts in. */
export const notificationPreferencesForm = z.object({ sms: checkbox, push: checkbox });
