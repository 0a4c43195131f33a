import { getTranslations } from "next-intl/server";
import type { AdminImage } from "@/lib/catalog/images";
import { currentLocale } from "@/lib/i18n/server";
import { ImageAltForm, ImageDeleteButton, ImageMoveButton, ImageUploadForm } from "./ImageForms";

/** A product's images in storefront order (the first is the listing picture), and the upload form. */
export async function ImageGallery({ productId, images }: { productId: number; images: AdminImage[] }) {
  const [t, locale] = await Promise.all([getTranslations("adminCatalog.images"), currentLocale()]);
  const move = (image: AdminImage, direction: "up" | "down", disabled: boolean) => (
    <ImageMoveButton
      imageId={image.id}
      direction={direction}
      disabled={disabled}
      label={`${t(direction === "up" ? "moveUp" : "moveDown")}: ${t("position", { n: image.position + 1 })}`}
    />
  );
  return (
    <div className="flex flex-col gap-4">
      {images.length === 0 ? (
        <p className="text-sm text-stone-600">{t("empty")}</p>
      ) : (
        <ol className="flex flex-col gap-3" data-testid="product-images">
          {images.map((image, index) => (
            <li
              key={image.id}
              className="flex flex-wrap items-start gap-3 rounded-md border border-stone-200 p-3"
            >
              {/* biome-ignore lint/performance/noImgElement: uploads are served as they are, like the storefront's images */}
              <img
                src={image.url}
                alt={image.alt[locale]}
                width={96}
                height={96}
                className="size-24 rounded object-cover"
              />
              <ImageAltForm image={image} />
              <div className="flex gap-2">
                {move(image, "up", index === 0)}
                {move(image, "down", index === images.length - 1)}
                <ImageDeleteButton imageId={image.id} />
              </div>
            </li>
          ))}
        </ol>
      )}
      <ImageUploadForm productId={productId} />
    </div>
  );
}
