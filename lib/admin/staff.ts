import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { rows } from "@/db/client";
import type { Role } from "@/db/schema";
import { normalizeEmail } from "@/lib/accounts/schemas";
import type { PublicUser } from "@/lib/accounts/users";
import { upsertStaff } from "@/lib/accounts/users";
import { AppError } from "@/lib/errors";
import { iso } from "@/lib/lists";

export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

/** Everyone who can open /admin (staff and administrators), administrators first. */
export async function listStaff(db: Database): Promise<StaffMember[]> {
  const found = await rows<{
    id: string;
    email: string;
    name: string;
    role: Role;
    created_at: Date | string;
  }>(
    db,
    sql`select id, email, name, role, created_at from users where role in ('staff', 'admin')
      order by role = 'admin' desc, name, email`,
  );
  return found.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    createdAt: iso(u.created_at) ?? "",
  }));
}

/** The staff rows, locked in id order: every change of who is staff takes them first. */
async function lockStaff(tx: Transaction) {
  return rows<{ id: string; email: string; role: Role }>(
    tx,
    sql`select id, email, role from users where role in ('staff', 'admin') order by id for update`,
  );
}

/**
 * Creates a staff account or updates one by email (role, password, name). An administrator cannot demote
 * themselves and the last administrator stays one (FORBIDDEN, `details.reason` "self" / "last_admin"),
 * under the same lock as revokeStaffAccess, so no mix of saves and removals leaves the store without one.
 */
export async function saveStaffMember(
  db: Database,
  input: { email: string; password: string; role: "staff" | "admin"; name?: string },
  actingUserId: string,
): Promise<{ user: PublicUser; created: boolean }> {
  return db.transaction(async (tx) => {
    const staff = await lockStaff(tx);
    const target = staff.find((u) => u.email === normalizeEmail(input.email));
    if (target?.role === "admin" && input.role !== "admin") {
      if (target.id === actingUserId) throw new AppError("FORBIDDEN", { reason: "self" });
      if (staff.filter((u) => u.role === "admin").length <= 1) {
        throw new AppError("FORBIDDEN", { reason: "last_admin" });
      }
    }
    return upsertStaff(tx, input);
  });
}

/**
 * Takes staff access away (the account stays, as a customer). Nobody removes their own access and the
 * last administrator stays (both FORBIDDEN with `details.reason` "self" / "last_admin"). The staff rows
 * are locked first, so two removals at once cannot leave the store without an administrator.
 */
export async function revokeStaffAccess(db: Database, userId: string, actingUserId: string): Promise<void> {
  if (userId === actingUserId) throw new AppError("FORBIDDEN", { reason: "self" });
  await db.transaction(async (tx) => {
    const staff = await lockStaff(tx);
    const target = staff.find((u) => u.id === userId);
    if (!target) throw new AppError("NOT_FOUND", { user: userId });
    if (target.role === "admin" && staff.filter((u) => u.role === "admin").length <= 1) {
      throw new AppError("FORBIDDEN", { reason: "last_admin" });
    }
    await tx.execute(sql`update users set role = 'customer', updated_at = now() where id = ${userId}`);
  });
}
