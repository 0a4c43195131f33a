import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "@/lib/auth/redirect";
import { getCurrentUser } from "@/lib/auth/session";

/* What the sign-in and registration pages share: the `next` path and the page's frame. */

export type SearchParams = Record<string, string | string[] | undefined>;

export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The page's safe `next` path. A visitor already signed in goes on there at once (to the account instead
 * when `next` is this page itself).
 */
export async function nextPath(params: SearchParams, page: "/login" | "/register"): Promise<string | null> {
  const next = safeNextPath(first(params.next));
  if (await getCurrentUser()) redirect(next && !next.startsWith(page) ? next : DEFAULT_AFTER_SIGN_IN);
  return next;
}

/** The page's heading, its content, and "No account yet? Register" (and back) with `next` carried along. */
export function AuthPage({
  title,
  next,
  other,
  children,
}: {
  title: string;
  next: string | null;
  other: { text: string; label: string; page: "/login" | "/register" };
  children: ReactNode;
}) {
  const href = next ? `${other.page}?next=${encodeURIComponent(next)}` : other.page;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{title}</h1>
      {children}
      <p className="text-sm">
        {other.text}{" "}
        <Link href={href} className="font-medium text-brand-700 underline">
          {other.label}
        </Link>
      </p>
    </div>
  );
}
