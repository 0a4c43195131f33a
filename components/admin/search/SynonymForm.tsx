"use client";

import { useTranslations } from "next-intl";
import { createSynonymsAction, deleteSynonymsAction } from "@/app/actions/admin-search";
import { DeleteButton } from "@/components/admin/catalog/DeleteButton";
import { Field } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { SynonymGroup } from "@/lib/search/synonyms";

/** A new synonym group ("kazak, süveter"), or an existing one's words with its delete button. */
export function SynonymForm({ group }: { group?: SynonymGroup }) {
  const t = useTranslations("adminSearch");
  if (group) {
    return (
      <Form
        action={deleteSynonymsAction}
        hidden={{ id: group.id }}
        idPrefix={`synonyms-${group.id}`}
        className="flex flex-wrap items-center justify-between gap-3"
        testId={`synonyms-${group.id}`}
      >
        <span className="font-medium">{group.terms.join(" ↔ ")}</span>
        <DeleteButton action={deleteSynonymsAction} label={t("delete")} />
      </Form>
    );
  }
  return (
    <Form
      action={createSynonymsAction}
      idPrefix="synonyms-new"
      className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start"
      outcomeClassName="sm:col-span-2"
      testId="synonyms-new"
    >
      <Field
        name="terms"
        label={t("terms")}
        hint={t("termsHint")}
        required
        maxLength={500}
        autoComplete="off"
      />
      <div className="sm:pt-6">
        <SubmitButton>{t("create")}</SubmitButton>
      </div>
    </Form>
  );
}
