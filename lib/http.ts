import { timingSafeEqual } from "node:crypto";
import { type NextRequest, NextResponse } from "next/server";
import type { z } from "zod";
import { env } from "@/lib/env";
import {
  AppError,
  type ErrorCode,
  isAppError,
  isDatabaseUnavailable,
  isInvalidValueForDatabase,
  isPaymentProviderError,
} from "@/lib/errors";
import { LOCALE_COOKIE, type Locale, resolveLocale } from "@/lib/i18n/locale";
import { formatMoney } from "@/lib/money";
import { validate } from "@/lib/validation";
import { messages } from "@/messages";

const errorMessages: Record<Locale, Record<string, string>> = {
  tr: messages.tr.errors,
  en: messages.en.errors,
};

/** Default cap for JSON bodies; routes that need more say so. */
export const MAX_JSON_BYTES = 16 * 1024;

export function requestLocale(request: NextRequest): Locale {
  return resolveLocale(request.cookies.get(LOCALE_COOKIE)?.value, request.headers.get("accept-language"));
}

/** Details that are amounts of money: shown formatted in the message ("₺750,00"), sent as integers. */
const MONEY_DETAILS = new Set(["minOrder", "refundable"]);

export function errorMessage(code: ErrorCode, locale: Locale, details: Record<string, unknown> = {}): string {
  const template = errorMessages[locale][code] ?? errorMessages.tr[code] ?? code;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = details[key];
    if (typeof value === "number" && MONEY_DETAILS.has(key))
      return formatMoney(value, env().STORE_CURRENCY, locale);
    return typeof value === "string" || typeof value === "number" ? String(value) : whole;
  });
}

export function errorBody(code: ErrorCode, locale: Locale, details: Record<string, unknown> = {}) {
  return { error: { code, message: errorMessage(code, locale, details), details } };
}

/** Turns anything thrown into the API.md error shape. Internal errors are logged, never sent. */
export function errorResponse(error: unknown, locale: Locale): NextResponse {
  if (isAppError(error)) {
    const headers = new Headers();
    const retryAfter = error.details.retryAfterSeconds;
    if (typeof retryAfter === "number") headers.set("Retry-After", String(retryAfter));
    return NextResponse.json(errorBody(error.code, locale, error.details), { status: error.status, headers });
  }
  if (isDatabaseUnavailable(error)) {
    return NextResponse.json(errorBody("SERVICE_UNAVAILABLE", locale), {
      status: 503,
      headers: { "Retry-After": "5" },
    });
  }
  if (isInvalidValueForDatabase(error)) {
    // PostgreSQL refused a value the schemas let through (a NUL character in text, say): bad input.
    return NextResponse.json(errorBody("VALIDATION_FAILED", locale, { fields: {} }), { status: 400 });
  }
  if (isPaymentProviderError(error)) {
    // Also what Stripe's webhook delivery needs: a non-2xx answer makes it deliver the event again.
    console.error("Payment provider error in route handler", error);
    return NextResponse.json(errorBody("PAYMENT_PROVIDER_ERROR", locale), { status: 502 });
  }
  console.error("Unhandled error in route handler", error);
  return NextResponse.json(errorBody("INTERNAL_ERROR", locale), { status: 500 });
}

type Handler<P> = (request: NextRequest, context: { params: P; locale: Locale }) => Promise<Response>;

/** The one wrapper every route handler uses: resolves the language and shapes every failure. */
export function route<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    const locale = requestLocale(request);
    try {
      return await handler(request, { params: await context.params, locale });
    } catch (error) {
      return errorResponse(error, locale);
    }
  };
}

/** Query string → object (first value of each key) → schema. */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  request: NextRequest,
  locale: Locale,
): z.output<S> {
  const query: Record<string, string> = {};
  for (const [key, value] of request.nextUrl.searchParams) {
    if (!Object.hasOwn(query, key)) query[key] = value;
  }
  return validate(schema, query, locale);
}

/** Reads a JSON body with a size cap and a content-type check, then validates it. */
export async function parseJson<S extends z.ZodType>(
  schema: S,
  request: NextRequest,
  locale: Locale,
  maxBytes = MAX_JSON_BYTES,
): Promise<z.output<S>> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) throw new AppError("UNSUPPORTED_MEDIA_TYPE");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", { maxBytes });
  const text = await readLimited(request, maxBytes);
  let body: unknown;
  try {
    body = text.length ? JSON.parse(text) : undefined;
  } catch {
    throw new AppError("VALIDATION_FAILED", { fields: { _: errorMessage("VALIDATION_FAILED", locale) } });
  }
  return validate(schema, body, locale);
}

async function readLimited(request: NextRequest, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError("PAYLOAD_TOO_LARGE", { maxBytes });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function json(data: unknown, init?: ResponseInit): NextResponse {
  return NextResponse.json(data, init);
}

/** Checks `Authorization: Bearer <secret>` in constant time; 401 when it is missing or wrong. */
export function requireBearer(request: NextRequest, secret: string | undefined): void {
  const header = request.headers.get("authorization") ?? "";
  const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : "");
  const expected = Buffer.from(secret ?? "");
  if (!secret || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError("UNAUTHORIZED");
  }
}
