import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Role } from "@/db/schema";
import { signInSchema } from "@/lib/accounts/schemas";
import { findUserById, type PublicUser, verifyCredentials } from "@/lib/accounts/users";
import { adoptGuestCart } from "@/lib/cart/guest";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { adoptGuestWishlist } from "@/lib/wishlist/guest";
import { secureCookies } from "./cookies";
import { clientIp } from "./ip";
import { verifySignInTicket } from "./ticket";

declare module "next-auth" {
  interface User {
    role?: Role;
  }
  interface Session {
    user: { id: string; role?: Role; name?: string | null; email?: string | null };
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    role?: Role;
  }
}

const THIRTY_DAYS_SECONDS = 30 * 24 * 60 * 60;

/** The `code` next-auth puts in the redirect (`/login?error=CredentialsSignin&code=rate_limited`). */
export const RATE_LIMITED_CODE = "rate_limited";

/** Thrown from `authorize` when the sign-in limit is reached; server actions read `retryAfterSeconds`. */
export class RateLimitedSignin extends CredentialsSignin {
  code = RATE_LIMITED_CODE;
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

function toSessionUser(user: PublicUser) {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/**
 * next-auth v5 with one Credentials provider and JWT sessions (user id in `sub`, plus the role). The
 * configuration is built per request (lazily), so `next build` needs neither the database nor secrets.
 *
 * `authorize` takes either an email and password (checked by lib/accounts with the sign-in rate limits:
 * over the limit it throws RateLimitedSignin) or a sign-in ticket the store made itself right after a
 * registration. After any successful sign-in the guest cart and wishlist join the user's (`events.signIn`).
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  useSecureCookies: secureCookies(),
  session: { strategy: "jwt", maxAge: THIRTY_DAYS_SECONDS },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const db = getDb();
        const { ticket } = credentials as Record<string, unknown>;
        if (ticket !== undefined) {
          const userId = verifySignInTicket(ticket, env().AUTH_SECRET);
          const user = userId ? await findUserById(db, userId) : null;
          return user ? toSessionUser(user) : null;
        }
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        try {
          const user = await verifyCredentials(db, { ...parsed.data, ip: clientIp(request.headers) });
          return user ? toSessionUser(user) : null;
        } catch (error) {
          if (isAppError(error) && error.code === "RATE_LIMITED") {
            throw new RateLimitedSignin(Number(error.details.retryAfterSeconds) || 1);
          }
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        if (user.id) token.sub = user.id;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.user.role = token.role;
      return session;
    },
  },
  events: {
    async signIn({ user }) {
      if (user.id) await Promise.all([adoptGuestCart(user.id), adoptGuestWishlist(user.id)]);
    },
  },
  logger: {
    error(error) {
      // A wrong password or a forged/expired session cookie is an everyday event, not a server error.
      const type = (error as { type?: string }).type;
      if (type === "CredentialsSignin" || type === "JWTSessionError") return;
      log.error({ err: error }, "[auth]");
    },
    warn(code) {
      if (code !== "debug-enabled") log.warn({ code }, "[auth] warning");
    },
  },
}));
