import { randomUUID, timingSafeEqual } from "node:crypto";
import { type NextRequest, NextResponse } from "next/server";
import type { z } from "zod";
import { env } from "@/lib/env";
import {
  AppError,
  ERROR_STATUS,
  type ErrorCode,
  type FieldCode,
  isAppError,
  isDatabaseUnavailable,
  isInvalidValueForDatabase,
  isPaymentProviderError,
} from "@/lib/errors";
import { LOCALE_COOKIE, type Locale, resolveLocale } from "@/lib/i18n/locale";
import { messageText } from "@/lib/i18n/translate";
import { log } from "@/lib/log";
import { formatMoney } from "@/lib/money";
import { validate } from "@/lib/validation";

/** Default cap for JSON bodies; routes that need more say so. */
export const MAX_JSON_BYTES = 16 * 1024;

export function requestLocale(request: NextRequest): Locale {
  return resolveLocale(request.cookies.get(LOCALE_COOKIE)?.value, request.headers.get("accept-language"));
}

/** Details that are amounts of money: shown formatted in the message ("₺750,00"), sent as integers. */
const MONEY_DETAILS = new Set(["minOrder", "refundable"]);

/** OUT_OF_STOCK from a checkout is about several lines (`details.items`), not one line's `available`. */
function messageKey(code: ErrorCode, details: Record<string, unknown>): string {
  return code === "OUT_OF_STOCK" && typeof details.available !== "number" ? "OUT_OF_STOCK_LINES" : code;
}

/** The SKUs of a checkout's short lines, or "none" (the message's select) when the error names none. */
function shortSkus(details: Record<string, unknown>): string {
  const items = Array.isArray(details.items) ? (details.items as { sku?: unknown }[]) : [];
  const skus = items.map((item) => item.sku).filter((sku) => typeof sku === "string");
  return skus.length ? skus.join(", ") : "none";
}

export function errorMessage(code: ErrorCode, locale: Locale, details: Record<string, unknown> = {}): string {
  const values: Record<string, unknown> = { skus: shortSkus(details) };
  for (const [key, value] of Object.entries(details)) {
    values[key] =
      typeof value === "number" && MONEY_DETAILS.has(key)
        ? formatMoney(value, env().STORE_CURRENCY, locale)
        : value;
  }
  return messageText(locale, `errors.${messageKey(code, details)}`, values) ?? code;
}

/**
 * `details.fields` in words: a service names each refused input's message by its key (FieldCode, or a key
 * string); a schema's message is already text and stays as it is.
 */
export function fieldMessages(fields: unknown, locale: Locale): Record<string, string> | undefined {
  if (!fields || typeof fields !== "object") return undefined;
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    if (typeof message === "string") out[path] = messageText(locale, message) ?? message;
    else if (message && typeof (message as FieldCode).key === "string") {
      const { key, values } = message as FieldCode;
      out[path] = messageText(locale, key, values) ?? key;
    }
  }
  return out;
}

export function errorBody(code: ErrorCode, locale: Locale, details: Record<string, unknown> = {}) {
  const shown = details.fields ? { ...details, fields: fieldMessages(details.fields, locale) } : details;
  return { error: { code, message: errorMessage(code, locale, details), details: shown } };
}

