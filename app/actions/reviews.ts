"use server";

import { accountAction, staffAction } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { moderationForm, reviewForm } from "@/lib/forms/reviews";
import { createReview, moderateReview } from "@/lib/reviews/service";
import { photosOf } from "@/lib/reviews/upload";
import { getStorage } from "@/lib/storage";

/** The review forms' server actions, over the same lib/reviews services as the API. */

export const writeReviewAction = accountAction(
  { page: "/account", schema: reviewForm },
  async ({ slug, ...review }, { user, text, formData }) => {
    const photos = await photosOf(formData);
    await createReview(getDb(), slug, user.id, review, { storage: getStorage(), photos });
    return { message: text("reviews.form.sent") };
  },
);

/** Approve or reject, with the store's reply; the product's cached page shows it at once. */
export const moderateReviewAction = staffAction(
  { page: "/admin/reviews", schema: moderationForm, revalidate: ["/admin/reviews"], catalog: true },
  async ({ id, ...decision }, { text }) => {
    await moderateReview(getDb(), id, decision);
    return { message: text("reviews.admin.saved") };
  },
);
