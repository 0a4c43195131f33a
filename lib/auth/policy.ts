import type { Role } from "@/db/schema";

export type Need = "user" | "staff" | "admin";

export function isStaffRole(role: Role): boolean {
  return role === "staff" || role === "admin";
}

/** The pure authorization decision: may this user (or nobody) do what needs `need`? */
export function decide(user: { role: Role } | null, need: Need): "ok" | "unauthorized" | "forbidden" {
  if (!user) return "unauthorized";
  if (need === "staff" && !isStaffRole(user.role)) return "forbidden";
  if (need === "admin" && user.role !== "admin") return "forbidden";
  return "ok";
}
