import { z } from "zod";
import { returnRequestSchema, returnSettingsSchema, returnTransitionSchema } from "@/lib/returns/schemas";

/**
 * The return forms (the order page's request, the staff's moves on /admin/returns/<returnNo>, the window
 * setting). Lines come as a repeated `sku` with `qty:<sku>`, `reason:<sku>` and `restock:<sku>` per line,
 * as the refund form sends them; a blank or 0 quantity leaves the line out.
 */

type Lines = Record<string, unknown>;
const orderNo = z.string().trim().min(1).max(64);
const returnNo = z.string().trim().min(1).max(64);

function picked(skus: string[], lines: Lines): string[] {
  return skus.filter((sku) => {
    const qty = lines[`qty:${sku}`];
    return qty !== undefined && qty !== "" && qty !== 0 && qty !== "0";
  });
}

export const returnRequestForm = z
  .object({
    orderNo,
    note: z.string().optional(),
    iban: z.string().optional(),
    sku: z.array(z.string()).default([]),
  })
  .catchall(z.unknown())
  .transform(({ orderNo, note, iban, sku, ...lines }) => ({
    orderNo,
    request: {
      lines: picked(sku, lines).map((s) => ({
        sku: s,
        qty: Number(lines[`qty:${s}`]),
        reason: lines[`reason:${s}`],
      })),
      ...(note?.trim() ? { note } : {}),
      ...(iban?.trim() ? { iban } : {}),
    } as z.input<typeof returnRequestSchema>,
  }))
  .pipe(z.object({ orderNo: z.string(), request: returnRequestSchema }));

export const returnTransitionForm = z
  .object({
    returnNo,
    to: z.string(),
    note: z.string().optional(),
    iban: z.string().optional(),
    sku: z.array(z.string()).default([]),
  })
  .catchall(z.unknown())
  .transform(({ returnNo, to, note, iban, sku, ...lines }) => ({
    returnNo,
    move: {
      to,
      ...(note?.trim() ? { note } : {}),
      ...(iban?.trim() ? { iban } : {}),
      // What arrived: every line of the form, 0 for a blank box.
      ...(to === "received" && sku.length
        ? {
            lines: sku.map((s) => ({
              sku: s,
              qty: Number(lines[`qty:${s}`] ?? 0) || 0,
              restock: lines[`restock:${s}`] === "on" || lines[`restock:${s}`] === true,
            })),
          }
        : {}),
    } as z.input<typeof returnTransitionSchema>,
  }))
  .pipe(z.object({ returnNo: z.string(), move: returnTransitionSchema }));

export const returnSettingsForm = returnSettingsSchema;

/** A path of the request's lines (`request.lines.1.qty`) → the box of that line (`qty:<sku>`, `reason:<sku>`). */
export function returnRequestField(path: string, formData: FormData): string {
  const match = /^request\.lines\.(\d+)\.(\w+)$/.exec(path);
  if (match) {
    const lines = Object.fromEntries(formData.entries());
    const sku = picked(formData.getAll("sku").map(String), lines)[Number(match[1])];
    if (sku) return `${match[2] === "reason" ? "reason" : "qty"}:${sku}`;
  }
  return path.replace(/^request\./, "");
}

/** `move.lines.1.qty` → `qty:<sku>`; `move.iban` → `iban`. */
export function returnTransitionField(path: string, formData: FormData): string {
  const match = /^move\.lines\.(\d+)\.\w+$/.exec(path);
  if (match) {
    const sku = formData.getAll("sku").map(String)[Number(match[1])];
    if (sku) return `qty:${sku}`;
  }
  return path.replace(/^move\./, "");
}
