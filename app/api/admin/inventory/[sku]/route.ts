import { requireAdminApi } from "@/lib/auth/api-guard";
import { revalidateCatalog } from "@/lib/catalog/cache";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseJson, route } from "@/lib/http";
import { setStockSchema } from "@/lib/inventory/schemas";
import { setStock, stockOfSku } from "@/lib/inventory/staff";

// Next.js hands route handlers their segments already decoded: decoding again would break on a "%".
const sku = (raw: string) => raw.trim().toUpperCase().slice(0, 64);

/** The SKU's stock and its latest 50 ledger rows. */
export const GET = route<{ sku: string }>(async (request, { params, locale }) => {
  await requireAdminApi(request);
  const found = await stockOfSku(getDb(), sku(params.sku), locale);
  if (!found) throw new AppError("PRODUCT_NOT_FOUND", { sku: sku(params.sku) });
  return json(found);
});

export const PUT = route<{ sku: string }>(async (request, { params, locale }) => {
  const actor = await requireAdminApi(request);
  const input = await parseJson(setStockSchema, request, locale);
  const level = await setStock(getDb(), sku(params.sku), input, { actor: actor.name, locale });
  revalidateCatalog();
  return json(level);
});
