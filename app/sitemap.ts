import type { MetadataRoute } from "next";
import { activeProductSlugs, categoryTree } from "@/lib/catalog/queries";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";

// Built per request from the live catalogue (never at build time, which has no database).
export const dynamic = "force-dynamic";

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const base = env().APP_URL;
  const db = getDb();
  const [products, categories] = await Promise.all([activeProductSlugs(db), categoryTree(db, "tr")]);
  return [
    { url: `${base}/`, changeFrequency: "daily", priority: 1 },
    { url: `${base}/products`, changeFrequency: "daily", priority: 0.8 },
    ...categories
      .flatMap((c) => [c, ...c.children])
      .map((c) => ({
        url: `${base}/products?category=${c.slug}`,
        changeFrequency: "weekly" as const,
        priority: 0.6,
      })),
    ...products.map((p) => ({ url: `${base}/products/${p.slug}`, lastModified: p.updatedAt, priority: 0.7 })),
  ];
}
