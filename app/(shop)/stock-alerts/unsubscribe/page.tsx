import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { unsubscribeStockAlertAction } from "@/app/actions/stock-alerts";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { unsubscribeSchema } from "@/lib/stock-alerts/schemas";
import { alertToSend } from "@/lib/stock-alerts/service";
import { verifyUnsubscribe } from "@/lib/stock-alerts/token";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("stockAlerts.unsubscribe");
  return { title: t("title"), robots: { index: false } };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * Where an alert email's unsubscribe link leads: it names the subscription and asks; only the button
 * (a POST) ends it, so a mail scanner opening the link changes nothing.
 */
export default async function UnsubscribePage({ searchParams }: { searchParams: SearchParams }) {
  const t = await getTranslations("stockAlerts.unsubscribe");
  const link = unsubscribeSchema.safeParse(await searchParams);
  const valid = link.success && verifyUnsubscribe(link.data.id, link.data.sig, env().AUTH_SECRET);
  const alert = valid ? await alertToSend(getDb(), link.data.id) : null;
  return (
    <div className="mx-auto flex max-w-xl flex-col gap-4 rounded-lg border border-stone-200 bg-white p-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      {link.success && alert ? (
        <Form
          action={unsubscribeStockAlertAction}
          hidden={{ id: link.data.id, sig: link.data.sig }}
          testId="stock-alert-unsubscribe"
          className="flex flex-col gap-3"
        >
          <p className="text-sm text-stone-700">
            {t("confirm", { product: alert.productName, variant: alert.variantName })}
          </p>
          <div>
            <SubmitButton>{t("submit")}</SubmitButton>
          </div>
        </Form>
      ) : (
        <p className="text-sm text-stone-700">{t("invalid")}</p>
      )}
    </div>
  );
}
