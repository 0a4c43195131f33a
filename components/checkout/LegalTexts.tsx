"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { Checkbox } from "@/components/forms/Field";
import type { PreContract } from "@/lib/legal/contracts";

/**
 * The pre-information form and the distance sales contract before the order button, each in a
 * scrollable panel. The HTML comes from
 * lib/legal/render.ts, which escapes every character staff or shoppers typed.
 */
export function LegalTexts({ legal, updating }: { legal: PreContract; updating: boolean }) {
  const t = useTranslations("legal.checkout");
  const documents = [
    { key: "preInformation", html: legal.preInformation },
    { key: "contract", html: legal.contract },
  ] as const;
  return (
    <section aria-labelledby="legal-heading" className="flex flex-col gap-3">
      <h2 id="legal-heading" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      {documents.map(({ key, html }) => (
        <details key={key} open className="rounded-md border border-stone-200 bg-white">
          <summary className="cursor-pointer p-3 text-sm font-medium">{t(key)}</summary>
          <div
            className="legal-document max-h-64 overflow-y-auto border-t border-stone-200 p-3 text-sm"
            data-testid={`legal-${key}`}
            // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and escaped by lib/legal/render.ts
            dangerouslySetInnerHTML={{ __html: html }}
          />
        </details>
      ))}
      <p aria-live="polite" className="min-h-4 text-xs text-stone-500">
        {updating ? t("updating") : ""}
      </p>
    </section>
  );
}

/** The box the shopper must tick, and the KVKK notice, right above the order button. */
export function TermsAcceptance() {
  const t = useTranslations("legal.checkout");
  return (
    <div className="flex flex-col gap-2 text-sm">
      <Checkbox name="acceptedTerms" label={t("accept")} />
      <Link href="/legal/privacy" target="_blank" className="text-brand-700 underline">
        {t("privacy")}
      </Link>
    </div>
  );
}
