import { beforeEach, describe, expect, it, vi } from "vitest";

// getCurrentUser() skips next-auth when the request has no session cookie (guests, API clients): the
// request's cookies, next-auth and the user lookup are stand-ins here.
const jar: { name: string; value: string }[] = [];
const auth = vi.fn(async () => ({ user: { id: "u1" } }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => jar }),
  headers: async () => new Headers(),
}));
vi.mock("@/lib/auth/config", () => ({ auth }));
vi.mock("@/lib/db", () => ({ getDb: () => ({}) }));
vi.mock("@/lib/accounts/users", () => ({
  findUserById: async (_db: unknown, id: string) => ({
    id,
    email: "a@example.com",
    name: "A",
    role: "customer",
  }),
}));

const { getCurrentUser } = await import("@/lib/auth/session");

beforeEach(() => {
  jar.length = 0;
  auth.mockClear();
});

describe("getCurrentUser", () => {
  it("answers null without asking next-auth when there is no session cookie", async () => {
    jar.push({ name: "cart", value: "x" }, { name: "NEXT_LOCALE", value: "en" });
    expect(await getCurrentUser()).toBeNull();
    expect(auth).not.toHaveBeenCalled();
  });

  it("asks next-auth when there is one, chunked ones included", async () => {
    for (const name of ["authjs.session-token", "authjs.session-token.0"]) {
      jar.length = 0;
      jar.push({ name, value: "jwt" });
      expect((await getCurrentUser())?.id).toBe("u1");
    }
    expect(auth).toHaveBeenCalledTimes(2);
  });
});
