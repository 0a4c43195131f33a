import { requireAdminApi } from "@/lib/auth/api-guard";
import { revalidateCatalog } from "@/lib/catalog/cache";
import { imageAltSchema, productIdSchema } from "@/lib/catalog/edit-schemas";
import { addProductImage, listProductImages } from "@/lib/catalog/images";
import { getAdminProduct } from "@/lib/catalog/products";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, pathParam, readMultipart, route } from "@/lib/http";
import { getStorage } from "@/lib/storage";
import { MAX_IMAGE_BYTES } from "@/lib/storage/check";
import { validate } from "@/lib/validation";

const productId = (raw: string) => pathParam(productIdSchema, raw, "PRODUCT_NOT_FOUND");

/** Room for the multipart framing and the alt texts around the largest image accepted. */
const MAX_UPLOAD_BYTES = MAX_IMAGE_BYTES + 64 * 1024;

/** The gallery in the storefront's order (the first is the listing picture). */
export const GET = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  const id = productId(params.id);
  if (!(await getAdminProduct(getDb(), id))) throw new AppError("PRODUCT_NOT_FOUND", { id });
  return json({ items: await listProductImages(getDb(), id) });
});

/**
 * multipart/form-data with `file` and optional `altTr`, `altEn` (the page's form fields). The bytes are
 * checked by lib/catalog/images.ts as for the page's upload.
 */
export const POST = route<{ id: string }>(async (request, { params, locale }) => {
  await requireAdminApi(request);
  const id = productId(params.id);
  const form = await readMultipart(request, MAX_UPLOAD_BYTES);
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const alt = validate(imageAltSchema, { tr: text("altTr"), en: text("altEn") }, locale);
  const file = form.get("file");
  const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
  const image = await addProductImage(getDb(), getStorage(), id, { bytes, alt });
  revalidateCatalog();
  return json(image, { status: 201 });
});
