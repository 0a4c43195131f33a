import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { type Role, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { assertNotLimited, forget, hit, type Limit, reset } from "@/lib/rate-limit";
import { DUMMY_HASH, passwords } from "./password";
import { normalizeEmail, type RegisterInput } from "./schemas";

/** What the rest of the store may know about a user: never the hash. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

/** Sign-in failures: 5 within 15 minutes per email and per IP, then 429 until the oldest one ages out. */
export const SIGN_IN_LIMIT: Limit = { limit: 5, windowSeconds: 15 * 60 };
/** Registrations: 10 attempts an hour per IP. */
export const REGISTER_LIMIT: Limit = { limit: 10, windowSeconds: 60 * 60 };

export const BUCKETS = {
  signInEmail: "sign-in:email",
  signInIp: "sign-in:ip",
  registerIp: "register:ip",
} as const;

/** The columns of a PublicUser, for queries that join users to something else. */
export const publicUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  createdAt: users.createdAt,
};

export { isStaffRole } from "@/lib/auth/policy";

/** Erased accounts (lib/privacy) are nobody: their old session cookies and sign-in tickets find no user. */
const live = isNull(users.erasedAt);

export async function findUserById(db: Database, id: string): Promise<PublicUser | null> {
  const [user] = await db
    .select(publicUserColumns)
    .from(users)
    .where(and(eq(users.id, id), live));
  return user ?? null;
}

export async function findUserByEmail(db: Database, email: string): Promise<PublicUser | null> {
  const [user] = await db
    .select(publicUserColumns)
    .from(users)
    .where(and(eq(users.email, normalizeEmail(email)), live));
  return user ?? null;
}

/**
 * Creates a customer account. Counts against the IP's registration limit first (so a flood is refused
 * before any hashing), then hashes the password (argon2id) and inserts; an email already registered (in
 * any letter case: emails are stored normalized) is 409 EMAIL_TAKEN.
 */
export async function registerUser(
  db: Database,
  input: RegisterInput,
  context: { ip: string; now?: Date },
): Promise<PublicUser> {
  await hit(db, BUCKETS.registerIp, context.ip, REGISTER_LIMIT, context.now);
  const email = normalizeEmail(input.email);
  const passwordHash = await passwords.hash(input.password);
  const [created] = await db
    .insert(users)
    .values({ email, name: input.name, passwordHash, role: "customer" })
    .onConflictDoNothing({ target: users.email })
    .returning(publicUserColumns);
  if (!created) throw new AppError("EMAIL_TAKEN");
  return created;
}

/**
 * Checks an email and password. Returns the user, or null for a wrong password and an unknown email
 * alike (both run one argon2 verification, so they also take the same time). Each attempt counts
 * against the email's and the IP's sign-in limit before anything is verified, and is taken back when it
 * succeeds, so only failures add up; a success also clears the email's earlier failures. Over the limit:
 * RATE_LIMITED with `retryAfterSeconds`, without verifying anything.
 */
export async function verifyCredentials(
  db: Database,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<PublicUser | null> {
  const email = normalizeEmail(input.email);
  const recorded: number[] = [];
  try {
    recorded.push(await hit(db, BUCKETS.signInIp, input.ip, SIGN_IN_LIMIT, now));
    recorded.push(await hit(db, BUCKETS.signInEmail, email, SIGN_IN_LIMIT, now));
  } catch (error) {
    await forget(db, recorded);
    throw error;
  }

  const [row] = await db
    .select({ ...publicUserColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.email, email), live));
  const valid = await passwords.verify(row?.passwordHash ?? DUMMY_HASH, input.password);
  if (!row?.passwordHash || !valid) return null;

  await forget(db, recorded);
  await reset(db, BUCKETS.signInEmail, email);
  if (passwords.needsRehash(row.passwordHash)) {
    const passwordHash = await passwords.hash(input.password);
    await db.transaction(async (tx) => {
      // The same password: the account's app sign-ins stay (the migration's trigger reads this).
      await tx.execute(sql`select set_config('store.same_password', 'on', true)`);
      await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, row.id));
    });
  }
  const { passwordHash: _hash, ...user } = row;
  return user;
}

/** Throws RATE_LIMITED when a sign-in from this IP or for this email would be refused; records nothing. */
export async function assertSignInAllowed(
  db: Database,
  input: { email: string | null; ip: string },
  now = new Date(),
): Promise<void> {
  await assertNotLimited(db, BUCKETS.signInIp, input.ip, SIGN_IN_LIMIT, now);
  if (input.email) {
    await assertNotLimited(db, BUCKETS.signInEmail, normalizeEmail(input.email), SIGN_IN_LIMIT, now);
  }
}

/**
 * The operators' command and the demo seed: creates a staff account, or gives an existing account of
 * that email the role and password (and the name, when one is given).
 */
export async function upsertStaff(
  db: Database | Transaction,
  input: { email: string; password: string; role: "staff" | "admin"; name?: string },
  now = new Date(),
): Promise<{ user: PublicUser; created: boolean }> {
  const email = normalizeEmail(input.email);
  const passwordHash = await passwords.hash(input.password);
  const name = input.name?.trim() || email.split("@")[0] || email;
  const [row] = await db
    .insert(users)
    .values({ email, name, passwordHash, role: input.role, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: users.email,
      set: {
        passwordHash,
        role: input.role,
        updatedAt: now,
        ...(input.name?.trim() ? { name: input.name.trim() } : {}),
      },
    })
    .returning({ ...publicUserColumns, created: sql<boolean>`(xmax = 0)` });
  if (!row) throw new Error("could not save the staff account");
  const { created, ...user } = row;
  return { user, created };
}
