import "server-only";
import { revalidateTag } from "next/cache";
import { CATALOG_TAG } from "@/lib/catalog";

/**
 * After a catalogue change (product, variant, stock): cached listings and product pages expire at once, so
 * the next visitor (the staff member checking their edit included) gets a fresh render rather than the
 * stale copy that "max" (stale-while-revalidate) would serve once more. Outside a Next.js request
 * (scripts, tests calling handlers directly) there is no cache to refresh, so that case is skipped
 * instead of failing the change that already committed.
 */
export function revalidateCatalog(): void {
  try {
    revalidateTag(CATALOG_TAG, { expire: 0 });
  } catch (error) {
    if (error instanceof Error && error.message.includes("static generation store missing")) return;
    throw error;
  }
}
