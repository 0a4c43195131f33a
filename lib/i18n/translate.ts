import { createTranslator } from "next-intl";
import { messages } from "@/messages";
import type { Locale } from "./locale";

/** Text in a given language outside a React request (emails, payment instructions stored on orders). */
export function translator<N extends keyof (typeof messages)["tr"]>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: messages[locale], namespace });
}

/**
 * The same for keys built at run time (a validation message named by a service, a status): the key is
 * not checked against the messages at compile time, and a missing one shows as the key.
 */
export function textOf(
  locale: Locale,
  namespace: keyof (typeof messages)["tr"],
): (key: string, values?: Record<string, string | number>) => string {
  const t = createTranslator({ locale, messages: messages[locale], namespace });
  return (key, values) => t(key as never, values as never);
}

type Values = Record<string, unknown>;

const byLocale = {
  tr: createTranslator({ locale: "tr", messages: messages.tr }),
  en: createTranslator({ locale: "en", messages: messages.en }),
};

/**
 * A message by its full key ("errors.OUT_OF_STOCK") in a language, else in Turkish, else undefined, its
 * `{placeholders}` filled from the string and number values. Always through the translator: the store's
 * build compiles the messages (next.config.ts), so a message with placeholders is not a plain string there.
 */
export function messageText(locale: Locale, key: string, values: Values = {}): string | undefined {
  const filled = Object.fromEntries(
    Object.entries(values).filter(([, v]) => typeof v === "string" || typeof v === "number"),
  ) as Record<string, string | number>;
  for (const t of [byLocale[locale], byLocale.tr]) {
    if (t.has(key as never)) return t(key as never, filled as never);
  }
  return undefined;
}
