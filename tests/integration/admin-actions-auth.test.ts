import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { PublicUser } from "@/lib/accounts/users";

// Every server action of the staff pages (app/actions/admin*.ts, found by walking the folder, so a new one
// is covered the day it is added): nobody → redirect to /login, a customer → 403, staff allowed, and the
// token, staff-account, payment-provider and personal-data actions for administrators only. The session is replaced by the user of each
// case; the guard (lib/auth/guards.ts) and the actions are the real ones.

// next build sets this from next.config's experimental.authInterrupts; forbidden() needs it.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";
const session = vi.hoisted(() => ({ user: null as PublicUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

const ADMIN_ONLY = new Set([
  "createTokenAction",
  "revokeTokenAction",
  "saveStaffAction",
  "revokeStaffAction",
  "savePaymentSettingsAction",
  "eraseDataAction",
  "saveSellerAction",
  "saveLegalTextAction",
]);
const folder = path.join(process.cwd(), "app", "actions");
const files = readdirSync(folder).filter(
  (name) =>
    name.startsWith("admin") &&
    name.endsWith(".ts") &&
    readFileSync(path.join(folder, name), "utf8").trimStart().startsWith('"use server"'),
);

type Action = (...args: unknown[]) => Promise<unknown>;
const actions: { name: string; action: Action }[] = [];
for (const file of files) {
  const module = (await import(path.join(folder, file))) as Record<string, unknown>;
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === "function") actions.push({ name: `${file}#${name}`, action: value as Action });
  }
}

const person = (role: PublicUser["role"]): PublicUser => ({
  id: `u_${role}`,
  email: `${role}@example.com`,
  name: `Test ${role}`,
  role,
  createdAt: new Date(),
});

/** Calls an action the way a form post does and names how the guard answered. */
async function verdict(action: Action, user: PublicUser | null): Promise<"login" | "forbidden" | "allowed"> {
  session.user = user;
  const form = new FormData();
  try {
    await (action.length >= 2 ? action({}, form) : action(form));
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT") && digest.includes("/login")) return "login";
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;403") return "forbidden";
  }
  return "allowed";
}

describe("server actions of /admin", () => {
  it("finds the staff actions", () => {
    expect(files).toEqual(expect.arrayContaining(["admin.ts", "admin-jobs.ts"]));
    expect(actions.map((entry) => entry.name)).toEqual(
      expect.arrayContaining([
        "admin.ts#setStockAction",
        "admin.ts#releaseHoldAction",
        "admin.ts#saveStaffAction",
      ]),
    );
  });

  it("sends anonymous visitors to /login and answers customers 403, for every action", async () => {
    for (const { name, action } of actions) {
      expect([name, await verdict(action, null)]).toEqual([name, "login"]);
      expect([name, await verdict(action, person("customer"))]).toEqual([name, "forbidden"]);
    }
  });

  it("lets staff use every action but token, staff, payment-provider, store-settings and personal-data management, which need an administrator", async () => {
    for (const { name, action } of actions) {
      const adminOnly = ADMIN_ONLY.has(name.split("#")[1] ?? "");
      expect([name, await verdict(action, person("staff"))]).toEqual([
        name,
        adminOnly ? "forbidden" : "allowed",
      ]);
      expect([name, await verdict(action, person("admin"))]).toEqual([name, "allowed"]);
    }
  });
});
