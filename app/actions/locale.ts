"use server";

import { cookies, headers } from "next/headers";
import { RedirectType, redirect } from "next/navigation";
import { z } from "zod";
import { shopperAction } from "@/lib/actions/action";
import { safeNextPath } from "@/lib/auth/redirect";
import { LOCALE_COOKIE, LOCALES } from "@/lib/i18n/locale";

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
export const setLocale = shopperAction(
  { schema: z.object({ locale: z.enum(LOCALES) }) },
  async ({ locale }) => {
    (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: ONE_YEAR_SECONDS, sameSite: "lax" });
    // The cached pages (home, products) are chosen by proxy.ts from this cookie when the page is
    // requested, not while this action answers: request the page again to get it in the new language.
    const path = await currentPath();
    if (path) redirect(path, RedirectType.replace);
    return {};
  },
);
