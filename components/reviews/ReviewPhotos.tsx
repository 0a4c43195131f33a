import { getTranslations } from "next-intl/server";
import type { ReviewPhoto } from "@/lib/reviews/service";

/**
 * A review's photos as small thumbnails, each a link to the full picture. Loaded lazily (they sit below
 * the fold) and sized from their stored dimensions, so the page does not shift as they arrive.
 */
export async function ReviewPhotos({ photos, author }: { photos: ReviewPhoto[]; author: string }) {
  if (!photos.length) return null;
  const t = await getTranslations("reviews");
  return (
    <ul className="flex flex-wrap gap-2" data-testid="review-photos">
      {photos.map((photo, index) => (
        <li key={photo.url}>
          <a href={photo.url} target="_blank" rel="noopener">
            {/* biome-ignore lint/performance/noImgElement: uploads are served as they are, like the storefront's images */}
            <img
              src={photo.url}
              width={photo.width}
              height={photo.height}
              alt={t("photoAlt", { author, number: index + 1 })}
              loading="lazy"
              decoding="async"
              className="h-20 w-auto max-w-40 rounded border border-stone-200 object-cover"
            />
          </a>
        </li>
      ))}
    </ul>
  );
}
