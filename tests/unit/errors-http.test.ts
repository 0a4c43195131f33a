import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, ERROR_STATUS, type ErrorCode, isAppError, isDatabaseUnavailable } from "@/lib/errors";
import {
  errorBody,
  errorMessage,
  errorResponse,
  MAX_JSON_BYTES,
  parseJson,
  parseQuery,
  requestLocale,
} from "@/lib/http";
import { log } from "@/lib/log";
import { fieldErrors, validate } from "@/lib/validation";
import { messages } from "@/messages";

const CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** Runs `fn` and returns what it threw (fails the test if nothing was thrown). */
async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

async function appError(fn: () => unknown): Promise<AppError> {
  const error = await caught(fn);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ERROR_STATUS and AppError", () => {
  it.each(CODES)("%s has an HTTP error status", (code) => {
    const status = ERROR_STATUS[code];
    expect(Number.isInteger(status)).toBe(true);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
  });

  it("maps the contract's well-known codes to their statuses", () => {
    expect(ERROR_STATUS.VALIDATION_FAILED).toBe(400);
    expect(ERROR_STATUS.PRODUCT_NOT_FOUND).toBe(404);
    expect(ERROR_STATUS.OUT_OF_STOCK).toBe(409);
    expect(ERROR_STATUS.COUPON_INVALID).toBe(422);
    expect(ERROR_STATUS.RATE_LIMITED).toBe(429);
    expect(ERROR_STATUS.INTERNAL_ERROR).toBe(500);
    expect(ERROR_STATUS.SERVICE_UNAVAILABLE).toBe(503);
  });

  it("AppError carries code, status and details", () => {
    const error = new AppError("OUT_OF_STOCK", { available: 2 });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe("OUT_OF_STOCK");
    expect(error.status).toBe(409);
    expect(error.details).toEqual({ available: 2 });
    expect(error.name).toBe("AppError");
    expect(error.message).toBe("OUT_OF_STOCK");
    expect(isAppError(error)).toBe(true);
    expect(isAppError(new Error("x"))).toBe(false);
  });

  it("AppError defaults details to {} and accepts a message", () => {
    const error = new AppError("NOT_FOUND", undefined, "no such row");
    expect(error.details).toEqual({});
    expect(error.status).toBe(404);
    expect(error.message).toBe("no such row");
  });
});

