import "server-only";
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Html,
  Preview,
  Text,
  toPlainText,
} from "@react-email/components";
import { createTranslator } from "next-intl";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale";
import { messages } from "@/messages";
import { type EmailSite, PLAIN_TEXT, type RenderedEmail, renderEmail, styles } from "./templates";

/** Tells an administrator that the store switched a webhook endpoint off (lib/webhooks/deliver.ts). */
export async function renderWebhookDisabledEmail(
  endpoint: { url: string; adminUrl: string },
  site: EmailSite,
): Promise<RenderedEmail> {
  // Staff accounts have no language of their own: the store's default.
  const locale = DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: messages[locale], namespace: "webhooks.email" });
  const subject = t("subject", { url: endpoint.url });
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
          <Text style={styles.paragraph}>{t("intro", { url: endpoint.url })}</Text>
          <Text style={styles.paragraph}>{t("note")}</Text>
          <Button href={endpoint.adminUrl} style={styles.button}>
            {t("view")}
          </Button>
          <Text style={styles.muted}>{t("footer", { store: site.storeName })}</Text>
        </Container>
      </Body>
    </Html>,
  );
  return { subject, html, text: toPlainText(html, PLAIN_TEXT) };
}
