"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { createWebhookAction, updateWebhookAction } from "@/app/actions/webhooks";
import { Checkbox, Field } from "@/components/forms/Field";
import { Form, FormOutcome, useField } from "@/components/forms/Form";
import { FieldError } from "@/components/forms/Frame";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { Constraints } from "@/lib/forms/parse";
import type { FormState } from "@/lib/forms/state";

/** One checkbox per event (`all`: WEBHOOK_EVENTS, passed by the page); `checked` the endpoint's current ones. */
function EventChoices({ all, checked = [] }: { all: readonly string[]; checked?: readonly string[] }) {
  const t = useTranslations("webhooks.admin");
  const { id, error } = useField("events");
  return (
    <fieldset className="flex flex-col gap-1" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium">{t("events")}</legend>
      <div className="grid gap-x-4 sm:grid-cols-2">
        {all.map((event) => (
          <label key={event} className="flex min-h-10 items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="events"
              value={event}
              defaultChecked={checked.includes(event)}
              className="size-4"
            />
            <code className="font-mono text-xs">{event}</code>
          </label>
        ))}
      </div>
      <FieldError id={id} name="events" error={error} />
    </fieldset>
  );
}

function CopyButton({ text }: { text: string }) {
  const t = useTranslations("webhooks.admin");
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="rounded-md border border-stone-300 px-2.5 py-1 text-xs font-medium hover:bg-stone-100"
      onClick={async () => {
        await navigator.clipboard.writeText(text);
        setCopied(true);
      }}
    >
      {copied ? t("copied") : t("copy")}
    </button>
  );
}

/** Registers an endpoint and shows its signing secret this once, with a copy button. */
export function WebhookCreateForm({
  events,
  constraints,
}: {
  events: readonly string[];
  constraints?: Constraints;
}) {
  const t = useTranslations("webhooks.admin");
  return (
    <Form
      action={createWebhookAction}
      constraints={constraints}
      className="flex flex-col gap-3"
      outcome="none"
    >
      {(state: FormState<{ secret: string }>) => (
        <>
          <Field name="url" label={t("url")} type="url" placeholder="https://" />
          <Field name="description" label={t("description")} />
          <EventChoices all={events} />
          <SubmitButton className="self-start">{t("create")}</SubmitButton>
          {state.data ? (
            <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm">
              <p className="font-medium">{state.message}</p>
              <p className="mt-1 text-stone-600">{t("secret")}</p>
              <div className="mt-1 flex items-center gap-2">
                <code
                  className="block break-all rounded bg-white p-2 font-mono select-all"
                  data-testid="new-secret"
                >
                  {state.data.secret}
                </code>
                <CopyButton text={state.data.secret} />
              </div>
            </div>
          ) : (
            <FormOutcome state={state} />
          )}
        </>
      )}
    </Form>
  );
}

/** Changes an endpoint's URL, events, description and whether it is enabled. */
export function WebhookEditForm({
  endpoint,
  events,
  constraints,
}: {
  endpoint: { id: number; url: string; description: string; events: readonly string[]; enabled: boolean };
  events: readonly string[];
  constraints?: Constraints;
}) {
  const t = useTranslations("webhooks.admin");
  return (
    <Form
      action={updateWebhookAction}
      constraints={constraints}
      hidden={{ id: String(endpoint.id) }}
      values={{ url: endpoint.url, description: endpoint.description }}
      className="flex flex-col gap-3"
    >
      <Field name="url" label={t("url")} type="url" />
      <Field name="description" label={t("description")} />
      <EventChoices all={events} checked={endpoint.events} />
      <Checkbox name="enabled" label={t("enabled")} defaultChecked={endpoint.enabled} />
      <SubmitButton className="self-start">{t("save")}</SubmitButton>
    </Form>
  );
}
