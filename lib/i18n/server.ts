import { notFound } from "next/navigation";
import { getLocale, setRequestLocale } from "next-intl/server";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./locale";

/** The current request's language, typed. */
export async function currentLocale(): Promise<Locale> {
  const locale = await getLocale();
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

/**
 * The language of a statically rendered page, from its [locale] segment (proxy.ts rewrites the visible
 * URL to it from the visitor's cookie), told to next-intl so that it reads no cookie. Every layout and
 * page under app/[locale] calls this first.
 */
export async function segmentLocale(params: Promise<{ locale: string }>): Promise<Locale> {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  return locale;
}
