import { requireAdminApi } from "@/lib/auth/api-guard";
import { revalidateCatalog } from "@/lib/catalog/cache";
import { categoryById, deleteCategory, updateCategory } from "@/lib/catalog/categories";
import { categoryPatchSchema, productIdSchema } from "@/lib/catalog/edit-schemas";
import { getDb } from "@/lib/db";
import { json, parseJson, pathParam, route } from "@/lib/http";

export const GET = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  return json(await categoryById(getDb(), pathParam(productIdSchema, params.id)));
});

/** Renames, moves or re-orders: the fields given change, the others keep their stored values. */
export const PATCH = route<{ id: string }>(async (request, { params, locale }) => {
  await requireAdminApi(request);
  const id = pathParam(productIdSchema, params.id);
  const patch = await parseJson(categoryPatchSchema, request, locale);
  const { slug, name, parentId, position } = await categoryById(getDb(), id);
  const category = await updateCategory(getDb(), id, { slug, name, parentId, position, ...patch });
  revalidateCatalog();
  return json(category);
});

export const DELETE = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  await deleteCategory(getDb(), pathParam(productIdSchema, params.id));
  revalidateCatalog();
  return new Response(null, { status: 204 });
});
