import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { type Executor, rows } from "@/db/client";
import { catalogCode, type ImageAlt } from "@/lib/catalog/edit-schemas";
import { AppError } from "@/lib/errors";
import type { Storage } from "@/lib/storage";
import { checkImage } from "@/lib/storage/check";
import { lockMedia, releaseFiles, writingFiles } from "@/lib/storage/references";

export const MAX_IMAGES_PER_PRODUCT = 20;

export interface AdminImage {
  id: number;
  productId: number;
  url: string;
  alt: { tr: string; en: string };
  position: number;
}

const imageSelect = sql`select id, product_id as "productId", url, json_build_object('tr', alt_tr, 'en', alt_en) as alt,
    position from product_images`;

/** A product's images in the order the storefront shows them (the first is the listing picture). */
export function listProductImages(db: Executor, productId: number): Promise<AdminImage[]> {
  return rows<AdminImage>(db, sql`${imageSelect} where product_id = ${productId} order by position, id`);
}

/**
 * Adds an image at the end of a product's gallery. The bytes are judged by checkImage (lib/storage/check):
 * a refusal names `file`, and nothing is stored. An empty alt text is the product's name.
 */
export async function addProductImage(
  db: Database,
  storage: Storage,
  productId: number,
  upload: { bytes: Uint8Array; alt: ImageAlt },
): Promise<AdminImage> {
  const { type } = checkImage(upload.bytes, "file");
  return writingFiles(db, storage, (recording) =>
    db.transaction(async (tx) => {
      const [product] = await rows<{ name_tr: string; name_en: string; images: number }>(
        tx,
        sql`select name_tr, name_en, (select count(*)::int from product_images i where i.product_id = p.id) as images
        from products p where p.id = ${productId} for update`,
      );
      if (!product) throw new AppError("PRODUCT_NOT_FOUND", { id: productId });
      if (product.images >= MAX_IMAGES_PER_PRODUCT) {
        throw new AppError("VALIDATION_FAILED", {
          fields: { file: catalogCode("tooManyImages", { max: MAX_IMAGES_PER_PRODUCT }) },
        });
      }
      await lockMedia(tx);
      const stored = await recording.put(upload.bytes, type);
      const [image] = await rows<AdminImage>(
        tx,
        sql`insert into product_images (product_id, url, alt_tr, alt_en, position)
        values (${productId}, ${stored.url}, ${upload.alt.tr || product.name_tr}, ${upload.alt.en || product.name_en},
          (select coalesce(max(position) + 1, 0) from product_images where product_id = ${productId}))
        returning id, product_id as "productId", url, json_build_object('tr', alt_tr, 'en', alt_en) as alt, position`,
      );
      if (!image) throw new Error("image insert returned nothing");
      await tx.execute(sql`update products set updated_at = now() where id = ${productId}`);
      return image;
    }),
  );
}

async function lockImage(tx: Transaction, imageId: number): Promise<{ productId: number; url: string }> {
  const [image] = await rows<{ productId: number; url: string }>(
    tx,
    sql`select product_id as "productId", url from product_images where id = ${imageId}`,
  );
  if (!image) throw new AppError("NOT_FOUND", { id: imageId });
  // The product row is the gallery's lock (uploads take it too), so positions are never read half-changed.
  await tx.execute(sql`select id from products where id = ${image.productId} for update`);
  return image;
}

/** New alt texts; empty is the product's name. Unknown image → 404 NOT_FOUND. */
export async function updateImageAlt(db: Database, imageId: number, alt: ImageAlt): Promise<AdminImage> {
  return db.transaction(async (tx) => {
    await lockImage(tx, imageId);
    const [image] = await rows<AdminImage>(
      tx,
      sql`update product_images i set alt_tr = coalesce(nullif(${alt.tr}, ''), p.name_tr),
          alt_en = coalesce(nullif(${alt.en}, ''), p.name_en)
        from products p where p.id = i.product_id and i.id = ${imageId}
        returning i.id, i.product_id as "productId", i.url, json_build_object('tr', i.alt_tr, 'en', i.alt_en) as alt,
          i.position`,
    );
    if (!image) throw new AppError("NOT_FOUND", { id: imageId });
    return image;
  });
}

/**
 * Moves an image: `up`/`down` swaps it with its neighbour (the page's arrows), a number puts it at that
 * place (0 = first; past the end = last). Positions are renumbered 0, 1, 2…
 */
export async function moveImage(
  db: Database,
  imageId: number,
  to: "up" | "down" | number,
): Promise<AdminImage[]> {
  return db.transaction(async (tx) => {
    const { productId } = await lockImage(tx, imageId);
    const order = (await listProductImages(tx, productId)).map((image) => image.id);
    const from = order.indexOf(imageId);
    const target = to === "up" ? from - 1 : to === "down" ? from + 1 : Math.min(to, order.length - 1);
    if (target >= 0 && target < order.length) order.splice(target, 0, ...order.splice(from, 1));
    await tx.execute(sql`update product_images i set position = o.position - 1
      from unnest(${`{${order.join(",")}}`}::int[]) with ordinality as o(id, position) where i.id = o.id`);
    await tx.execute(sql`update products set updated_at = now() where id = ${productId}`);
    return listProductImages(tx, productId);
  });
}

/** Removes an image; its file goes too unless another image or a review photo uses the same bytes. */
export async function deleteImage(
  db: Database,
  storage: Storage,
  imageId: number,
): Promise<{ productId: number }> {
  return db.transaction(async (tx) => {
    const { productId, url } = await lockImage(tx, imageId);
    await lockMedia(tx);
    await tx.execute(sql`delete from product_images where id = ${imageId}`);
    await tx.execute(sql`update products set updated_at = now() where id = ${productId}`);
    await releaseFiles(tx, storage, [url]);
    return { productId };
  });
}
