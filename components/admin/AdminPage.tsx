import Link from "next/link";
import type { ReactNode } from "react";

/**
 * The frame of every staff page: a link back to its list, the heading with its actions (a "new" link, a
 * status), an intro, then the page. A list puts in order its notices and forms, the filter bar
 * (`ListFilters`) and the table (`DataTable`: sortable headers, paging, empty state); while it loads,
 * the route's loading.tsx shows `ListLoading`.
 */
export function AdminPage({
  title,
  back,
  actions,
  intro,
  titleTestId,
  children,
}: {
  title: string;
  back?: { href: string; label: string };
  actions?: ReactNode;
  intro?: ReactNode;
  titleTestId?: string;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-4">
      {back && (
        <Link href={back.href} className="self-start text-sm text-stone-600 underline hover:no-underline">
          ← {back.label}
        </Link>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold break-words" data-testid={titleTestId}>
          {title}
        </h1>
        {actions}
      </div>
      {intro && <p className="max-w-3xl text-sm text-stone-600">{intro}</p>}
      {children}
    </div>
  );
}

/** A titled part of a staff page, named by its heading for assistive technology; `actions` sit beside it. */
export function PageSection({
  id,
  title,
  actions,
  className = "flex flex-col gap-2",
  children,
}: {
  id: string;
  title: string;
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={className}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A list's form for a new item: folded away, open when the list is still empty. */
export function NewItem({ label, open, children }: { label: string; open: boolean; children: ReactNode }) {
  return (
    <details className="rounded-lg border border-stone-200 bg-white p-4" open={open}>
      <summary className="cursor-pointer font-semibold">{label}</summary>
      <div className="mt-3">{children}</div>
    </details>
  );
}
