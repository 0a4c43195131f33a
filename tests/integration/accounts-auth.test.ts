import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb, type Database } from "@/db/client";
import { users } from "@/db/schema";
import { DUMMY_HASH, passwords } from "@/lib/accounts/password";
import { registerSchema } from "@/lib/accounts/schemas";
import {
  assertSignInAllowed,
  BUCKETS,
  REGISTER_LIMIT,
  registerUser,
  SIGN_IN_LIMIT,
  upsertStaff,
  verifyCredentials,
} from "@/lib/accounts/users";
import { getDb } from "@/lib/db";
import { DEMO_STAFF } from "@/lib/demo/store";
import { AppError } from "@/lib/errors";
import { hit } from "@/lib/rate-limit";
import { validate } from "@/lib/validation";

const suffix = () => randomBytes(5).toString("hex");
const uniqueEmail = (tag: string) => `${tag}-${suffix()}@example.com`;
/** A fresh IP per test, so tests running side by side never share a rate-limit bucket. */
const uniqueIp = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

async function rejection(work: () => Promise<unknown>): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a rejection");
}

const PASSWORD = "doğru-parola-123";

async function makeUser(db: Database, email = uniqueEmail("user")) {
  const input = validate(registerSchema, { email, password: PASSWORD, name: "Ayşe Yılmaz" }, "tr");
  return registerUser(db, input, { ip: uniqueIp() });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("registration", () => {
  it("stores the user with a normalized email and an argon2id hash of the password", async () => {
    const db = getDb();
    const raw = `  Ayse.Yilmaz+${suffix()}@Example.COM `;
    const input = validate(registerSchema, { email: raw, password: PASSWORD, name: " Ayşe " }, "tr");
    const user = await registerUser(db, input, { ip: uniqueIp() });
    expect(user).toMatchObject({ email: raw.trim().toLowerCase(), name: "Ayşe", role: "customer" });
    expect(user.id).toMatch(/^u_[0-9a-f]{32}$/);

    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row?.email).toBe(raw.trim().toLowerCase());
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.passwordHash).not.toContain(PASSWORD);
    expect(await passwords.verify(row?.passwordHash ?? "", PASSWORD)).toBe(true);
    expect(await passwords.verify(row?.passwordHash ?? "", "yanlış-parola")).toBe(false);
  });

  it("refuses the same email in another letter case with EMAIL_TAKEN and keeps one row", async () => {
    const db = getDb();
    const email = uniqueEmail("taken");
    await makeUser(db, email);
    const again = validate(
      registerSchema,
      { email: email.toUpperCase(), password: "başka-parola-1", name: "Başkası" },
      "tr",
    );
    const error = await rejection(() => registerUser(db, again, { ip: uniqueIp() }));
    expect(error.code).toBe("EMAIL_TAKEN");
    expect(error.status).toBe(409);
    const rows = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    expect(rows).toHaveLength(1);
  });

  it("validates email, name and password before anything is hashed", () => {
    const fields = (input: unknown) => {
      try {
        validate(registerSchema, input, "tr");
      } catch (error) {
        return (error as AppError).details.fields as Record<string, string>;
      }
      return {};
    };
    expect(fields({ email: "not-an-email", password: PASSWORD, name: "A" })).toEqual({
      email: "Geçerli bir e-posta adresi girin.",
    });
    expect(fields({ email: "a@b.co", password: "short", name: "A" }).password).toBe(
      "Şifre en az 8 karakter olmalı.",
    );
    expect(fields({ email: "a@b.co", password: "x".repeat(10_000), name: "A" }).password).toBe(
      "Şifre en fazla 200 karakter olabilir.",
    );
    expect(fields({ email: "Ali@Example.com", password: " ali@example.COM ", name: "A" }).password).toBe(
      "Şifre e-posta adresinizle aynı olamaz.",
    );
    expect(fields({ email: "a@b.co", password: PASSWORD, name: "   " }).name).toBe("Bu alan zorunludur.");
    expect(fields({ email: 42, password: null })).toMatchObject({
      email: expect.any(String),
      password: expect.any(String),
      name: expect.any(String),
    });
    expect(Object.keys(fields({ email: "a@b.co", password: "x".repeat(200), name: "A" }))).toEqual([]);
  });

  it("counts registrations per IP: the 11th attempt within an hour is RATE_LIMITED", async () => {
    const db = getDb();
    const ip = uniqueIp();
    const now = new Date();
    vi.spyOn(passwords, "hash").mockResolvedValue(DUMMY_HASH);
    for (let i = 0; i < REGISTER_LIMIT.limit; i++) {
      const input = validate(
        registerSchema,
        { email: uniqueEmail("flood"), password: PASSWORD, name: "X" },
        "tr",
      );
      await registerUser(db, input, { ip, now });
    }
    const input = validate(
      registerSchema,
      { email: uniqueEmail("flood"), password: PASSWORD, name: "X" },
      "tr",
    );
    const error = await rejection(() => registerUser(db, input, { ip, now }));
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.details.retryAfterSeconds).toBe(3600);
    // A refused attempt is neither hashed nor stored.
    expect(passwords.hash).toHaveBeenCalledTimes(REGISTER_LIMIT.limit);
    expect(await db.select().from(users).where(eq(users.email, input.email))).toEqual([]);
    // Another IP is not affected; the same IP is welcome again an hour later.
    await registerUser(db, input, { ip: uniqueIp(), now });
    const later = new Date(now.getTime() + 3600_000 + 1000);
    const next = validate(
      registerSchema,
      { email: uniqueEmail("flood"), password: PASSWORD, name: "X" },
      "tr",
    );
    await expect(registerUser(db, next, { ip, now: later })).resolves.toMatchObject({ email: next.email });
  });
});

