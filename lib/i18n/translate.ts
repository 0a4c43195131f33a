import { createTranslator } from "next-intl";
import { messages } from "@/messages";
import type { Locale } from "./locale";

/** Text in a given language outside a React request (emails, payment instructions stored on orders). */
export function translator<N extends keyof (typeof messages)["tr"]>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: messages[locale], namespace });
}
