import type { Locale } from "@/lib/i18n/locale";
import enAccount from "./en/account.json";
import enCart from "./en/cart.json";
import enCatalog from "./en/catalog.json";
import enErrors from "./en/errors.json";
import enPricing from "./en/pricing.json";
import trAccount from "./tr/account.json";
import trCart from "./tr/cart.json";
import trCatalog from "./tr/catalog.json";
import trErrors from "./tr/errors.json";
import trPricing from "./tr/pricing.json";

/**
 * Every visible string, one JSON file per feature and language (messages/<locale>/<feature>.json),
 * merged here into one next-intl message tree. Add a feature's file to both lists.
 */
export const messages = {
  tr: { ...trCatalog, ...trCart, ...trPricing, ...trErrors, ...trAccount },
  en: { ...enCatalog, ...enCart, ...enPricing, ...enErrors, ...enAccount },
} satisfies Record<Locale, unknown>;

export type Messages = (typeof messages)["tr"];
