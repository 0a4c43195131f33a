import { requireAdminApi } from "@/lib/auth/api-guard";
import { revalidateCatalog } from "@/lib/catalog/cache";
import { productCreateSchema, productListQuerySchema } from "@/lib/catalog/edit-schemas";
import { createProduct, listAdminProducts } from "@/lib/catalog/products";
import { getDb } from "@/lib/db";
import { json, parseJson, parseQuery, route } from "@/lib/http";

export const GET = route(async (request, { locale }) => {
  await requireAdminApi(request);
  return json(await listAdminProducts(getDb(), parseQuery(productListQuerySchema, request, locale)));
});

export const POST = route(async (request, { locale }) => {
  const actor = await requireAdminApi(request);
  const input = await parseJson(productCreateSchema, request, locale, 256 * 1024);
  const product = await createProduct(getDb(), input, { actor: actor.name, locale });
  revalidateCatalog();
  return json(product, { status: 201 });
});
