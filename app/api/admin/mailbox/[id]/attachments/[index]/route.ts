import { requireAdminApi } from "@/lib/auth/api-guard";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";
import { getDevEmail } from "@/lib/notifications/mailbox";

/**
 * A file attached to an email of the development mailbox, opened in the browser. `sandbox` keeps
 * whatever it holds from running scripts or reaching the staff section.
 */
export const GET = route<{ id: string; index: string }>(async (request, { params }) => {
  await requireAdminApi(request);
  const email = /^\d{1,15}$/.test(params.id) ? await getDevEmail(getDb(), Number(params.id)) : null;
  const file = /^\d{1,3}$/.test(params.index) ? email?.attachments[Number(params.index)] : undefined;
  if (!file) throw new AppError("NOT_FOUND", { attachment: params.index });
  return new Response(file.content, {
    status: 200,
    headers: {
      "content-type": file.contentType,
      "content-disposition": `inline; filename="${encodeURIComponent(file.filename)}"`,
      "content-security-policy": "sandbox",
      "cache-control": "private, no-store",
    },
  });
});
