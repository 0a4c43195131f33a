import { requireAdminApi } from "@/lib/auth/api-guard";
import { brandById, deleteBrand, updateBrand } from "@/lib/catalog/brands";
import { revalidateCatalog } from "@/lib/catalog/cache";
import { brandPatchSchema, productIdSchema } from "@/lib/catalog/edit-schemas";
import { getDb } from "@/lib/db";
import { json, parseJson, pathParam, route } from "@/lib/http";

export const GET = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  return json(await brandById(getDb(), pathParam(productIdSchema, params.id)));
});

export const PATCH = route<{ id: string }>(async (request, { params, locale }) => {
  await requireAdminApi(request);
  const id = pathParam(productIdSchema, params.id);
  const patch = await parseJson(brandPatchSchema, request, locale);
  const { slug, name } = await brandById(getDb(), id);
  const brand = await updateBrand(getDb(), id, { slug, name, ...patch });
  revalidateCatalog();
  return json(brand);
});

export const DELETE = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  await deleteBrand(getDb(), pathParam(productIdSchema, params.id));
  revalidateCatalog();
  return new Response(null, { status: 204 });
});
