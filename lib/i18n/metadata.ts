import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { env } from "@/lib/env";
import type { Locale } from "./locale";

/** The store's metadata in one language: each `<html>` layout's (the root layout reads no environment). */
export async function storeMetadata(locale: Locale): Promise<Metadata> {
  const t = await getTranslations({ locale, namespace: "meta" });
  const { STORE_NAME, APP_URL } = env();
  return {
    metadataBase: new URL(APP_URL),
    title: { default: `${STORE_NAME} · ${t("tagline")}`, template: `%s · ${STORE_NAME}` },
    description: t("description"),
    openGraph: { siteName: STORE_NAME, type: "website" },
  };
}

/** A staff page's metadata: the title at `<namespace>.title`, and never indexed. */
export function staffPageMetadata(namespace: string): () => Promise<Metadata> {
  return async () => {
    const t = await getTranslations(namespace);
    return { title: t("title"), robots: { index: false, follow: false } };
  };
}
