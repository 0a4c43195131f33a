import Link from "next/link";
import type { ReactNode } from "react";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { FormAction } from "@/lib/forms/state";

/**
 * A confirmation step that needs no JavaScript: the page shows it for a GET link (`?confirm=…`), its
 * button posts the server action with `fields` (its refusal shown under it), and `cancel` leads back to the page without it.
 */
export function ConfirmStep({
  title,
  text,
  action,
  fields,
  confirm,
  cancel,
  testId,
}: {
  title?: string;
  text: ReactNode;
  action: FormAction;
  fields: Record<string, string | number>;
  confirm: string;
  cancel: { href: string; label: string };
  testId: string;
}) {
  return (
    <section
      aria-labelledby={title ? `${testId}-title` : undefined}
      className="flex flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4"
      data-testid={testId}
    >
      {title && (
        <h2 id={`${testId}-title`} className="font-semibold">
          {title}
        </h2>
      )}
      <p className="text-sm break-all">{text}</p>
      <div className="flex flex-wrap gap-2">
        <Form action={action} hidden={fields}>
          <SubmitButton>{confirm}</SubmitButton>
        </Form>
        <Link href={cancel.href} className="rounded-md border border-stone-300 bg-white px-4 py-2 text-sm">
          {cancel.label}
        </Link>
      </div>
    </section>
  );
}
