"use client";

import { useTranslations } from "next-intl";
import { moderateReviewAction } from "@/app/actions/reviews";
import { TextArea } from "@/components/forms/Field";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";

/** Approve or reject a review, with the store's public reply (an empty one removes it). */
export function ReviewModeration({ id, reply }: { id: number; reply: string | null }) {
  const t = useTranslations("reviews.admin");
  return (
    <Form
      action={moderateReviewAction}
      hidden={{ id: String(id) }}
      values={{ reply: reply ?? "" }}
      idPrefix={`review-${id}`}
      className="flex min-w-64 flex-col gap-2"
      testId={`moderate-${id}`}
    >
      <TextArea name="reply" label={t("reply")} maxLength={2000} rows={2} />
      <div className="flex gap-2">
        <SubmitButton name="status" value="approved">
          {t("approve")}
        </SubmitButton>
        <SubmitButton name="status" value="rejected" look="danger">
          {t("reject")}
        </SubmitButton>
      </div>
    </Form>
  );
}
