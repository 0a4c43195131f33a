import type { NextRequest } from "next/server";
import { requireAdminApi } from "@/lib/auth/api-guard";
import { revalidateCatalog } from "@/lib/catalog/cache";
import { imagePatchSchema, productIdSchema } from "@/lib/catalog/edit-schemas";
import { deleteImage, listProductImages, moveImage, updateImageAlt } from "@/lib/catalog/images";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, parseJson, pathParam, route } from "@/lib/http";
import { getStorage } from "@/lib/storage";

type Params = { id: string; imageId: string };

/** The ids, once the image is known to be one of this product's (404 NOT_FOUND otherwise). */
async function imageOf(request: NextRequest, params: Params) {
  await requireAdminApi(request);
  const productId = pathParam(productIdSchema, params.id, "PRODUCT_NOT_FOUND");
  const imageId = pathParam(productIdSchema, params.imageId);
  const images = await listProductImages(getDb(), productId);
  if (!images.some((image) => image.id === imageId)) throw new AppError("NOT_FOUND", { id: params.imageId });
  return { productId, imageId };
}

/** New alt texts and/or a new place in the gallery (the other images close up around it). */
export const PATCH = route<Params>(async (request, { params, locale }) => {
  const { productId, imageId } = await imageOf(request, params);
  const patch = await parseJson(imagePatchSchema, request, locale);
  if (patch.alt) await updateImageAlt(getDb(), imageId, patch.alt);
  const gallery =
    patch.position === undefined
      ? await listProductImages(getDb(), productId)
      : await moveImage(getDb(), imageId, patch.position);
  revalidateCatalog();
  return json(gallery.find((image) => image.id === imageId));
});

export const DELETE = route<Params>(async (request, { params }) => {
  const { imageId } = await imageOf(request, params);
  await deleteImage(getDb(), getStorage(), imageId);
  revalidateCatalog();
  return new Response(null, { status: 204 });
});
