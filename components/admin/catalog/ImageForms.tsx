"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { AdminFormState } from "@/app/actions/admin";
import { deleteImageAction, updateImageAltAction, uploadImageAction } from "@/app/actions/admin-catalog";
import { Field } from "@/components/account/Field";
import type { AdminImage } from "@/lib/catalog/images";
import { Outcome, primaryButton, secondaryButton } from "./fields";

/** A new image for the product (type checked on the server by its bytes, not its name). */
export function ImageUploadForm({ productId }: { productId: number }) {
  const t = useTranslations("adminCatalog.images");
  const [state, action, pending] = useActionState<AdminFormState, FormData>(uploadImageAction, {});
  const refill = state.ok ? undefined : state.values;
  return (
    <form
      action={action}
      noValidate
      className="grid gap-3 sm:grid-cols-3"
      data-testid="image-upload"
      key={JSON.stringify(state)}
    >
      <input type="hidden" name="productId" value={productId} />
      <Field
        id="image-file"
        name="file"
        type="file"
        label={t("file")}
        hint={t("fileHint")}
        accept="image/jpeg,image/png,image/webp,image/avif"
        required
        error={state.fields?.file}
      />
      <Field
        id="image-alt-tr"
        name="altTr"
        label={t("altTr")}
        hint={t("altHint")}
        maxLength={200}
        defaultValue={refill?.altTr}
        error={state.fields?.altTr}
      />
      <Field
        id="image-alt-en"
        name="altEn"
        label={t("altEn")}
        maxLength={200}
        defaultValue={refill?.altEn}
        error={state.fields?.altEn}
      />
      <div className="flex flex-col gap-1 sm:col-span-3">
        <div>
          <button type="submit" disabled={pending} className={primaryButton}>
            {t("upload")}
          </button>
        </div>
        <Outcome error={state.error} ok={state.ok} />
      </div>
    </form>
  );
}

export function ImageAltForm({ image }: { image: AdminImage }) {
  const t = useTranslations("adminCatalog.images");
  const [state, action, pending] = useActionState<AdminFormState, FormData>(updateImageAltAction, {});
  const refill = state.ok ? undefined : state.values;
  return (
    <form action={action} noValidate className="flex flex-1 flex-col gap-2" key={JSON.stringify(state)}>
      <input type="hidden" name="imageId" value={image.id} />
      <div className="grid gap-2 sm:grid-cols-2">
        <Field
          id={`alt-tr-${image.id}`}
          name="altTr"
          label={t("altTr")}
          maxLength={200}
          defaultValue={refill?.altTr ?? image.alt.tr}
          error={state.fields?.altTr}
        />
        <Field
          id={`alt-en-${image.id}`}
          name="altEn"
          label={t("altEn")}
          maxLength={200}
          defaultValue={refill?.altEn ?? image.alt.en}
          error={state.fields?.altEn}
        />
      </div>
      <div>
        <button type="submit" disabled={pending} className={secondaryButton}>
          {t("saveAlt")}
        </button>
      </div>
      <Outcome error={state.error} ok={state.ok} />
    </form>
  );
}

/** Deleting asks first: the image (and its file, when no other image uses it) is gone for good. */
export function ImageDeleteButton({ imageId }: { imageId: number }) {
  const t = useTranslations("adminCatalog.images");
  return (
    <form
      action={deleteImageAction}
      onSubmit={(event) => {
        if (!window.confirm(t("confirmDelete"))) event.preventDefault();
      }}
    >
      <input type="hidden" name="imageId" value={imageId} />
      <button type="submit" className={`${secondaryButton} text-red-800`}>
        {t("delete")}
      </button>
    </form>
  );
}
