"use client";

import { useTranslations } from "next-intl";
import { shipmentSettingsAction } from "@/app/actions/admin";
import { Checkbox } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";

/** Whether a paid order's parcel is requested from the carrier at payment (default: when staff confirm it). */
export function ShipmentSettingsForm({ shipWhenPaid }: { shipWhenPaid: boolean }) {
  const t = useTranslations("admin.orders.shipments");
  return (
    <Form action={shipmentSettingsAction} className="flex flex-col gap-3" testId="shipment-settings">
      <Checkbox name="shipWhenPaid" label={t("shipWhenPaid")} defaultChecked={shipWhenPaid} />
      <div>
        <SubmitButton>{t("saveSettings")}</SubmitButton>
      </div>
    </Form>
  );
}
