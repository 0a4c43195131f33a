import "server-only";
import { revalidateTag } from "next/cache";
import { CATALOG_TAG } from "@/lib/catalog";

/**
 * After a catalogue change (product, variant, stock): cached listings and product pages are refreshed on
 * their next read. Outside a Next.js request (scripts, tests calling handlers directly) there is no cache
 * to refresh, so that case is skipped instead of failing the change that already committed.
 */
export function revalidateCatalog(): void {
  try {
    revalidateTag(CATALOG_TAG, "max");
  } catch (error) {
    if (error instanceof Error && error.message.includes("static generation store missing")) return;
    throw error;
  }
}
