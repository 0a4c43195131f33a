import "server-only";
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Text,
  toPlainText,
} from "@react-email/components";
import { createTranslator } from "next-intl";
import { DEFAULT_LOCALE, isLocale } from "@/lib/i18n/locale";
import { messages } from "@/messages";
import { type EmailSite, PLAIN_TEXT, type RenderedEmail, renderEmail, styles } from "./templates";

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
  const subject = t("subject", names);
  const html = await renderEmail(
    <Html lang={locale}>
      <Head />
      <Preview>{subject}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.store}>{site.storeName}</Text>
          <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 16px" }}>
            {subject}
          </Heading>
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
        </Container>
      </Body>
    </Html>,
  );
  return { subject, html, text: toPlainText(html, PLAIN_TEXT) };
}
