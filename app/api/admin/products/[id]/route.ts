import { requireAdminApi } from "@/lib/auth/api-guard";
import { revalidateCatalog } from "@/lib/catalog/cache";
import { productIdSchema, productPatchSchema } from "@/lib/catalog/edit-schemas";
import { getAdminProduct, updateProduct } from "@/lib/catalog/products";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseJson, pathParam, route } from "@/lib/http";

const productId = (raw: string) => pathParam(productIdSchema, raw, "PRODUCT_NOT_FOUND");

export const GET = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  const product = await getAdminProduct(getDb(), productId(params.id));
  if (!product) throw new AppError("PRODUCT_NOT_FOUND", { id: params.id });
  return json(product);
});

export const PATCH = route<{ id: string }>(async (request, { params, locale }) => {
  const actor = await requireAdminApi(request);
  const id = productId(params.id);
  const input = await parseJson(productPatchSchema, request, locale, 256 * 1024);
  const product = await updateProduct(getDb(), id, input, { actor: actor.name, locale });
  revalidateCatalog();
  return json(product);
});
