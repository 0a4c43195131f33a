import "server-only";
import { forbidden, redirect } from "next/navigation";
import type { PublicUser } from "@/lib/accounts/users";
import { AppError } from "@/lib/errors";
import type { StaffActor } from "./api-guard";
import { decide, type Need } from "./policy";
import { loginPath } from "./redirect";
import { getCurrentUser } from "./session";

/**
 * Authorization for pages, layouts, server actions and route handlers. The proxy only turns anonymous
 * visitors away early; these run on the server for every request and read the role from the database.
 */

export { decide, type Need };

async function requirePage(need: Need, nextPath: string): Promise<PublicUser> {
  const user = await getCurrentUser();
  const verdict = decide(user, need);
  if (verdict === "unauthorized" || !user) redirect(loginPath(nextPath));
  if (verdict === "forbidden") forbidden();
  return user;
}

/** Pages and server actions: the signed-in user, or a redirect to /login?next=<nextPath>. */
export function requireUser(nextPath = "/account"): Promise<PublicUser> {
  return requirePage("user", nextPath);
}

/** Pages and server actions for staff (role staff or admin): anonymous → /login, customers → 403. */
export function requireStaff(nextPath = "/admin"): Promise<PublicUser> {
  return requirePage("staff", nextPath);
}

/** Pages and server actions for administrators only: anonymous → /login, others → 403. */
export function requireAdmin(nextPath = "/admin"): Promise<PublicUser> {
  return requirePage("admin", nextPath);
}

async function requireApi(need: Need): Promise<PublicUser> {
  const user = await getCurrentUser();
  const verdict = decide(user, need);
  if (verdict === "unauthorized" || !user) throw new AppError("UNAUTHORIZED");
  if (verdict === "forbidden") throw new AppError("FORBIDDEN");
  return user;
}

/** Route handlers: the signed-in user, else AppError UNAUTHORIZED (401). */
export function requireApiUser(): Promise<PublicUser> {
  return requireApi("user");
}

/** Route handlers (e.g. /api/admin/*): staff, else 401 anonymous / 403 FORBIDDEN signed in. */
export function requireApiStaff(): Promise<PublicUser> {
  return requireApi("staff");
}

/** Route handlers for administrators only: 401 anonymous / 403 others. */
export function requireApiAdmin(): Promise<PublicUser> {
  return requireApi("admin");
}

export { requireAdminApi, type StaffActor } from "./api-guard";

/** Server actions of the staff pages: the same actor shape as the admin API's, from the page guard. */
export async function requireStaffActor(
  nextPath = "/admin",
  need: "staff" | "admin" = "staff",
): Promise<StaffActor> {
  const user = need === "admin" ? await requireAdmin(nextPath) : await requireStaff(nextPath);
  return { kind: "user", id: user.id, name: user.name, role: user.role };
}
