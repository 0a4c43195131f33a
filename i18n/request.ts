import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { isLocale, LOCALE_COOKIE, resolveLocale } from "@/lib/i18n/locale";
import { messages } from "@/messages";

// No locale in the visible URL. The statically rendered pages (app/[locale], reached through proxy.ts)
// set it from their segment with setRequestLocale; everywhere else it comes from the switcher's cookie,
// then Accept-Language, then Turkish.
export default getRequestConfig(async ({ requestLocale }) => {
  const fromSegment = await requestLocale;
  const locale = isLocale(fromSegment)
    ? fromSegment
    : resolveLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  return { locale, messages: messages[locale] };
});
