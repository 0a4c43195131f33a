import { Writable } from "node:stream";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { logLevel } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { createLogger, log } from "@/lib/log";

/** A logger at `info` writing into an array of parsed JSON lines. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger("info", destination), lines };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("redaction", () => {
  it("hides an Authorization header, a cookie, a password and an address line, keeps the rest", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        requestId: "r-1",
        headers: {
          authorization: "Bearer sk_live_SECRET",
          cookie: "cart=SIGNED.cookie",
          "idempotency-key": "k-12345678",
        },
        password: "hunter2-password",
        input: { email: "ayse@example.com", shippingAddress: { line1: "Bağdat Caddesi No: 12" } },
        address: { line1: "Moda Caddesi 5", city: "İstanbul" },
        stripeKey: "sk_test_SECRET",
      },
      "request",
    );
    expect(lines).toHaveLength(1);
    const text = lines[0] as string;
    for (const secret of [
      "sk_live_SECRET",
      "SIGNED.cookie",
      "hunter2",
      "ayse@example.com",
      "Bağdat",
      "Moda",
      "sk_test_SECRET",
    ]) {
      expect(text).not.toContain(secret);
    }
    const line = JSON.parse(text);
    expect(line.headers).toEqual({
      authorization: "[redacted]",
      cookie: "[redacted]",
      "idempotency-key": "k-12345678",
    });
    expect(line.password).toBe("[redacted]");
    expect(line.requestId).toBe("r-1");
    expect(line.msg).toBe("request");
  });

  it("logs an error with its stack but not the row values PostgreSQL quotes in `detail`", () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error("duplicate key value violates unique constraint"), {
      detail: "Key (email)=(ayse@example.com) already exists.",
    });
    logger.error({ err: error }, "Unhandled error in route handler");
    const line = JSON.parse(lines[0] as string);
    expect(line.err.stack).toContain("log.test.ts");
    expect(line.err.detail).toBe("[redacted]");
    expect(lines[0]).not.toContain("ayse@example.com");
  });
});

describe("LOG_LEVEL", () => {
  it("defaults to info, to silent under tests, and refuses an unknown level", () => {
    expect(logLevel({ NODE_ENV: "production" })).toBe("info");
    expect(logLevel({ NODE_ENV: "test" })).toBe("silent");
    expect(logLevel({ NODE_ENV: "test", LOG_LEVEL: "debug" })).toBe("debug");
    expect(() => logLevel({ LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL/);
  });
});

describe("route(): request id and the request line", () => {
  const context = { params: Promise.resolve({}) };
  const ok = route(async () => json({ ok: true }));

  it("echoes a safe incoming X-Request-Id and logs the request with it, without the query string", async () => {
    const info = vi.spyOn(log, "info").mockImplementation(() => {});
    const request = new NextRequest("http://store.test/api/orders/track/SF-1?email=ayse@example.com", {
      headers: { "x-request-id": "edge-7f3a.1:2" },
    });
    const response = await ok(request, context);
    expect(response.headers.get("x-request-id")).toBe("edge-7f3a.1:2");
    expect(info).toHaveBeenCalledTimes(1);
    const [fields] = info.mock.calls[0] as unknown as [Record<string, unknown>];
    expect(fields).toMatchObject({
      requestId: "edge-7f3a.1:2",
      method: "GET",
      path: "/api/orders/track/SF-1",
      status: 200,
    });
    expect(typeof fields.ms).toBe("number");
    expect(JSON.stringify(fields)).not.toContain("ayse@example.com");
  });

  it("generates an id when none is sent or the one sent is not a short safe token", async () => {
    vi.spyOn(log, "info").mockImplementation(() => {});
    const ids = new Set<string>();
    for (const given of [undefined, "a b", "<script>", "x".repeat(65), "id;drop"]) {
      const headers: Record<string, string> = given === undefined ? {} : { "x-request-id": given };
      const response = await ok(new NextRequest("http://store.test/api/cart", { headers }), context);
      const id = response.headers.get("x-request-id") ?? "";
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(5);
  });

  it("answers the id also on a response whose headers are immutable (a redirect, next-auth's answers)", async () => {
    vi.spyOn(log, "info").mockImplementation(() => {});
    const redirect = route(async () => Response.redirect("http://store.test/login", 302));
    const response = await redirect(
      new NextRequest("http://store.test/api/auth/signout", { headers: { "x-request-id": "r-42" } }),
      context,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://store.test/login");
    expect(response.headers.get("x-request-id")).toBe("r-42");
  });

  it("logs the error code of a refused request, and an unexpected error with the request id", async () => {
    const info = vi.spyOn(log, "info").mockImplementation(() => {});
    const error = vi.spyOn(log, "error").mockImplementation(() => {});
    const refused = route(async () => {
      throw new AppError("RATE_LIMITED", { retryAfterSeconds: 30 });
    });
    const response = await refused(
      new NextRequest("http://store.test/api/cart/coupon", { method: "POST" }),
      context,
    );
    expect(response.status).toBe(429);
    expect(info.mock.calls[0]?.[0]).toMatchObject({ method: "POST", status: 429, code: "RATE_LIMITED" });
    expect(error).not.toHaveBeenCalled();

    const broken = route(async () => {
      throw new Error("boom");
    });
    const failed = await broken(new NextRequest("http://store.test/api/cart"), context);
    expect(failed.status).toBe(500);
    const requestId = failed.headers.get("x-request-id");
    expect(error.mock.calls[0]?.[0]).toMatchObject({ requestId });
    expect(info.mock.calls[1]?.[0]).toMatchObject({ status: 500, code: "INTERNAL_ERROR", requestId });
  });
});
