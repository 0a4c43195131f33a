"use client";

import { useTranslations } from "next-intl";
import {
  deleteImageAction,
  moveImageAction,
  updateImageAltAction,
  uploadImageAction,
} from "@/app/actions/admin-catalog";
import { Field } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import type { AdminImage } from "@/lib/catalog/images";

/** A new image for the product (type checked on the server by its bytes, not its name). */
export function ImageUploadForm({ productId }: { productId: number }) {
  const t = useTranslations("adminCatalog.images");
  return (
    <Form
      action={uploadImageAction}
      hidden={{ productId }}
      className="grid gap-3 sm:grid-cols-3"
      outcomeClassName="sm:col-span-3"
      testId="image-upload"
    >
      <Field
        id="image-file"
        name="file"
        type="file"
        label={t("file")}
        hint={t("fileHint")}
        accept="image/jpeg,image/png,image/webp,image/avif"
        required
      />
      <Field id="image-alt-tr" name="altTr" label={t("altTr")} hint={t("altHint")} maxLength={200} />
      <Field id="image-alt-en" name="altEn" label={t("altEn")} maxLength={200} />
      <div className="sm:col-span-3">
        <SubmitButton>{t("upload")}</SubmitButton>
      </div>
    </Form>
  );
}

export function ImageAltForm({ image }: { image: AdminImage }) {
  const t = useTranslations("adminCatalog.images");
  return (
    <Form
      action={updateImageAltAction}
      values={{ altTr: image.alt.tr, altEn: image.alt.en }}
      hidden={{ imageId: image.id }}
      className="flex flex-1 flex-col gap-2"
    >
      <div className="grid gap-2 sm:grid-cols-2">
        <Field id={`alt-tr-${image.id}`} name="altTr" label={t("altTr")} maxLength={200} />
        <Field id={`alt-en-${image.id}`} name="altEn" label={t("altEn")} maxLength={200} />
      </div>
      <div>
        <SubmitButton look="secondary">{t("saveAlt")}</SubmitButton>
      </div>
    </Form>
  );
}

/** Moves an image one place up or down in the storefront's order. */
export function ImageMoveButton({
  imageId,
  direction,
  disabled,
  label,
}: {
  imageId: number;
  direction: "up" | "down";
  disabled: boolean;
  label: string;
}) {
  return (
    <Form action={moveImageAction} hidden={{ imageId, direction }}>
      <SubmitButton look="secondary" disabled={disabled} aria-label={label}>
        {direction === "up" ? "↑" : "↓"}
      </SubmitButton>
    </Form>
  );
}

/** Deleting asks first: the image (and its file, when no other image uses it) is gone for good. */
export function ImageDeleteButton({ imageId }: { imageId: number }) {
  const t = useTranslations("adminCatalog.images");
  return (
    <Form action={deleteImageAction} hidden={{ imageId }}>
      <SubmitButton
        look="secondary"
        className="text-red-800"
        onClick={(event) => {
          if (!window.confirm(t("confirmDelete"))) event.preventDefault();
        }}
      >
        {t("delete")}
      </SubmitButton>
    </Form>
  );
}
