"use server";

import { staffAction } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { dataSubjectSchema } from "@/lib/privacy/schemas";
import { eraseSubject } from "@/lib/privacy/service";

/**
 * The confirmed erasure of /admin/privacy (administrators): a request that came by e-mail or letter, for
 * the account of that email and every order placed with it, logged as a staff request.
 */
export const eraseDataAction = staffAction(
  { page: "/admin/privacy", role: "admin", schema: dataSubjectSchema, revalidate: ["/admin/privacy"] },
  async ({ email }, { staff }) => {
    await eraseSubject(getDb(), { email }, { channel: "staff", name: staff.name });
    return { redirect: `/admin/privacy?erased=${encodeURIComponent(email)}` };
  },
);
