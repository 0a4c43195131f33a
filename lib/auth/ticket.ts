import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * A short-lived, signed "this user has just been authenticated" note, so that the store can sign a
 * freshly registered user in through next-auth without verifying the password a second time. It is made
 * and consumed inside one server request and never sent to a browser.
 */
const TICKET_TTL_SECONDS = 60;

function signature(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(`sign-in-ticket:${payload}`).digest("base64url");
}

export function issueSignInTicket(userId: string, secret: string, now = new Date()): string {
  const payload = `${userId}.${Math.floor(now.getTime() / 1000) + TICKET_TTL_SECONDS}`;
  return `${payload}.${signature(payload, secret)}`;
}

/** The user id if the ticket is ours and unexpired, else null. */
export function verifySignInTicket(ticket: unknown, secret: string, now = new Date()): string | null {
  if (typeof ticket !== "string" || ticket.length > 200) return null;
  const parts = ticket.split(".");
  if (parts.length !== 3) return null;
  const [userId = "", expires = "", given = ""] = parts;
  const payload = `${userId}.${expires}`;
  const expected = Buffer.from(signature(payload, secret));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  if (!/^\d+$/.test(expires) || Number(expires) * 1000 < now.getTime()) return null;
  return userId || null;
}
