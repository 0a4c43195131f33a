"use client";

import { useTranslations } from "next-intl";
import { deleteAccountAction } from "@/app/actions/account";
import { Field } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";

/**
 * "Kişisel verilerim" on /account: the download of everything the store holds (GET /api/account/export)
 * and the account's deletion, confirmed with the password after a plain warning of what goes and what
 * the law makes the store keep. Staff accounts are closed in /admin/staff instead (`canDelete` false).
 */
export function PrivacySection({ canDelete }: { canDelete: boolean }) {
  const t = useTranslations("privacy.account");
  return (
    <section aria-labelledby="privacy-heading" className="rounded-lg border border-stone-200 bg-white p-5">
      <h2 id="privacy-heading" className="mb-1 font-semibold">
        {t("title")}
      </h2>
      <p className="mb-3 text-sm text-stone-600">{t("intro")}</p>
      <a
        href="/api/account/export"
        download
        className="inline-block rounded-md border border-brand-700 px-3 py-2 text-sm font-medium text-brand-800 hover:bg-brand-50"
        data-testid="privacy-export"
      >
        {t("download")}
      </a>
      {canDelete && (
        <div className="mt-5 border-t border-stone-100 pt-4">
          <h3 className="font-medium text-red-800">{t("deleteTitle")}</h3>
          <p className="mt-1 text-sm text-stone-700" data-testid="privacy-warning">
            {t("deleteWarning")}
          </p>
          <p className="mt-1 text-sm text-stone-600">{t("deleteKept")}</p>
          <Form
            action={deleteAccountAction}
            idPrefix="delete-account"
            className="mt-3 flex flex-col gap-3"
            testId="delete-account"
          >
            <Field
              name="password"
              type="password"
              label={t("password")}
              autoComplete="current-password"
              required
            />
            <div>
              <SubmitButton look="danger" pendingLabel={t("deleting")}>
                {t("delete")}
              </SubmitButton>
            </div>
          </Form>
        </div>
      )}
    </section>
  );
}
