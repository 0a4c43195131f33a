import type { Locale } from "@/lib/i18n/locale";
import enAccount from "./en/account.json";
import enAdmin from "./en/admin.json";
import enAdminCatalog from "./en/admin-catalog.json";
import enAdminPricing from "./en/admin-pricing.json";
import enAdminSearch from "./en/admin-search.json";
import enCart from "./en/cart.json";
import enCatalog from "./en/catalog.json";
import enCheckout from "./en/checkout.json";
import enCompare from "./en/compare.json";
import enEmail from "./en/email.json";
import enErrors from "./en/errors.json";
import enForms from "./en/forms.json";
import enInvoices from "./en/invoices.json";
import enLegal from "./en/legal.json";
import enPricing from "./en/pricing.json";
import enPrivacy from "./en/privacy.json";
import enReturns from "./en/returns.json";
import enReviews from "./en/reviews.json";
import enStockAlerts from "./en/stock-alerts.json";
import enStorefront from "./en/storefront.json";
import enWebhooks from "./en/webhooks.json";
import enWishlist from "./en/wishlist.json";
import trAccount from "./tr/account.json";
import trAdmin from "./tr/admin.json";
import trAdminCatalog from "./tr/admin-catalog.json";
import trAdminPricing from "./tr/admin-pricing.json";
import trAdminSearch from "./tr/admin-search.json";
import trCart from "./tr/cart.json";
import trCatalog from "./tr/catalog.json";
import trCheckout from "./tr/checkout.json";
import trCompare from "./tr/compare.json";
import trEmail from "./tr/email.json";
import trErrors from "./tr/errors.json";
import trForms from "./tr/forms.json";
import trInvoices from "./tr/invoices.json";
import trLegal from "./tr/legal.json";
import trPricing from "./tr/pricing.json";
import trPrivacy from "./tr/privacy.json";
import trReturns from "./tr/returns.json";
import trReviews from "./tr/reviews.json";
import trStockAlerts from "./tr/stock-alerts.json";
import trStorefront from "./tr/storefront.json";
import trWebhooks from "./tr/webhooks.json";
import trWishlist from "./tr/wishlist.json";

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
    ...trForms,
    ...trAccount,
    ...trEmail,
    ...trAdmin,
    ...trAdminCatalog,
    ...trAdminPricing,
    ...trAdminSearch,
    ...trStorefront,
    ...trInvoices,
    ...trReturns,
    ...trReviews,
    ...trPrivacy,
    ...trLegal,
    ...trStockAlerts,
    ...trWishlist,
    ...trWebhooks,
    ...trCompare,
  },
  en: {
    ...enCatalog,
    ...enCart,
    ...enPricing,
    ...enCheckout,
    ...enErrors,
    ...enForms,
    ...enAccount,
    ...enEmail,
    ...enAdmin,
    ...enAdminCatalog,
    ...enAdminPricing,
    ...enAdminSearch,
    ...enStorefront,
    ...enInvoices,
    ...enReturns,
    ...enReviews,
    ...enPrivacy,
    ...enLegal,
    ...enStockAlerts,
    ...enWishlist,
    ...enWebhooks,
    ...enCompare,
  },
} satisfies Record<Locale, unknown>;

export type Messages = (typeof messages)["tr"];
