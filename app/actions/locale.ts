"use server";

import { cookies, headers } from "next/headers";
import { RedirectType, redirect } from "next/navigation";
import { safeNextPath } from "@/lib/auth/redirect";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locale";

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

/** The page the switcher was used on (its Referer), as a same-site path. */
async function currentPath(): Promise<string | null> {
  try {
    const url = new URL((await headers()).get("referer") ?? "");
    return safeNextPath(`${url.pathname}${url.search}`);
  } catch {
    return null;
  }
}

/** The language switcher: a plain form, so it works without JavaScript too. */
export async function setLocale(formData: FormData): Promise<void> {
  const locale = formData.get("locale");
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: ONE_YEAR_SECONDS, sameSite: "lax" });
  // The cached pages (home, products) are chosen by proxy.ts from this cookie when the page is
  // requested, not while this action answers: request the page again to get it in the new language.
  const path = await currentPath();
  if (path) redirect(path, RedirectType.replace);
}
