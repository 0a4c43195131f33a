import { z } from "zod";
import type { InvoiceBuyer } from "@/db/schema";
import { isValidTckn, isValidVkn } from "./identity";

const rule = (key: string, values: Record<string, string | number> = {}) => ({
  params: { i18n: `invoices.validation.${key}`, ...values },
});

const text = (max: number) =>
  z
    .string()
    .trim()
    .refine((value) => value.length <= max, rule("tooLong", { max }))
    .optional();

export const INVOICE_TYPES = ["individual", "corporate"] as const;

/**
 * Who the invoice is made out to (`invoice` of POST /api/checkout). Individual: the billing name unless
 * another is given, and a TCKN if the buyer wants it printed. Corporate: the company's title, tax office
 * and VKN, all required. Identity numbers must pass their official check digits.
 */
export const invoiceBuyerSchema = z
  .object({
    type: z.enum(INVOICE_TYPES).default("individual"),
    name: text(200),
    taxOffice: text(100),
    taxNumber: text(10),
    nationalId: text(11),
  })
  .superRefine((value, ctx) => {
    const issue = (path: string, key: string) =>
      ctx.addIssue({ code: "custom", path: [path], input: value, ...rule(key) });
    if (value.type === "individual") {
      if (value.nationalId && !isValidTckn(value.nationalId)) issue("nationalId", "nationalIdInvalid");
      return;
    }
    if (!value.name) issue("name", "companyRequired");
    if (!value.taxOffice) issue("taxOffice", "taxOfficeRequired");
    if (!value.taxNumber) issue("taxNumber", "taxNumberRequired");
    else if (!isValidVkn(value.taxNumber)) issue("taxNumber", "taxNumberInvalid");
  })
  .transform((value): InvoiceBuyer => {
    if (value.type === "corporate") {
      return {
        type: "corporate",
        name: value.name ?? "",
        taxOffice: value.taxOffice ?? "",
        taxNumber: value.taxNumber ?? "",
      };
    }
    return {
      type: "individual",
      ...(value.name ? { name: value.name } : {}),
      ...(value.nationalId ? { nationalId: value.nationalId } : {}),
    };
  });