describe("error messages", () => {
  const catalogs: [string, Record<string, string>][] = [
    ["tr", messages.tr.errors],
    ["en", messages.en.errors],
  ];

  it.each(catalogs)("messages/%s.json has a non-empty message for every code", (_locale, messages) => {
    const missing = CODES.filter((code) => typeof messages[code] !== "string" || messages[code] === "");
    expect(missing).toEqual([]);
  });

  it("the tr and en catalogues use the same placeholders per code", () => {
    const placeholders = (text: string | undefined) =>
      [...(text ?? "").matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const errorsTr: Record<string, string> = messages.tr.errors;
    const errorsEn: Record<string, string> = messages.en.errors;
    for (const code of CODES)
      expect([code, placeholders(errorsEn[code])]).toEqual([code, placeholders(errorsTr[code])]);
  });

  it.each(["tr", "en"] as const)("errorMessage interpolates {available} in %s", (locale) => {
    const message = errorMessage("OUT_OF_STOCK", locale, { available: 3 });
    expect(message).toContain("3");
    expect(message).not.toContain("{available}");
  });

  it("errorMessage gives the text in the requested language", () => {
    expect(errorMessage("CART_EMPTY", "tr")).toBe(messages.tr.errors.CART_EMPTY);
    expect(errorMessage("CART_EMPTY", "en")).toBe(messages.en.errors.CART_EMPTY);
    expect(errorMessage("CART_EMPTY", "tr")).not.toBe(errorMessage("CART_EMPTY", "en"));
  });

  it("OUT_OF_STOCK from a checkout names its short lines, or says so plainly when it names none", () => {
    const items = [
      { sku: "KTS-BASIC-BLK-L", requested: 3, available: 1 },
      { sku: "CNT-TOTE-NAT", requested: 1, available: 0 },
    ];
    expect(errorMessage("OUT_OF_STOCK", "tr", { items })).toBe(
      "Yeterli stok yok: KTS-BASIC-BLK-L, CNT-TOTE-NAT. Adetleri sepetinizde değiştirebilirsiniz.",
    );
    expect(errorMessage("OUT_OF_STOCK", "en", { orderNo: "SP-1" })).toBe(
      "There is no longer enough stock for this order.",
    );
    expect(errorMessage("OUT_OF_STOCK", "en", { available: { nested: 1 } })).not.toContain("{");
  });

  it("errorBody has exactly the {error:{code,message,details}} shape", () => {
    const body = errorBody("OUT_OF_STOCK", "en", { available: 3 });
    expect(Object.keys(body)).toEqual(["error"]);
    expect(Object.keys(body.error).sort()).toEqual(["code", "details", "message"]);
    expect(body).toEqual({
      error: {
        code: "OUT_OF_STOCK",
        message: errorMessage("OUT_OF_STOCK", "en", { available: 3 }),
        details: { available: 3 },
      },
    });
  });

  it("errorBody defaults details to {}", () => {
    expect(errorBody("NOT_FOUND", "tr").error.details).toEqual({});
  });
});

describe("isDatabaseUnavailable", () => {
  it.each([
    ["ECONNREFUSED", { code: "ECONNREFUSED" }],
    ["ECONNRESET", { code: "ECONNRESET" }],
    ["postgres.js CONNECT_TIMEOUT", { code: "CONNECT_TIMEOUT" }],
    ["admin shutdown 57P01", Object.assign(new Error("terminating connection"), { code: "57P01" })],
    ["cannot connect now 57P03", { code: "57P03" }],
    ["connection failure 08006", { code: "08006" }],
    ["cause with ECONNREFUSED", new Error("query failed", { cause: { code: "ECONNREFUSED" } })],
    [
      "deeper cause",
      new Error("a", { cause: new Error("b", { cause: Object.assign(new Error("c"), { code: "08001" }) }) }),
    ],
  ])("true for %s", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a plain Error", new Error("boom")],
    ["a unique violation 23505", { code: "23505" }],
    ["a syntax error 42601", { code: "42601" }],
    ["an AppError", new AppError("NOT_FOUND")],
    ["a numeric code", { code: 8006 }],
    ["null", null],
    ["undefined", undefined],
    ["a string", "ECONNREFUSED"],
  ])("false for %s", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("terminates on a cyclic cause chain", () => {
    const a: { code: string; cause?: unknown } = { code: "23505" };
    a.cause = a;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});

describe("errorResponse", () => {
  it("turns an AppError into its status and API body", async () => {
    const res = errorResponse(new AppError("OUT_OF_STOCK", { available: 3 }), "en");
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("retry-after")).toBeNull();
    const body = await res.json();
    expect(body).toEqual({
      error: {
        code: "OUT_OF_STOCK",
        message: errorMessage("OUT_OF_STOCK", "en", { available: 3 }),
        details: { available: 3 },
      },
    });
  });

  it("uses the requested language for the message", async () => {
    const trBody = await errorResponse(new AppError("PRODUCT_NOT_FOUND"), "tr").json();
    const enBody = await errorResponse(new AppError("PRODUCT_NOT_FOUND"), "en").json();
    expect(trBody.error.message).toBe(messages.tr.errors.PRODUCT_NOT_FOUND);
    expect(enBody.error.message).toBe(messages.en.errors.PRODUCT_NOT_FOUND);
  });

  it("turns a validation failure from validate() into 400 VALIDATION_FAILED with dotted field paths", async () => {
    const schema = z.object({ a: z.object({ b: z.number() }), list: z.array(z.string()) });
    const error = await caught(() => validate(schema, { a: { b: "x" }, list: ["ok", 5] }, "en"));
    const res = errorResponse(error, "en");
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.message).toBe(messages.en.errors.VALIDATION_FAILED);
    expect(Object.keys(body.error.details.fields).sort()).toEqual(["a.b", "list.1"]);
    expect(typeof body.error.details.fields["a.b"]).toBe("string");
    expect(body.error.details.fields["a.b"].length).toBeGreaterThan(0);
  });

  it("hides an unknown error behind 500 INTERNAL_ERROR without message or stack", async () => {
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    const secret = new Error('relation "users" leaked: SELECT password_hash FROM users');
    const res = errorResponse(secret, "en");
    expect(res.status).toBe(500);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body).toEqual({
      error: { code: "INTERNAL_ERROR", message: messages.en.errors.INTERNAL_ERROR, details: {} },
    });
    expect(text).not.toContain("password_hash");
    expect(text).not.toContain("SELECT");
    expect(text).not.toContain("    at ");
    expect(text).not.toContain(String(secret.stack).split("\n")[1]?.trim() ?? "never");
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it("hides thrown non-Error values too", async () => {
    vi.spyOn(log, "error").mockImplementation(() => {});
    const res = errorResponse("db password is hunter2", "tr");
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("hunter2");
  });

  it("turns a connection error into 503 SERVICE_UNAVAILABLE with Retry-After", async () => {
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    const error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const res = errorResponse(error, "tr");
    expect(res.status).toBe(503);
    const retryAfter = res.headers.get("retry-after");
    expect(retryAfter).not.toBeNull();
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe("SERVICE_UNAVAILABLE");
    expect(JSON.parse(text).error.message).toBe(messages.tr.errors.SERVICE_UNAVAILABLE);
    expect(text).not.toContain("127.0.0.1");
    expect(logged).not.toHaveBeenCalled();
  });

  it("turns RATE_LIMITED into 429 with Retry-After from details", async () => {
    const res = errorResponse(new AppError("RATE_LIMITED", { retryAfterSeconds: 30 }), "en");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("30");
    const body = await res.json();
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.message).toContain("30");
    expect(body.error.details).toEqual({ retryAfterSeconds: 30 });
  });

  it("a raw ZodError (not passed through validate) is not leaked", async () => {
    vi.spyOn(log, "error").mockImplementation(() => {});
    const result = z.object({ a: z.number() }).safeParse({ a: "x" });
    const res = errorResponse(result.error, "en");
    expect(res.status).toBe(500);
    expect((await res.json()).error.code).toBe("INTERNAL_ERROR");
  });
});

describe("validate / fieldErrors", () => {
  it("returns the parsed data on success", () => {
    expect(validate(z.object({ n: z.coerce.number() }), { n: "4" }, "tr")).toEqual({ n: 4 });
  });

  it("uses _ for a root-level issue and keeps the first message per path", () => {
    const schema = z.string().min(5).regex(/^\d+$/);
    const result = schema.safeParse("ab");
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.issues.length).toBeGreaterThan(1);
    expect(fieldErrors(result.error, "en")).toEqual({ _: "Must be at least 5 characters." });
  });

  it("gives messages in the request's language", async () => {
    const schema = z.object({ name: z.string() });
    const trError = await appError(() => validate(schema, { name: 1 }, "tr"));
    const enError = await appError(() => validate(schema, { name: 1 }, "en"));
    const trField = (trError.details.fields as Record<string, string>).name;
    const enField = (enError.details.fields as Record<string, string>).name;
    expect(trField).toBeTruthy();
    expect(enField).toBeTruthy();
    expect(trField).not.toBe(enField);
  });
});

