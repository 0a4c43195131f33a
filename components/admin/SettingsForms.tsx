"use client";

import { useTranslations } from "next-intl";
import { saveLegalTextAction, saveSellerAction } from "@/app/actions/admin-settings";
import { Field, TextArea } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { LegalTextKind } from "@/db/schema";
import type { Constraints } from "@/lib/forms/parse";
import type { Seller } from "@/lib/seller/settings";

const SELLER_FIELDS = [
  "legalName",
  "address",
  "district",
  "city",
  "taxOffice",
  "taxNumber",
  "mersisNo",
  "phone",
  "email",
  "kepAddress",
] as const satisfies readonly (keyof Seller)[];

/** The seller's identity as the pre-information form, the contract and the invoices print it. */
export function SellerForm({ seller, constraints }: { seller: Seller; constraints: Constraints }) {
  const t = useTranslations("legal.admin");
  const common = useTranslations("admin.common");
  return (
    <Form
      action={saveSellerAction}
      values={seller}
      constraints={constraints}
      idPrefix="seller"
      className="grid gap-3 sm:grid-cols-2"
      outcomeClassName="sm:col-span-2"
      testId="seller-settings"
    >
      {SELLER_FIELDS.map((name) => (
        <Field
          key={name}
          name={name}
          type={name === "email" ? "email" : "text"}
          label={t(`fields.${name}`)}
          className={name === "legalName" || name === "address" ? "sm:col-span-2" : undefined}
        />
      ))}
      <div className="sm:col-span-2">
        <SubmitButton className="min-h-11" pendingLabel={common("saving")}>
          {common("save")}
        </SubmitButton>
      </div>
    </Form>
  );
}

/** One legal text's editor: saving makes the next version (earlier versions are kept as they were). */
export function LegalTextForm({
  kind,
  body,
  placeholders,
}: {
  kind: LegalTextKind;
  body: string;
  placeholders: string[];
}) {
  const t = useTranslations("legal.admin");
  const common = useTranslations("admin.common");
  return (
    <Form
      action={saveLegalTextAction}
      values={{ body }}
      hidden={{ kind }}
      idPrefix={`legal-${kind}`}
      className="flex flex-col gap-3"
      testId={`legal-text-${kind}`}
    >
      <TextArea
        name="body"
        label={t("body")}
        rows={16}
        className="font-mono text-xs"
        hint={t("bodyHint", { names: placeholders.map((name) => `{{${name}}}`).join(", ") })}
      />
      <div>
        <SubmitButton className="min-h-11" pendingLabel={common("saving")}>
          {t("saveVersion")}
        </SubmitButton>
      </div>
    </Form>
  );
}