describe("credential check", () => {
  it("refuses the 6th wrong password within 15 minutes with RATE_LIMITED and a Retry-After", async () => {
    const db = getDb();
    const user = await makeUser(db);
    const now = new Date();
    const results: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      results.push(
        await verifyCredentials(db, { email: user.email, password: `wrong-${i}`, ip: uniqueIp() }, now),
      );
    }
    expect(results).toEqual([null, null, null, null, null]);
    const sixth = await rejection(() =>
      verifyCredentials(db, { email: user.email, password: "wrong-6", ip: uniqueIp() }, now),
    );
    expect(sixth.code).toBe("RATE_LIMITED");
    expect(sixth.status).toBe(429);
    expect(sixth.details.retryAfterSeconds).toBe(15 * 60);
    // While limited even the right password is refused (nothing is verified).
    const spy = vi.spyOn(passwords, "verify");
    await expect(
      verifyCredentials(db, { email: user.email.toUpperCase(), password: PASSWORD, ip: uniqueIp() }, now),
    ).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(spy).not.toHaveBeenCalled();
    // Retry-After counts down, and once the oldest failure ages out the user gets in.
    const later = new Date(now.getTime() + 10 * 60_000);
    const error = await rejection(() =>
      verifyCredentials(db, { email: user.email, password: PASSWORD, ip: uniqueIp() }, later),
    );
    expect(error.details.retryAfterSeconds).toBe(5 * 60);
    const afterWindow = new Date(now.getTime() + 15 * 60_000 + 1000);
    await expect(
      verifyCredentials(db, { email: user.email, password: PASSWORD, ip: uniqueIp() }, afterWindow),
    ).resolves.toMatchObject({ id: user.id });
  });

  it("counts failures per IP across different emails", async () => {
    const db = getDb();
    const ip = uniqueIp();
    for (let i = 0; i < SIGN_IN_LIMIT.limit; i++) {
      expect(
        await verifyCredentials(db, { email: uniqueEmail("nobody"), password: "x1234567", ip }),
      ).toBeNull();
    }
    const error = await rejection(() =>
      verifyCredentials(db, { email: uniqueEmail("nobody"), password: "x1234567", ip }),
    );
    expect(error.code).toBe("RATE_LIMITED");
    await expect(assertSignInAllowed(db, { email: null, ip })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    await expect(assertSignInAllowed(db, { email: null, ip: uniqueIp() })).resolves.toBeUndefined();
  });

  it("counts only failures: a success takes its attempt back and clears the email's earlier failures", async () => {
    const db = getDb();
    const user = await makeUser(db);
    for (let i = 0; i < 4; i++) {
      await verifyCredentials(db, { email: user.email, password: "wrong-pass", ip: uniqueIp() });
    }
    const ip = uniqueIp();
    expect(await verifyCredentials(db, { email: user.email, password: PASSWORD, ip })).toMatchObject({
      id: user.id,
      email: user.email,
      role: "customer",
    });
    const counts = (await db.execute(sql`select bucket, count(*)::int as n from rate_limit_events
      where (bucket = ${BUCKETS.signInEmail} and key = ${user.email}) or (bucket = ${BUCKETS.signInIp} and key = ${ip})
      group by bucket`)) as unknown as { bucket: string; n: number }[];
    expect(counts).toEqual([]);
    for (let i = 0; i < 4; i++) {
      expect(
        await verifyCredentials(db, { email: user.email, password: "wrong-pass", ip: uniqueIp() }),
      ).toBeNull();
    }
  });

  it("answers an unknown email exactly like a wrong password, after a real argon2 verification", async () => {
    const db = getDb();
    const user = await makeUser(db);
    const spy = vi.spyOn(passwords, "verify");
    const unknown = uniqueEmail("ghost");
    expect(await verifyCredentials(db, { email: unknown, password: PASSWORD, ip: uniqueIp() })).toBeNull();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenLastCalledWith(DUMMY_HASH, PASSWORD);
    expect(
      await verifyCredentials(db, { email: user.email, password: "wrong-pass", ip: uniqueIp() }),
    ).toBeNull();
    expect(spy).toHaveBeenCalledTimes(2);
    expect(spy.mock.calls[1]?.[0]).toMatch(/^\$argon2id\$/);
    // Both paths verified a hash: the dummy hash really is one, and it matches what nobody typed.
    const verdicts = await Promise.all(spy.mock.results.map((r) => r.value));
    // So both take one argon2 verification: an unknown email is not answered faster. (Measuring the time
    // would say the same, flakily, on a shared machine.)
    expect(verdicts).toEqual([false, false]);
  });

  it("holds the limit across two separate pools (two server instances)", async () => {
    const url = process.env.DATABASE_URL ?? "";
    const first = createDb(url, { max: 2 });
    const second = createDb(url, { max: 2 });
    try {
      const user = await makeUser(first.db);
      const now = new Date();
      for (let i = 0; i < 5; i++) {
        const instance = i % 2 === 0 ? first.db : second.db;
        expect(
          await verifyCredentials(
            instance,
            { email: user.email, password: "nope-nope", ip: uniqueIp() },
            now,
          ),
        ).toBeNull();
      }
      for (const instance of [first.db, second.db]) {
        const error = await rejection(() =>
          verifyCredentials(instance, { email: user.email, password: PASSWORD, ip: uniqueIp() }, now),
        );
        expect(error.code).toBe("RATE_LIMITED");
      }
    } finally {
      await first.client.end();
      await second.client.end();
    }
  });

  it("lets exactly `limit` of many concurrent attempts through, from two instances", async () => {
    const url = process.env.DATABASE_URL ?? "";
    const first = createDb(url, { max: 6 });
    const second = createDb(url, { max: 6 });
    try {
      const key = `concurrent-${suffix()}`;
      const now = new Date();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          hit(i % 2 ? first.db : second.db, "test:concurrency", key, { limit: 5, windowSeconds: 60 }, now),
        ),
      );
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(5);
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      expect(refused).toHaveLength(7);
      for (const r of refused) expect(r.reason).toMatchObject({ code: "RATE_LIMITED" });
    } finally {
      await first.client.end();
      await second.client.end();
    }
  });
});

