"use server";

import { z } from "zod";
import { staffAction } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { jobRetrySchema, retryJob } from "@/lib/jobs/staff";

/** Only a relative /admin/jobs URL (the list with its filters) is followed back after the retry. */
const back = z
  .string()
  .optional()
  .transform((raw) => (raw && /^\/admin\/jobs(\?[\w=&%-]*)?$/.test(raw) ? raw : "/admin/jobs"));

function withResult(url: string, result: "retried" | "notRetried"): string {
  return `${url}${url.includes("?") ? "&" : "?"}result=${result}`;
}

/**
 * "Retry" from /admin/jobs: staff only (checked on the server), the job id validated, then a job that
 * gave up runs again now with a fresh series of attempts. A plain form post: works without JavaScript.
 */
export const retryJobAction = staffAction(
  { page: "/admin/jobs", schema: jobRetrySchema.extend({ back }), revalidate: ["/admin/jobs"] },
  async ({ id, back }) => {
    const job = await retryJob(getDb(), id);
    return { redirect: withResult(back, job ? "retried" : "notRetried") };
  },
);
