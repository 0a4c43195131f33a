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
