import { requireAdminApi } from "@/lib/auth/api-guard";
import { createBrand, listBrands } from "@/lib/catalog/brands";
import { revalidateCatalog } from "@/lib/catalog/cache";
import { brandInputSchema } from "@/lib/catalog/edit-schemas";
import { getDb } from "@/lib/db";
import { json, parseJson, route } from "@/lib/http";

export const GET = route(async (request) => {
  await requireAdminApi(request);
  return json({ items: await listBrands(getDb()) });
});

export const POST = route(async (request, { locale }) => {
  await requireAdminApi(request);
  const brand = await createBrand(getDb(), await parseJson(brandInputSchema, request, locale));
  revalidateCatalog();
  return json(brand, { status: 201 });
});