describe("staff accounts", () => {
  let db: Database;
  beforeAll(() => {
    db = getDb();
  });

  it("the demo seed has a staff account whose password works", async () => {
    const user = await verifyCredentials(db, {
      email: DEMO_STAFF.email,
      password: DEMO_STAFF.password,
      ip: uniqueIp(),
    });
    expect(user).toMatchObject({ email: DEMO_STAFF.email, role: "admin" });
  });

  it("upsertStaff creates, then updates role and password of the same email", async () => {
    const email = uniqueEmail("Staff").toUpperCase();
    const created = await upsertStaff(db, { email, password: "ilk-parola-1", role: "staff", name: "Mehmet" });
    expect(created.created).toBe(true);
    expect(created.user).toMatchObject({ email: email.toLowerCase(), role: "staff", name: "Mehmet" });
    const updated = await upsertStaff(db, { email, password: "ikinci-parola-2", role: "admin" });
    expect(updated.created).toBe(false);
    expect(updated.user).toMatchObject({ id: created.user.id, role: "admin", name: "Mehmet" });
    expect(await verifyCredentials(db, { email, password: "ilk-parola-1", ip: uniqueIp() })).toBeNull();
    expect(await verifyCredentials(db, { email, password: "ikinci-parola-2", ip: uniqueIp() })).toMatchObject(
      {
        role: "admin",
      },
    );
  });
});

afterAll(() => {
  vi.restoreAllMocks();
});
