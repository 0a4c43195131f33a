"use server";

import { accountAction, staffAction } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { moderationForm, reviewForm } from "@/lib/forms/reviews";
import { createReview, moderateReview } from "@/lib/reviews/service";

/** The review forms' server actions, over the same lib/reviews services as the API. */

export const writeReviewAction = accountAction(
  { page: "/account", schema: reviewForm },
  async ({ slug, ...review }, { user, text }) => {
    await createReview(getDb(), slug, user.id, review);
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
