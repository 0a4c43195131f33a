import { z } from "zod";
import { LEGAL_TEXT_KINDS } from "@/db/schema";
import { staffSchema } from "@/lib/accounts/schemas";
import { tokenCreateSchema } from "@/lib/admin/tokens";
import { idempotencyKeySchema } from "@/lib/checkout/schemas";
import { couponCreateSchema } from "@/lib/coupons/schemas";
import { setStockSchema } from "@/lib/inventory/schemas";
import { refundSchema, transitionSchema } from "@/lib/orders/schemas";
import { paymentSettingsSchema } from "@/lib/payments/settings";
import { sellerSchema } from "@/lib/seller/settings";
import { shipmentRequestSchema } from "@/lib/shipments/schemas";
import { checkbox, istanbulTime, listInput, moneyInput } from "./fields";

/** The forms of the staff pages (app/actions/admin*.ts validate with these, pages read their constraints). */

const orderNo = z.string().trim().min(1).max(64);
/** A record's id from a hidden input. */
const recordId = z.number().int().min(1).max(2_147_483_647);

export const transitionForm = z.intersection(
  transitionSchema,
  z.object({ orderNo, confirm: z.literal("yes").optional() }),
);

/**
 * A refund: an amount and/or units of the order's lines (`sku` repeated, with `qty:<sku>` and
 * `restock:<sku>` per line; a blank or 0 quantity leaves the line out), a reason, the retry key.
 */
export const refundForm = z
  .object({
    orderNo,
    amount: moneyInput.optional(),
    reason: z.string().optional(),
    idempotencyKey: idempotencyKeySchema,
    sku: z.array(z.string()).default([]),
  })
  .catchall(z.unknown())
  .transform(({ orderNo, amount, reason, idempotencyKey, sku, ...lines }) => ({
    orderNo,
    idempotencyKey,
    refund: { amount, reason: reason ?? "", items: refundLines(sku, lines) } as z.input<typeof refundSchema>,
  }))
  .pipe(z.object({ orderNo: z.string(), idempotencyKey: z.string(), refund: refundSchema }));

type Lines = Record<string, unknown>;

/** The lines picked with a quantity, in the form's order: `qty:<sku>` "2" → { sku, qty: 2 }. */
function pickedLines(skus: string[], lines: Lines) {
  return pickedSkus(skus, lines).map((sku) => ({ sku, qty: Number(lines[`qty:${sku}`]) }));
}

function refundLines(skus: string[], lines: Lines) {
  const items = pickedLines(skus, lines).map((line) => ({
    ...line,
    restock: lines[`restock:${line.sku}`] === "on" || lines[`restock:${line.sku}`] === true,
  }));
  return items.length ? items : undefined;
}

function pickedSkus(skus: string[], lines: Lines): string[] {
  return skus.filter((sku) => {
    const qty = lines[`qty:${sku}`];
    return qty !== undefined && qty !== "" && qty !== "0";
  });
}

/** A path of the picked lines (`refund.items.1.qty`) → the box of that line (`qty:<sku>`); else the input's name. */
function lineField(prefix: string, list: string) {
  const linePath = new RegExp(`^${prefix}\\.${list}\\.(\\d+)\\.\\w+$`);
  return (path: string, formData: FormData): string => {
    const match = linePath.exec(path);
    if (match) {
      const lines = Object.fromEntries(formData.entries());
      const skus = formData.getAll("sku").map(String);
      const sku = pickedSkus(skus, lines)[Number(match[1])];
      if (sku) return `qty:${sku}`;
    }
    return path.replace(new RegExp(`^${prefix}\\.`), "");
  };
}

/** `refund.items.1.qty` → the box of that line (`qty:<sku>`), `refund.amount` → `amount`. */
export const refundField = lineField("refund", "items");

/**
 * "Kargoya ver": the lines picked (`sku` repeated with `qty:<sku>`; none picked sends every unsent line),
 * the carrier and service (blank: the shipping method's).
 */
