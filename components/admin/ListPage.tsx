import type { ReactNode } from "react";

/**
 * The frame of every staff list: the heading with its actions (a "new" link), an intro, then what the
 * page lists in order: notices and forms, the filter bar (`ListFilters`), the table (`DataTable`: sortable
 * headers, paging, empty state). While it loads, the route's loading.tsx shows `ListLoading`.
 */
export function ListPage({
  title,
  intro,
  actions,
  children,
}: {
  title: string;
  intro?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{title}</h1>
        {actions}
      </div>
      {intro && <p className="max-w-3xl text-sm text-stone-600">{intro}</p>}
      {children}
    </div>
  );
}
