import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { jobIdSchema, retryJob } from "@/lib/jobs/staff";

/** A job that gave up runs again now; 404 when no job of that id gave up (nothing to retry). */
export const POST = route<{ id: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  const id = jobIdSchema.safeParse(params.id);
  if (!id.success) throw new AppError("NOT_FOUND", { job: params.id });
  const job = await retryJob(getDb(), id.data);
  if (!job) throw new AppError("NOT_FOUND", { job: params.id });
  return json({ job });
});
