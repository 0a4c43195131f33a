import Link from "next/link";
import type { ReactNode } from "react";
import { AdminPagination } from "./AdminPagination";
import { pageHref } from "./format";

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
 * A list sorted and paged on the server: its URL with its filters (sortable headers and the page links
 * keep them), the current `sort` value, and where this page is.
 */
export interface Listing {
  base: string;
  params: Record<string, string | undefined>;
  sort: string;
  paging: { page: number; limit: number; total: number };
}

/**
 * The one table of the staff pages: header, rows, an empty state, and for a server-side list its sortable
 * headers (plain links: filters are kept, the page goes back to 1) and its pagination.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  empty,
  testId,
  listing,
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string | number;
  empty: ReactNode;
  /** `<testId>-table` on the table, `<testId>-empty` on the empty state. */
  testId: string;
  listing?: Listing;
}) {
  const pagination = listing && (
    <AdminPagination base={listing.base} params={listing.params} {...listing.paging} />
  );
  if (rows.length === 0) {
    return (
      <>
        <p
          className="rounded-lg border border-stone-200 bg-white p-5 text-stone-600"
          data-testid={`${testId}-empty`}
        >
          {empty}
        </p>
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
                const direction = listing && sortDirection(listing.sort, column.key);
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
                          {
                            ...listing.params,
                            sort: direction === "ascending" ? `-${column.key}` : column.key,
                          },
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
              <tr key={rowKey(row)} className="border-b border-stone-100 last:border-0 hover:bg-stone-50">
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

function sortDirection(current: string, key: string): "ascending" | "descending" | undefined {
  if (current === key) return "ascending";
  if (current === `-${key}`) return "descending";
  return undefined;
}
