import { requireAdminApi } from "@/lib/auth/api-guard";
import { revalidateCatalog } from "@/lib/catalog/cache";
import { createCategory, listCategories } from "@/lib/catalog/categories";
import { categoryInputSchema } from "@/lib/catalog/edit-schemas";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";

/** The whole tree in display order (every category right after its parent). */
export const GET = route(async (request) => {
  await requireAdminApi(request);
  return json({ items: await listCategories(getDb()) });
});

export const POST = route(async (request, { locale }) => {
  await requireAdminApi(request);
  const category = await createCategory(getDb(), await parseJson(categoryInputSchema, request, locale));
  revalidateCatalog();
  return json(category, { status: 201 });
});
