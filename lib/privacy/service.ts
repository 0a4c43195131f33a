import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "@/db/client";
import type { Role } from "@/db/schema";
import { normalizeEmail } from "@/lib/accounts/schemas";
import { findUserById, verifyCredentials } from "@/lib/accounts/users";
import { revalidateCatalog } from "@/lib/catalog/cache";
import { AppError } from "@/lib/errors";
import { type DataRequest, type RequestActor, recordRequest } from "./requests";
import { idIn, PRIVACY_SECTIONS, type Subject } from "./sections";

/**
 * KVKK requests: the export of everything the store holds about a person, and the erasure of what the
 * law does not make it keep. The shopper asks for their own account on /account (its orders only: an
 * email nobody verified must not open guest orders to whoever registered it); staff answer a request
 * that came by e-mail or letter, after checking who wrote, for an email address: the account of that
 * email and every order placed with it, guest orders included.
 */

/** Whose data a request is about. */
export type Scope = { userId: string } | { email: string };

/** A non-routable address (RFC 2606 `.invalid`) of its own for each erasure: emails stay unique. */
export function erasedEmail(): string {
  return `erased-${randomUUID()}@erased.invalid`;
}

/**
 * The subject and its orders. An erasure calls it inside its transaction after locking the account row,
 * which an order being placed for the account waits on (its foreign key), so no order escapes it.
 */
async function subjectOf(db: Executor, scope: Scope, lock = false): Promise<Subject & { role: Role | null }> {
  const match = "userId" in scope ? sql`id = ${scope.userId}` : sql`email = ${normalizeEmail(scope.email)}`;
  const [user] = await rows<{ id: string; email: string; role: Role }>(
    db,
    sql`select id, email, role from users where ${match} and erased_at is null ${lock ? sql`for update` : sql``}`,
  );
  if ("userId" in scope && !user) throw new AppError("UNAUTHORIZED");
  const email = user?.email ?? ("email" in scope ? normalizeEmail(scope.email) : "");
  const userId = user?.id ?? null;
  const guests = "email" in scope ? sql`or email = ${email}` : sql``;
  const orders = await rows<{ id: string }>(
    db,
    sql`select id from orders where (user_id = ${userId} ${guests}) and anonymised_at is null order by placed_at`,
  );
  return { email, userId, role: user?.role ?? null, orderIds: orders.map((order) => order.id) };
}

/** Every section of the registry (lib/privacy/sections.ts) for the subject, and the request recorded. */
export async function exportPersonalData(
  db: Database,
  scope: Scope,
  actor: RequestActor,
  now = new Date(),
): Promise<{ request: DataRequest; data: Record<string, unknown> }> {
  const subject = await subjectOf(db, scope);
  const data: Record<string, unknown> = { exportedAt: now.toISOString(), email: subject.email };
  for (const section of PRIVACY_SECTIONS) data[section.name] = await section.collect(db, subject);
  const request = await recordRequest(db, {
    kind: "export",
    email: subject.email,
    userId: subject.userId,
    actor,
    now,
  });
  return { request, data };
}

/**
 * Orders whose delivery or payment is still under way: they need the address, phone and email until
 * they are finished, so an erasure waits for them (409 ORDER_IN_PROGRESS). A partly refunded order is
 * finished once it was delivered.
 */
async function ordersInProgress(db: Executor, orderIds: string[]): Promise<string[]> {
  const found = await rows<{ order_no: string }>(
    db,
    sql`select order_no from orders o where ${idIn(sql`o.id`, orderIds)} and (
      o.status in ('pending_payment', 'awaiting_confirmation', 'paid', 'processing', 'shipped')
      or (o.status = 'partially_refunded' and not exists (
        select 1 from order_events e where e.order_id = o.id and e.to_status = 'delivered')))
      order by o.order_no`,
  );
  return found.map((row) => row.order_no);
}

/**
 * Erases the subject's personal data in one transaction: each section's `erase` (in reverse order, so
 * the account row goes last and earlier sections can still read what leads to their data), and the
 * request recorded. Staff accounts are closed in /admin/staff, not here (403).
 */
export async function eraseSubject(
  db: Database,
  scope: Scope,
  actor: RequestActor,
  now = new Date(),
): Promise<DataRequest> {
  const request = await db.transaction(async (tx) => {
    const subject = await subjectOf(tx, scope, true);
    if (subject.role && subject.role !== "customer")
      throw new AppError("FORBIDDEN", { reason: "staff_account" });
    const open = await ordersInProgress(tx, subject.orderIds);
    if (open.length > 0) throw new AppError("ORDER_IN_PROGRESS", { orders: open.join(", ") });
    const placeholder = erasedEmail();
    for (const section of [...PRIVACY_SECTIONS].reverse()) {
      await section.erase?.(tx, subject, placeholder, now);
    }
    return recordRequest(tx, { kind: "erasure", email: subject.email, userId: subject.userId, actor, now });
  });
  // The cached product pages may show the subject's reviews, deleted above: they are rendered again.
  revalidateCatalog();
  return request;
}

/**
 * `DELETE /api/account`: the shopper confirms with their password, checked like a sign-in (the same
 * limits per email and IP: 429 past them), then the account is erased. 403 PASSWORD_INVALID changes nothing.
 */
export async function eraseOwnAccount(
  db: Database,
  input: { userId: string; password: string; ip: string },
  now = new Date(),
): Promise<DataRequest> {
  const user = await findUserById(db, input.userId);
  if (!user) throw new AppError("UNAUTHORIZED");
  const verified = await verifyCredentials(
    db,
    { email: user.email, password: input.password, ip: input.ip },
    now,
  );
  if (!verified) throw new AppError("PASSWORD_INVALID", { fields: { password: "errors.PASSWORD_INVALID" } });
  return eraseSubject(db, { userId: user.id }, { channel: "self_service", name: "customer" }, now);
}