type Init = ConstructorParameters<typeof NextRequest>[1] & { duplex?: "half" };

function post(
  body: BodyInit | null,
  headers: Record<string, string> = { "content-type": "application/json" },
) {
  const init: Init = { method: "POST", headers, body, duplex: "half" };
  return new NextRequest("http://localhost/api/x?page=2", init);
}

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

const itemSchema = z.object({ sku: z.string(), qty: z.number().int().positive() });

describe("parseJson", () => {
  it("returns the validated data for valid JSON", async () => {
    await expect(
      parseJson(itemSchema, post(JSON.stringify({ sku: "TSHIRT-BLK-M", qty: 2 })), "tr"),
    ).resolves.toEqual({
      sku: "TSHIRT-BLK-M",
      qty: 2,
    });
  });

  it.each(["application/json; charset=utf-8", "application/merge-patch+json", "Application/JSON"])(
    "accepts content type %j",
    async (type) => {
      const data = await parseJson(itemSchema, post('{"sku":"A","qty":1}', { "content-type": type }), "en");
      expect(data).toEqual({ sku: "A", qty: 1 });
    },
  );

  it.each(["text/plain", "application/x-www-form-urlencoded", "application/jsonp", "multipart/form-data"])(
    "refuses content type %j with 415",
    async (type) => {
      const error = await appError(() =>
        parseJson(itemSchema, post('{"sku":"A","qty":1}', { "content-type": type }), "en"),
      );
      expect(error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
      expect(error.status).toBe(415);
    },
  );

  it("refuses a missing content type with 415", async () => {
    const error = await appError(() => parseJson(itemSchema, post('{"sku":"A","qty":1}', {}), "en"));
    expect(error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("refuses a declared content-length over the limit with 413", async () => {
    const request = post("{}", {
      "content-type": "application/json",
      "content-length": String(MAX_JSON_BYTES + 1),
    });
    const error = await appError(() => parseJson(z.any(), request, "en"));
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(error.status).toBe(413);
  });

  it("refuses a body over the limit when content-length is absent (stream)", async () => {
    const request = post(streamOf(Array.from({ length: 20 }, () => '"xxxxxxxxxx",')));
    expect(request.headers.get("content-length")).toBeNull();
    const error = await appError(() => parseJson(z.any(), request, "en", 64));
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(error.details).toEqual({ maxBytes: 64 });
  });

  it("refuses a body over the limit when content-length lies", async () => {
    const body = JSON.stringify({ sku: "x".repeat(500), qty: 1 });
    const request = post(body, { "content-type": "application/json", "content-length": "10" });
    const error = await appError(() => parseJson(itemSchema, request, "en", 100));
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(error.status).toBe(413);
  });

  it("counts bytes, not characters", async () => {
    const body = JSON.stringify({ sku: "ş".repeat(40), qty: 1 }); // ~60 chars, ~100 bytes
    expect(body.length).toBeLessThanOrEqual(64);
    const error = await appError(() => parseJson(itemSchema, post(body), "en", 64));
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("accepts a body exactly at the limit", async () => {
    const body = JSON.stringify({ sku: "A", qty: 1 });
    await expect(parseJson(itemSchema, post(body), "en", Buffer.byteLength(body))).resolves.toEqual({
      sku: "A",
      qty: 1,
    });
  });

  it("decodes multi-byte characters split across chunks", async () => {
    const bytes = new TextEncoder().encode('{"sku":"Ğİ","qty":1}');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(Uint8Array.of(byte));
        controller.close();
      },
    });
    await expect(parseJson(itemSchema, post(stream), "tr")).resolves.toEqual({ sku: "Ğİ", qty: 1 });
  });

  it("turns invalid JSON into 400 VALIDATION_FAILED", async () => {
    const error = await appError(() => parseJson(itemSchema, post("{not json"), "en"));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.status).toBe(400);
    expect(error.details.fields).toBeTypeOf("object");
  });

  it("turns a schema mismatch into VALIDATION_FAILED with field paths", async () => {
    const error = await appError(() =>
      parseJson(itemSchema, post(JSON.stringify({ sku: "A", qty: 0 })), "en"),
    );
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(Object.keys(error.details.fields as object)).toEqual(["qty"]);
  });

  it("treats an empty body as missing (validation fails on an object schema)", async () => {
    const error = await appError(() => parseJson(itemSchema, post(""), "en"));
    expect(error.code).toBe("VALIDATION_FAILED");
  });
});

describe("parseQuery", () => {
  it("validates the query string", () => {
    const schema = z.object({ page: z.coerce.number() });
    expect(parseQuery(schema, new NextRequest("http://localhost/api/x?page=2"), "en")).toEqual({ page: 2 });
  });

  it("takes the first value of a repeated key", () => {
    const schema = z.object({ page: z.coerce.number(), sort: z.string() });
    const request = new NextRequest("http://localhost/api/x?page=2&sort=a&page=7&sort=b");
    expect(parseQuery(schema, request, "en")).toEqual({ page: 2, sort: "a" });
  });

  it("decodes percent-encoding", () => {
    const schema = z.object({ q: z.string() });
    const request = new NextRequest("http://localhost/api/x?q=%C3%A7anta%20k%C4%B1rm%C4%B1z%C4%B1");
    expect(parseQuery(schema, request, "tr")).toEqual({ q: "çanta kırmızı" });
  });

  it("throws VALIDATION_FAILED with the field path on bad input", async () => {
    const schema = z.object({ page: z.coerce.number().int().min(1) });
    const error = await appError(() =>
      parseQuery(schema, new NextRequest("http://localhost/api/x?page=abc"), "en"),
    );
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(Object.keys(error.details.fields as object)).toEqual(["page"]);
  });
});

describe("requestLocale", () => {
  it("reads the NEXT_LOCALE cookie first, then Accept-Language", () => {
    expect(
      requestLocale(new NextRequest("http://localhost/", { headers: { "accept-language": "en-US" } })),
    ).toBe("en");
    expect(
      requestLocale(
        new NextRequest("http://localhost/", {
          headers: { "accept-language": "en-US", cookie: "NEXT_LOCALE=tr" },
        }),
      ),
    ).toBe("tr");
    expect(requestLocale(new NextRequest("http://localhost/"))).toBe("tr");
  });
});
