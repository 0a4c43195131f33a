import type { Locale } from "@/lib/i18n/locale";
import enAccount from "./en/account.json";
import enAdmin from "./en/admin.json";
import enCart from "./en/cart.json";
import enCatalog from "./en/catalog.json";
import enCheckout from "./en/checkout.json";
import enEmail from "./en/email.json";
import enErrors from "./en/errors.json";
import enPricing from "./en/pricing.json";
import trAccount from "./tr/account.json";
import trAdmin from "./tr/admin.json";
import trCart from "./tr/cart.json";
import trCatalog from "./tr/catalog.json";
import trCheckout from "./tr/checkout.json";
import trEmail from "./tr/email.json";
import trErrors from "./tr/errors.json";
import trPricing from "./tr/pricing.json";

/**
 * Every visible string, one JSON file per feature and language (messages/<locale>/<feature>.json),
 * merged here into one next-intl message tree. Add a feature's file to both lists.
 */
export const messages = {
  tr: {
    ...trCatalog,
    ...trCart,
    ...trPricing,
    ...trCheckout,
    ...trErrors,
    ...trAccount,
    ...trEmail,
    ...trAdmin,
  },
  en: {
    ...enCatalog,
    ...enCart,
    ...enPricing,
    ...enCheckout,
    ...enErrors,
    ...enAccount,
    ...enEmail,
    ...enAdmin,
  },
} satisfies Record<Locale, unknown>;

export type Messages = (typeof messages)["tr"];
