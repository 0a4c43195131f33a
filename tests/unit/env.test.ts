import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

const PG = "postgres://store:secret@127.0.0.1:5432/store";
const SECRETS = { AUTH_SECRET: "a".repeat(32), CRON_SECRET: "c".repeat(16) };

describe("parseEnv", () => {
  it("gives the development defaults for an empty environment", () => {
    expect(parseEnv({})).toMatchObject({
      NODE_ENV: "development",
      DB_POOL_MAX: 10,
      APP_URL: "http://localhost:3000",
      STORE_NAME: "Çarşı",
      STORE_CURRENCY: "TRY",
      RESERVATION_TTL_MINUTES: 15,
      LOW_STOCK_THRESHOLD: 3,
      CATALOG_PAGE_SIZE: 12,
    });
    expect(parseEnv({}).DATABASE_URL).toBeUndefined();
  });

  it("coerces numeric strings to numbers", () => {
    const env = parseEnv({
      RESERVATION_TTL_MINUTES: "30",
      DB_POOL_MAX: "4",
      LOW_STOCK_THRESHOLD: "5",
      CATALOG_PAGE_SIZE: "24",
    });
    expect(env.RESERVATION_TTL_MINUTES).toBe(30);
    expect(env.DB_POOL_MAX).toBe(4);
    expect(env.LOW_STOCK_THRESHOLD).toBe(5);
    expect(env.CATALOG_PAGE_SIZE).toBe(24);
  });

  it("keeps given string values", () => {
    const env = parseEnv({
      STORE_CURRENCY: "EUR",
      STORE_NAME: "Dükkan",
      APP_URL: "https://shop.example.com",
    });
    expect(env.STORE_CURRENCY).toBe("EUR");
    expect(env.STORE_NAME).toBe("Dükkan");
    expect(env.APP_URL).toBe("https://shop.example.com");
  });

  it.each([
    ["RESERVATION_TTL_MINUTES", "abc"],
    ["RESERVATION_TTL_MINUTES", "1.5"],
    ["RESERVATION_TTL_MINUTES", "0"],
    ["DB_POOL_MAX", "-2"],
    ["STORE_CURRENCY", "lira"],
    ["STORE_CURRENCY", "try"],
    ["APP_URL", "not a url"],
    ["NODE_ENV", "staging"],
  ])("refuses %s=%j with a message naming the variable", (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(Error);
    expect(() => parseEnv({ [name]: value })).toThrow(name);
  });

  it("names every invalid variable at once", () => {
    let message = "";
    try {
      parseEnv({ RESERVATION_TTL_MINUTES: "abc", STORE_CURRENCY: "lira" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("RESERVATION_TTL_MINUTES");
    expect(message).toContain("STORE_CURRENCY");
  });

  it("requires AUTH_SECRET and CRON_SECRET in production, and a long enough AUTH_SECRET anywhere", () => {
    expect(() =>
      parseEnv({ NODE_ENV: "production", DATABASE_URL: PG, CRON_SECRET: SECRETS.CRON_SECRET }),
    ).toThrow("AUTH_SECRET");
    expect(() =>
      parseEnv({ NODE_ENV: "production", DATABASE_URL: PG, AUTH_SECRET: SECRETS.AUTH_SECRET }),
    ).toThrow("CRON_SECRET");
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow("AUTH_SECRET");
  });

  it("requires DATABASE_URL in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow("DATABASE_URL");
  });

  it.each([PG, "postgresql://u:p@db.internal:6543/shop?sslmode=require"])(
    "accepts a postgres DATABASE_URL in production (%s)",
    (url) => {
      const env = parseEnv({ NODE_ENV: "production", DATABASE_URL: url, ...SECRETS });
      expect(env.NODE_ENV).toBe("production");
      expect(env.DATABASE_URL).toBe(url);
    },
  );

  it.each(["mysql://x", "mysql://u:p@localhost:3306/db", "http://localhost:5432/db", "not-a-url"])(
    "refuses a non-postgres DATABASE_URL %j",
    (url) => {
      expect(() => parseEnv({ DATABASE_URL: url })).toThrow("DATABASE_URL");
      expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: url })).toThrow("DATABASE_URL");
    },
  );

  it("treats empty strings as unset", () => {
    const env = parseEnv({
      STORE_CURRENCY: "",
      RESERVATION_TTL_MINUTES: "",
      APP_URL: "",
      DATABASE_URL: "",
      NODE_ENV: "",
    });
    expect(env.STORE_CURRENCY).toBe("TRY");
    expect(env.RESERVATION_TTL_MINUTES).toBe(15);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.NODE_ENV).toBe("development");
  });

  it("treats an empty DATABASE_URL as missing in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: "" })).toThrow("DATABASE_URL");
  });

  it("ignores unrelated variables", () => {
    const env = parseEnv({ PATH: "/usr/bin", HOME: "/root" }) as Record<string, unknown>;
    expect(env.PATH).toBeUndefined();
    expect(env.STORE_CURRENCY).toBe("TRY");
  });

  it("reads WEBHOOK_ALLOWED_HOSTS as normalised host:port entries, empty by default", () => {
    expect([...parseEnv({}).WEBHOOK_ALLOWED_HOSTS]).toEqual([]);
    const hosts = parseEnv({
      WEBHOOK_ALLOWED_HOSTS: " LocalHost:4000, 127.0.0.1:080,[::1]:9000,,",
    }).WEBHOOK_ALLOWED_HOSTS;
    expect([...hosts]).toEqual(["localhost:4000", "127.0.0.1:80", "[::1]:9000"]);
  });

  it.each([
    "localhost",
    "127.0.0.1:",
    "http://localhost:4000",
    "user@localhost:4000",
    "localhost:4000/x",
    "a:70000",
  ])("refuses the WEBHOOK_ALLOWED_HOSTS entry %s", (entry) => {
    expect(() => parseEnv({ WEBHOOK_ALLOWED_HOSTS: entry })).toThrow("WEBHOOK_ALLOWED_HOSTS");
  });
});
