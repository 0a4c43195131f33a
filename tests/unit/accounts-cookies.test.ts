import { afterEach, describe, expect, it, vi } from "vitest";

const ORIGINAL = { ...process.env };

async function secureWith(vars: Record<string, string>): Promise<boolean> {
  vi.resetModules();
  process.env = { ...ORIGINAL, ...vars };
  const { secureCookies } = await import("@/lib/auth/cookies");
  return secureCookies();
}

afterEach(() => {
  process.env = { ...ORIGINAL };
  vi.resetModules();
});

describe("session cookie Secure flag", () => {
  const production = {
    NODE_ENV: "production",
    DATABASE_URL: "postgres://u:p@127.0.0.1:5432/store",
    AUTH_SECRET: "x".repeat(40),
    CRON_SECRET: "y".repeat(20),
  };
  it("is set in production behind https, and only there", async () => {
    expect(await secureWith({ ...production, APP_URL: "https://carsi.example" })).toBe(true);
    expect(await secureWith({ ...production, APP_URL: "http://127.0.0.1:3100" })).toBe(false);
    expect(await secureWith({ NODE_ENV: "development", APP_URL: "https://carsi.example" })).toBe(false);
  });
});
