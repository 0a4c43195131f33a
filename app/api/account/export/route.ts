import { requireApiUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { route } from "@/lib/http";
import { exportResponse } from "@/lib/privacy/download";
import { exportPersonalData } from "@/lib/privacy/service";

/** `GET /api/account/export` (signed in) → 200 JSON file of everything the store holds about the shopper. */
export const GET = route(async () => {
  const user = await requireApiUser();
  const now = new Date();
  const { data } = await exportPersonalData(
    getDb(),
    { userId: user.id },
    { channel: "self_service", name: "customer" },
    now,
  );
  return exportResponse(data, now);
});
