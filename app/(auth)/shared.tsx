import Link from "next/link";
import { redirect } from "next/navigation";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "@/lib/auth/redirect";
import { getCurrentUser } from "@/lib/auth/session";

/* What the sign-in and registration pages share: the `next` path and the link from one to the other. */

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

/** "No account yet? Register" (and back): the other page, with `next` carried along. */
export function OtherPageLink({
  text,
  label,
  page,
  next,
}: {
  text: string;
  label: string;
  page: "/login" | "/register";
  next: string | null;
}) {
  return (
    <p className="text-sm">
      {text}{" "}
      <Link
        href={next ? `${page}?next=${encodeURIComponent(next)}` : page}
        className="font-medium text-brand-700 underline"
      >
        {label}
      </Link>
    </p>
  );
}
