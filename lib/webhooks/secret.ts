import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Signing secrets and signatures of the Standard Webhooks specification. A secret is `whsec_` + base64 of
 * 32 random bytes; the key is those bytes. Stored encrypted (AES-256-GCM, key derived from AUTH_SECRET by
 * HKDF) because signing needs the secret itself: a database dump alone does not give it away. Changing
 * AUTH_SECRET therefore makes the stored secrets unreadable: endpoints must then be registered again.
 */

const PREFIX = "whsec_";

export function generateSecret(): string {
  return `${PREFIX}${randomBytes(32).toString("base64")}`;
}

function storageKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", env().AUTH_SECRET, "", "webhook-endpoint-secrets", 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`, each base64url. */
export function sealSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", storageKey(), iv);
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), sealed].map((part) => part.toString("base64url")).join(".");
}

export function openSecret(stored: string): string {
  const [, iv, tag, sealed] = stored.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !tag || !sealed) throw new Error("malformed stored webhook secret");
  const decipher = createDecipheriv("aes-256-gcm", storageKey(), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed), decipher.final()]).toString("utf8");
}

/** The three headers of a delivery: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`. */
export function signedHeaders(
  secret: string,
  messageId: string,
  at: Date,
  body: string,
): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const key = Buffer.from(secret.slice(PREFIX.length), "base64");
  const signature = createHmac("sha256", key).update(`${messageId}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": messageId, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` };
}
