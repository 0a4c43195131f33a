// Calling the staff pages and server actions directly, as the signed-in user of a test: the session is
// that user's cookie decoded by next-auth (next-auth's request entry point itself does not load under
// vitest), next-intl's server helpers answer with the store's messages, and Next's interrupts (redirect,
// forbidden) are read back from what they throw. The page guards (lib/auth/guards.ts) run unchanged.
import { getToken } from "next-auth/jwt";
import { vi } from "vitest";
import { findUserById } from "@/lib/accounts/users";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/locale";
import { translator } from "@/lib/i18n/translate";
import type { TestUser } from "./admin-support";

// forbidden() is enabled by next.config's experimental.authInterrupts, which tests do not load.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

const request = { cookie: "", locale: "tr" as Locale };

/** Who the following page renders and action calls are made by (null: nobody signed in). */
export function actAs(user: TestUser | null, locale: Locale = "tr") {
  request.cookie = user?.cookie ?? "";
  request.locale = locale;
}

/** The replacement of lib/auth/session.ts (vi.mock("@/lib/auth/session", () => authSession)). */
export const authSession = {
  getCurrentUser: async () => {
    const token = await getToken({
      req: { headers: new Headers({ cookie: request.cookie }) },
      secret: env().AUTH_SECRET,
      secureCookie: false,
    });
    return token?.sub ? findUserById(getDb(), token.sub) : null;
  },
};

/** The replacement of `next-intl/server`'s request helpers, in the language given to actAs. */
export const nextIntlServer = {
  getLocale: async () => request.locale,
  getTranslations: async (namespace: string) => translator(request.locale, namespace as "admin"),
  setRequestLocale: () => {},
};

/** The cache functions, as spies: tests read which tags and paths an action refreshed. */
export const nextCache = {
  revalidateTag: vi.fn(),
  revalidatePath: vi.fn(),
  unstable_cache: <T>(fn: T) => fn,
};

export type Outcome =
  | { kind: "redirect"; to: string }
  | { kind: "forbidden" }
  | { kind: "done"; value: unknown };

/** Runs a page or an action and says how it ended: a redirect, a 403, or a value. */
export async function outcome(run: () => unknown): Promise<Outcome> {
  try {
    return { kind: "done", value: await run() };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) {
      return { kind: "redirect", to: digest.split(";")[2] ?? "" };
    }
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;403") return { kind: "forbidden" };
    throw error;
  }
}

/** A FormData of plain fields (and files). */
export function form(fields: Record<string, string | Blob>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

/**
 * The request as `next/headers` shows it (vi.mock("next/headers", () => nextHeaders)): its cookies, read
 * and written by route handlers and actions alike, and whether a script sent it (a server action called by
 * React carries Next-Action; a plain form post does not).
 */
export const requestHeaders = { jar: new Map<string, string>(), script: false };

export const nextHeaders = {
  cookies: async () => {
    const { jar } = requestHeaders;
    return {
      get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      has: (name: string) => jar.has(name),
      set: (name: string, value: string) => (value ? jar.set(name, value) : jar.delete(name)),
    };
  },
  headers: async () => new Headers(requestHeaders.script ? { "next-action": "1" } : {}),
};
