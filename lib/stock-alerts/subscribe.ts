import "server-only";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locale";
import { hit } from "@/lib/rate-limit";
import { SUBSCRIBE_LIMIT, subscribe } from "./service";

/**
 * A visitor's subscription, as the API route and the product page's form make it: the signed-in
 * account's email (a typed one is ignored), else the one given (required → 400 at `email`), limited per IP.
 */
export async function subscribeVisitor(
  input: { slug: string; sku: string; email?: string },
  request: { ip: string; locale: Locale },
): Promise<{ email: string }> {
  const user = await getCurrentUser();
  const email = (user?.email ?? input.email)?.toLowerCase();
  if (!email) throw new AppError("VALIDATION_FAILED", { fields: { email: { key: "forms.required" } } });
  await hit(getDb(), "stock_alerts", request.ip, SUBSCRIBE_LIMIT);
  await subscribe(getDb(), input.slug, input.sku, { email, locale: request.locale, userId: user?.id });
  return { email };
}
