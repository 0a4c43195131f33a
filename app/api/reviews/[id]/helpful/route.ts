import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { voteHelpful } from "@/lib/reviews/service";
import { voterKey } from "@/lib/reviews/visitor";

/** One "helpful" vote per visitor; answers the review's count. */
export const POST = route<{ id: string }>(async (_request, { params }) => {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError("NOT_FOUND");
  return json(await voteHelpful(getDb(), id, await voterKey()), { headers: { "cache-control": "no-store" } });
});
