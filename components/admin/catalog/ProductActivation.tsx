"use client";

import { useTranslations } from "next-intl";
import { setProductActiveAction } from "@/app/actions/admin-catalog";
import { Checkbox } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";

/** On sale ↔ hidden. Hiding takes a ticked confirmation, since shoppers lose the product at once. */
export function ProductActivation({ id, active }: { id: number; active: boolean }) {
  const t = useTranslations("adminCatalog.activation");
  return (
    <Form
      action={setProductActiveAction}
      hidden={{ id, active: active ? "false" : "true" }}
      className="flex flex-col gap-2"
      testId="product-activation"
    >
      <p className="text-sm">{active ? t("isActive") : t("isInactive")}</p>
      {active && <Checkbox name="confirm" label={t("confirm")} />}
      <div>
        <SubmitButton look={active ? "secondary" : "primary"}>
          {active ? t("deactivate") : t("activate")}
        </SubmitButton>
      </div>
    </Form>
  );
}