interface Failure {
  code: ErrorCode;
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** What anything thrown answers with. Internal errors are logged here (with their stack), never sent. */
function describeError(error: unknown, requestId?: string): Failure {
  if (isAppError(error)) {
    const retryAfter = error.details.retryAfterSeconds;
    const headers: Record<string, string> = {};
    if (typeof retryAfter === "number") headers["Retry-After"] = String(retryAfter);
    // RFC 6750: a refused bearer token says so, so an app knows to refresh or sign in again.
    if (error.code === "INVALID_TOKEN" || error.code === "TOKEN_EXPIRED") {
      headers["WWW-Authenticate"] = 'Bearer error="invalid_token"';
    }
    return { code: error.code, details: error.details, headers };
  }
  if (isDatabaseUnavailable(error)) return { code: "SERVICE_UNAVAILABLE", headers: { "Retry-After": "5" } };
  // PostgreSQL refused a value the schemas let through (a NUL character in text, say): bad input.
  if (isInvalidValueForDatabase(error)) return { code: "VALIDATION_FAILED", details: { fields: {} } };
  if (isPaymentProviderError(error)) {
    // Also what Stripe's webhook delivery needs: a non-2xx answer makes it deliver the event again.
    log.error({ err: error, requestId }, "Payment provider error in route handler");
    return { code: "PAYMENT_PROVIDER_ERROR" };
  }
  log.error({ err: error, requestId }, "Unhandled error in route handler");
  return { code: "INTERNAL_ERROR" };
}

function failureResponse({ code, details, headers }: Failure, locale: Locale): NextResponse {
  return NextResponse.json(errorBody(code, locale, details), { status: ERROR_STATUS[code], headers });
}

/** Turns anything thrown into the API.md error shape. Internal errors are logged, never sent. */
export function errorResponse(error: unknown, locale: Locale): NextResponse {
  return failureResponse(describeError(error), locale);
}

/** An incoming `X-Request-Id` is kept only when it is a short token that is safe to log and echo. */
const SAFE_REQUEST_ID = /^[\w.:-]{1,64}$/;

export function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

type Handler<P> = (request: NextRequest, context: { params: P; locale: Locale }) => Promise<Response>;

/**
 * The one wrapper every route handler uses: resolves the language, shapes every failure, and logs one
 * line per request (id, method, path without the query string, status, duration, error code). The
 * request id is answered in `X-Request-Id`.
 */
export function route<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(request.headers);
    const locale = requestLocale(request);
    let response: Response;
    let code: ErrorCode | undefined;
    try {
      response = await handler(request, { params: await context.params, locale });
    } catch (error) {
      const failure = describeError(error, requestId);
      code = failure.code;
      response = failureResponse(failure, locale);
    }
    try {
      response.headers.set("x-request-id", requestId);
    } catch {
      // A response with immutable headers (Response.redirect, next-auth's answers): send a copy.
      response = new Response(response.body, response);
      response.headers.set("x-request-id", requestId);
    }
    log.info(
      {
        requestId,
        method: request.method,
        path: request.nextUrl.pathname.slice(0, 200),
        status: response.status,
        ms: Math.round(performance.now() - started),
        code,
      },
      "request",
    );
    return response;
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

/** The raw body as text, refused past `maxBytes` (413 PAYLOAD_TOO_LARGE): what signatures are computed over. */
export async function readBody(request: NextRequest, maxBytes = MAX_JSON_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", { maxBytes });
  return readLimited(request, maxBytes);
}

/** A form-encoded body (a browser's form post), with the same size cap and a content-type check. */
export async function readForm(request: NextRequest, maxBytes = MAX_JSON_BYTES) {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType))
    throw new AppError("UNSUPPORTED_MEDIA_TYPE");
  return new URLSearchParams(await readBody(request, maxBytes));
}

/** Whether the body is multipart/form-data (files), which some routes take besides JSON. */
export const isMultipart = (request: NextRequest) =>
  /^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "");

/**
 * A multipart/form-data body (files), with a size cap (413 PAYLOAD_TOO_LARGE past it, declared or read)
 * and a content-type check; a body that is not valid multipart is 400.
 */
export async function readMultipart(request: NextRequest, maxBytes: number): Promise<FormData> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!isMultipart(request)) throw new AppError("UNSUPPORTED_MEDIA_TYPE");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", { maxBytes });
  const bytes = await readBytes(request, maxBytes);
  try {
    return await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new AppError("VALIDATION_FAILED", { fields: {} });
  }
}

/** A path's id read with its schema; one that cannot be an id is the same 404 as an unknown one. */
export function pathParam<S extends z.ZodType>(
  schema: S,
  raw: string,
  code: ErrorCode = "NOT_FOUND",
): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError(code, { id: raw });
  return parsed.data;
}

async function readLimited(request: NextRequest, maxBytes: number): Promise<string> {
  return (await readBytes(request, maxBytes)).toString("utf8");
}

async function readBytes(request: NextRequest, maxBytes: number): Promise<Buffer<ArrayBuffer>> {
  if (!request.body) return Buffer.alloc(0);
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
  return Buffer.concat(chunks);
}

export function json(data: unknown, init?: ResponseInit): NextResponse {
  return NextResponse.json(data, init);
}

/** The token of an `Authorization: Bearer <token>` header, or null for no header or another scheme. */
export function bearerToken(authorization: string | null): string | null {
  const match = /^bearer(?:\s+(.*))?$/is.exec(authorization?.trim() ?? "");
  return match ? (match[1] ?? "").trim() : null;
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

/** A route whose every answer, errors included, must not be stored by any cache (tokens, RFC 6749 §5.1). */
export function noStore<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    const response = await handler(...args);
    response.headers.set("cache-control", "no-store");
    return response;
  };
}
