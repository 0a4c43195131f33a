import Link from "next/link";
import type { ReactNode } from "react";
import type { Page } from "@/lib/lists";
import { AdminPagination } from "./AdminPagination";
import { listParams, pageHref } from "./format";

export interface Column<Row> {
  /** React key, and the list's `sort` value when the column is sortable. */
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  sortable?: boolean;
  align?: "right";
  /** Secondary detail, hidden below the `lg` breakpoint so the table fits a tablet in portrait. */
  secondary?: boolean;
  /** Extra classes for the column's cells. */
  className?: string;
}

/**
 * A list sorted and paged on the server: its URL, the query read from it (its text values are the
 * filters and the sort that sortable headers and page links keep) and the page of rows it found.
 */
export interface Listing<Row> {
  base: string;
  query: { sort: string };
  page: Page<Row>;
}

/** The name of a field that identifies a row. */
type KeyField<Row> = { [K in keyof Row]: Row[K] extends string | number ? K : never }[keyof Row];

/**
 * The one table of the staff pages: header, rows, an empty state, and for a server-side list (`listing`
 * instead of `rows`) its sortable headers (plain links: filters are kept, the page goes back to 1) and
 * its pagination.
 */
export function DataTable<Row>({
  columns,
  rowKey,
  empty,
  testId,
  ...source
}: {
  columns: Column<Row>[];
  rowKey: KeyField<Row>;
  empty: ReactNode;
  /** `<testId>-table` on the table, `<testId>-empty` on the empty state. */
  testId: string;
} & ({ rows: Row[]; listing?: never } | { listing: Listing<Row>; rows?: never })) {
  const { listing } = source;
  const rows = listing ? listing.page.items : source.rows;
  const params = listing ? listParams(listing.query) : {};
  const pagination = listing && (
    <AdminPagination
      base={listing.base}
      params={params}
      page={listing.page.page}
      limit={listing.page.limit}
      total={listing.page.total}
    />
  );
  if (rows.length === 0) {
    return (
      <>
        <EmptyState testId={`${testId}-empty`}>{empty}</EmptyState>
        {pagination}
      </>
    );
  }
  const cellClass = (column: Column<Row>) =>
    [
      "px-3 py-2",
      column.align === "right" ? "text-right tabular-nums" : "",
      column.secondary ? "hidden lg:table-cell" : "",
      column.className ?? "",
    ]
      .filter(Boolean)
      .join(" ");
  return (
    <>
      <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
        <table className="w-full text-left text-sm" data-testid={`${testId}-table`}>
          <thead className="border-b border-stone-200 bg-stone-50 text-stone-600">
            <tr>
              {columns.map((column) => {
                const direction = listing && sortDirection(listing.query.sort, column.key);
                return (
                  <th
                    key={column.key}
                    scope="col"
                    aria-sort={column.sortable ? (direction ?? "none") : undefined}
                    className={`${cellClass(column)} font-medium whitespace-nowrap`}
                  >
                    {column.sortable && listing ? (
                      <Link
                        href={pageHref(
                          listing.base,
                          { ...params, sort: direction === "ascending" ? `-${column.key}` : column.key },
                          1,
                        )}
                        className="inline-flex items-center gap-1 hover:underline"
                      >
                        {column.header}
                        <span aria-hidden="true" className="text-xs">
                          {direction === "ascending" ? "▲" : direction === "descending" ? "▼" : "↕"}
                        </span>
                      </Link>
                    ) : (
                      column.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={String(row[rowKey])}
                className="border-b border-stone-100 last:border-0 hover:bg-stone-50"
              >
                {columns.map((column) => (
                  <td key={column.key} className={cellClass(column)}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pagination}
    </>
  );
}

/** What a staff list shows when it has nothing to list. */
export function EmptyState({ testId, children }: { testId?: string; children: ReactNode }) {
  return (
    <p className="rounded-lg border border-stone-200 bg-white p-5 text-stone-600" data-testid={testId}>
      {children}
    </p>
  );
}

function sortDirection(current: string, key: string): "ascending" | "descending" | undefined {
  if (current === key) return "ascending";
  if (current === `-${key}`) return "descending";
  return undefined;
}
