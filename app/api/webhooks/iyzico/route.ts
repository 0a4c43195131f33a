import { createHash } from "node:crypto";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { json, readBody, route } from "@/lib/http";
import { confirmByHandle, receiveNotification } from "@/lib/payments/events";
import { verifyIyzicoNotification } from "@/lib/payments/iyzico";

/**
 * iyzico's notifications. The X-IYZ-SIGNATURE-V3 signature is checked before anything in the body is
 * believed; even then the body only names the payment (its Checkout Form token): the result is read back
 * from iyzico and applied once. Notifications of payments the store did not make through the Checkout Form
 * (no token) are acknowledged and ignored.
 */
export const POST = route(async (request) => {
  const raw = await readBody(request, 64 * 1024).catch(() => "");
  let body: Record<string, unknown> | null = null;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    // unreadable: refused below like a bad signature
  }
  if (!body || !verifyIyzicoNotification(body, request.headers.get("x-iyz-signature-v3"))) {
    throw new AppError("WEBHOOK_SIGNATURE_INVALID");
  }
  const token = typeof body.token === "string" ? body.token : null;
  const reference = typeof body.iyziReferenceCode === "string" ? body.iyziReferenceCode : null;
  await receiveNotification(
    getDb(),
    {
      id: `iyzico:${reference ?? createHash("sha256").update(raw).digest("hex")}`,
      provider: "iyzico",
      type: `${String(body.iyziEventType ?? "unknown")}:${String(body.status ?? "")}`,
      payload: body,
    },
    async () =>
      token ? ((await confirmByHandle(getDb(), "iyzico", token))?.outcome ?? "ignored") : "ignored",
  );
  return json({ received: true });
});