export const shipmentForm = z
  .object({
    orderNo,
    carrier: z.string().optional(),
    service: z.string().optional(),
    sku: z.array(z.string()).default([]),
  })
  .catchall(z.unknown())
  .transform(({ orderNo, carrier, service, sku, ...lines }) => {
    const picked = pickedLines(sku, lines);
    return {
      orderNo,
      shipment: {
        ...(picked.length ? { lines: picked } : {}),
        ...(carrier ? { carrier } : {}),
        ...(service?.trim() ? { service } : {}),
      },
    };
  })
  .pipe(z.object({ orderNo: z.string(), shipment: shipmentRequestSchema }));

/** `shipment.lines.0.qty` → `qty:<sku>`, `shipment.carrier` → `carrier`. */
export const shipmentField = lineField("shipment", "lines");

export const stockForm = z.intersection(setStockSchema, z.object({ sku: z.string().trim().min(1).max(64) }));

export const holdReleaseForm = z.object({
  sku: z.string().trim().toUpperCase().max(64),
  reservationId: recordId,
});

/**
 * The coupon form (components/admin/CouponForm.tsx, a new code or an existing one): one box for the
 * percent or the amount (whichever the type shows), lists typed in one box, times in Istanbul.
 */
export const couponForm = z
  .object({
    id: recordId.optional(),
    code: z.string(),
    type: couponCreateSchema.shape.type,
    percent: z.number().int().optional(),
    amount: moneyInput.optional(),
    startsAt: istanbulTime.optional(),
    expiresAt: istanbulTime.optional(),
    usageLimit: z.number().int().optional(),
    perCustomerLimit: z.number().int().optional(),
    minOrder: moneyInput.optional(),
    maxDiscount: moneyInput.optional(),
    skus: listInput,
    categories: listInput,
    stackable: checkbox,
  })
  .transform(({ id, percent, amount, skus, categories, maxDiscount, ...coupon }) => ({
    ...(id ? { id } : {}),
    coupon: {
      ...coupon,
      value: coupon.type === "percent" ? percent : coupon.type === "fixed" ? amount : undefined,
      maxDiscount: coupon.type === "percent" ? maxDiscount : undefined,
      appliesTo: { skus, categories: categories.map((c) => c.toLowerCase()) },
    } as z.input<typeof couponCreateSchema>,
  }))
  .pipe(z.object({ id: recordId.optional(), coupon: couponCreateSchema }));

/** The service's coupon paths as the form names its boxes. */
export function couponField(path: string, formData: FormData): string {
  const field = path.replace(/^coupon\./, "").replace(/^appliesTo\.(skus|categories).*$/, "$1");
  // The schema's `value` is the percent or the amount box, whichever the type shows.
  if (field === "value") return formData.get("type") === "percent" ? "percent" : "amount";
  return field;
}

export const couponSwitchForm = z.object({ id: recordId, active: z.enum(["true", "false"]) });

export const tokenForm = z.object({
  name: tokenCreateSchema.shape.name,
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const tokenRevokeForm = z.object({ id: z.string().regex(/^tok_[0-9a-f]{32}$/) });

export const staffForm = staffSchema;

export const staffRevokeForm = z.object({ id: z.string().min(1).max(64) });

export const paymentSettingsForm = z.object({
  cardProvider: paymentSettingsSchema.shape.cardProvider.optional().transform((value) => value ?? null),
  maxInstallments: paymentSettingsSchema.shape.maxInstallments,
});

/** /admin/shipping's setting: request a paid order's parcel at payment (ticked) or at confirmation. */
export const shipmentSettingsForm = z.object({ shipWhenPaid: checkbox });

/** An optional box of the seller's identity: an empty box (read as not given) is stored as "". */
const optionalBox = <T extends z.ZodType<string>>(schema: T) =>
  schema.optional().transform((value) => value ?? "");

/** /admin/settings: the seller's identity (lib/seller/settings.ts). */
export const sellerForm = sellerSchema.extend({
  mersisNo: optionalBox(sellerSchema.shape.mersisNo),
  kepAddress: optionalBox(sellerSchema.shape.kepAddress),
});

/** /admin/settings: a legal text saved as its next version. */
export const legalTextForm = z.object({
  kind: z.enum(LEGAL_TEXT_KINDS),
  body: z.string().trim().min(1).max(50_000),
});
