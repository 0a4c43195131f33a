import pino, { type DestinationStream, type Logger } from "pino";
import { type LogLevel, logLevel } from "@/lib/env";

/**
 * Paths pino censors in every log line. Callers log chosen fields only, never whole requests or bodies;
 * this is the safety net for secrets (Authorization, cookies, Stripe keys, tokens), passwords and personal
 * data (emails, address lines) that reach a log call anyway, at the top level or one or two levels down.
 * Errors are logged as `err`; PostgreSQL's `detail` and `parameters` can quote the values of a row.
 */
const SENSITIVE_KEYS = [
  "authorization",
  "cookie",
  "set-cookie",
  "password",
  "passwordHash",
  "token",
  "secret",
  "clientSecret",
  "apiKey",
  "stripeKey",
  "email",
  "to",
  "phone",
  "line1",
  "line2",
  "address",
  "shippingAddress",
  "billingAddress",
];

export const REDACT_PATHS = [
  ...SENSITIVE_KEYS.flatMap((key) => [`["${key}"]`, `*["${key}"]`, `*.*["${key}"]`]),
  "err.detail",
  "err.parameters",
  "err.raw",
  "err.headers",
];

export function createLogger(level: LogLevel = logLevel(), destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}

/** The store's one logger: JSON lines on stdout (level from LOG_LEVEL; silent under tests unless set). */
export const log = createLogger();
