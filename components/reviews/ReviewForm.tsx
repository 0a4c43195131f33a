"use client";

import { useTranslations } from "next-intl";
import { writeReviewAction } from "@/app/actions/reviews";
import { Field, Select, TextArea } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";

/** A verified buyer's review: the stars, a title, the text and up to 3 photos; it waits for the store's approval. */
export function ReviewForm({ slug, maxPhotos }: { slug: string; maxPhotos: number }) {
  const t = useTranslations("reviews");
  return (
    <Form
      action={writeReviewAction}
      hidden={{ slug }}
      values={{ rating: "5" }}
      className="flex flex-col gap-4"
      testId="review-form"
    >
      {(state) =>
        state.status === "ok" ? null : (
          <>
            <Select name="rating" label={t("form.rating")}>
              {[5, 4, 3, 2, 1].map((rating) => (
                <option key={rating} value={rating}>
                  {"★".repeat(rating)} {t("stars", { rating })}
                </option>
              ))}
            </Select>
            <Field name="title" label={t("form.titleField")} maxLength={120} />
            <TextArea name="body" label={t("form.body")} maxLength={2000} rows={6} />
            <Field
              name="photos"
              type="file"
              multiple
              accept="image/jpeg,image/png,image/webp,image/avif"
              label={t("form.photos")}
              hint={t("form.photosHint", { max: maxPhotos })}
            />
            <div>
              <SubmitButton>{t("form.submit")}</SubmitButton>
            </div>
          </>
        )
      }
    </Form>
  );
}
