import type { ReactNode } from "react";
import { signOutAction } from "@/app/actions/account";

/** Signs the visitor out: a form posting to the sign-out action, so it works without JavaScript. */
export function SignOutButton({ className, children }: { className: string; children: ReactNode }) {
  return (
    <form action={signOutAction}>
      <button type="submit" className={className}>
        {children}
      </button>
    </form>
  );
}
