import Link from "next/link";
import type { ReactNode } from "react";

const looks = {
  brand: "rounded-md bg-brand-700 px-5 py-2.5 text-sm font-medium text-white hover:bg-brand-800",
  secondary:
    "rounded-md border border-stone-300 px-5 py-2.5 text-sm font-medium text-stone-700 hover:bg-stone-100",
  /** The cart's way on to checkout. */
  accent: "rounded-md bg-accent-600 px-5 py-3 text-center font-semibold text-white hover:bg-accent-700",
} as const;

/** A link that looks like a button: where a page sends the visitor on ("Continue shopping", "Cancel"). */
export function ButtonLink({
  href,
  look = "brand",
  children,
}: {
  href: string;
  look?: keyof typeof looks;
  children: ReactNode;
}) {
  return (
    <Link href={href} className={looks[look]}>
      {children}
    </Link>
  );
}
