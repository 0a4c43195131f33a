import "server-only";
import { Button, Text } from "@react-email/components";
import { createTranslator } from "next-intl";
import { DEFAULT_LOCALE } from "@/lib/i18n/locale";
import { messages } from "@/messages";
import { type EmailSite, type RenderedEmail, renderShortEmail, styles } from "./templates";

/** Tells an administrator that the store switched a webhook endpoint off (lib/webhooks/deliver.ts). */
export async function renderWebhookDisabledEmail(
  endpoint: { url: string; adminUrl: string },
  site: EmailSite,
): Promise<RenderedEmail> {
  // Staff accounts have no language of their own: the store's default.
  const locale = DEFAULT_LOCALE;
  const t = createTranslator({ locale, messages: messages[locale], namespace: "webhooks.email" });
  return renderShortEmail(
    locale,
    t("subject", { url: endpoint.url }),
    site,
    <>
      <Text style={styles.paragraph}>{t("intro", { url: endpoint.url })}</Text>
      <Text style={styles.paragraph}>{t("note")}</Text>
      <Button href={endpoint.adminUrl} style={styles.button}>
        {t("view")}
      </Button>
      <Text style={styles.muted}>{t("footer", { store: site.storeName })}</Text>
    </>,
  );
}
