import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The unsubscribe link of an alert email names the subscription and carries an HMAC of its id with the
 * app's secret, so only the email's recipient can end it (ids are guessable). It does not expire: an
 * unsubscribe link must keep working in an old email.
 */
export function unsubscribeSignature(alertId: number, secret: string): string {
  return createHmac("sha256", secret).update(`stock-alert-unsubscribe:${alertId}`).digest("base64url");
}

export function verifyUnsubscribe(alertId: number, given: string, secret: string): boolean {
  const expected = Buffer.from(unsubscribeSignature(alertId, secret));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The page's path (the locale's prefix is added by the caller when not Turkish). */
export function unsubscribePath(alertId: number, secret: string): string {
  return `/stock-alerts/unsubscribe?id=${alertId}&sig=${unsubscribeSignature(alertId, secret)}`;
}
