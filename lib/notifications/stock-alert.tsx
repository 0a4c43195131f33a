import "server-only";
import { Button, Hr, Link, Text } from "@react-email/components";
import { createTranslator } from "next-intl";
import { DEFAULT_LOCALE, isLocale } from "@/lib/i18n/locale";
import { messages } from "@/messages";
import { type EmailSite, type RenderedEmail, renderShortEmail, styles } from "./templates";

/** What the back-in-stock email shows: the variant in the subscriber's language and its two links. */
export interface StockAlertEmail {
  locale: string;
  productName: string;
  variantName: string;
  /** The product page, with the variant chosen. */
  productUrl: string;
  /** The signed unsubscribe page. */
  unsubscribeUrl: string;
}

/** Renders the back-in-stock email (lib/stock-alerts/email.ts sends it), in the store's email style. */
export async function renderStockAlertEmail(alert: StockAlertEmail, site: EmailSite): Promise<RenderedEmail> {
  const locale = isLocale(alert.locale) ? alert.locale : DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: messages[locale], namespace: "stockAlerts.email" });
  const names = { product: alert.productName, variant: alert.variantName };
  return renderShortEmail(
    locale,
    t("subject", names),
    site,
    <>
      <Text style={styles.paragraph}>{t("intro", names)}</Text>
      <Text style={styles.paragraph}>{t("note")}</Text>
      <Button href={alert.productUrl} style={styles.button}>
        {t("view")}
      </Button>
      <Hr style={{ marginTop: "24px" }} />
      <Text style={styles.muted}>
        {t("footer", { store: site.storeName })}{" "}
        <Link href={alert.unsubscribeUrl} style={{ color: "#57534e" }}>
          {t("unsubscribe")}
        </Link>
      </Text>
    </>,
  );
}
