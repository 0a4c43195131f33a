import { z } from "zod";
import { emailSchema } from "@/lib/accounts/schemas";
import { skuSchema, slugSchema } from "@/lib/fields";
import { dropEmpty, pageQuery, searchText, sortQuery } from "@/lib/lists";

/** `POST /api/products/{slug}/stock-alerts` and the product page's form: the email only for guests. */
export const stockAlertSchema = z.object({
  sku: skuSchema,
  email: emailSchema.optional(),
});
export type StockAlertInput = z.output<typeof stockAlertSchema>;

/** The product page's form: the same, with the product's slug; an empty email is no email. */
export const stockAlertFormSchema = z.preprocess(dropEmpty, stockAlertSchema.extend({ slug: slugSchema }));

/** The signed unsubscribe link's query. */
export const unsubscribeSchema = z.object({
  id: z.coerce.number().int().min(1),
  sig: z.string().min(1).max(200),
});

/** The staff list of subscribers per SKU. */
export const stockAlertListQuerySchema = z.preprocess(
  dropEmpty,
  z.object({
    q: searchText,
    sort: sortQuery(["sku", "waiting", "lastSubscribedAt"], "-lastSubscribedAt"),
    ...pageQuery,
  }),
);
export type StockAlertListQuery = z.output<typeof stockAlertListQuerySchema>;
