import type { z } from "zod";
import { dateFormat } from "@/lib/i18n/dates";

/** Dates on the staff pages: Istanbul time, in the page's language, to the minute or the second. */
export function dateTimeFormat(locale: string, withSeconds = false): Intl.DateTimeFormat {
  return dateFormat(locale, { dateStyle: "medium", timeStyle: withSeconds ? "medium" : "short" });
}

/** A `datetime-local` value (Istanbul time) for an ISO instant. */
export function istanbulLocalInput(iso: string): string {
  const shifted = new Date(new Date(iso).getTime() + 3 * 60 * 60 * 1000);
  return shifted.toISOString().slice(0, 16);
}

/** What a list's links keep of its query: the filters and the sort (text values), not the page or its size. */
export function listParams(query: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/** Keeps a page's filters in its links, with `page` replaced. */
export function pageHref(base: string, params: Record<string, string | undefined>, page: number): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value && key !== "page") search.set(key, value);
  if (page > 1) search.set("page", String(page));
  const query = search.toString();
  return `${base}${query ? `?${query}` : ""}`;
}

const waiting = "bg-amber-100 text-amber-900";
const failed = "bg-red-100 text-red-900";
const done = "bg-emerald-100 text-emerald-900";
const off = "bg-stone-200 text-stone-700";
const upcoming = "bg-sky-100 text-sky-900";

/** The colour of every status a staff list shows (orders, jobs, webhook events, coupons, products). */
export const STATUS_STYLES: Record<string, string> = {
  pending_payment: waiting,
  awaiting_confirmation: waiting,
  payment_failed: failed,
  paid: upcoming,
  processing: "bg-indigo-100 text-indigo-900",
  shipped: "bg-violet-100 text-violet-900",
  delivered: done,
  partially_refunded: "bg-orange-100 text-orange-900",
  refunded: "bg-stone-200 text-stone-800",
  cancelled: off,
  failed,
  retrying: waiting,
  running: upcoming,
  waiting: off,
  received: waiting,
  requested: waiting,
  approved: upcoming,
  applied: done,
  ignored: off,
  rejected: failed,
  active: done,
  scheduled: upcoming,
  expired: off,
  used_up: waiting,
  inactive: off,
  pending: waiting,
  succeeded: done,
  featured: upcoming,
};

export type SearchParams = Record<string, string | string[] | undefined>;

/**
 * An admin list's query from its URL. A person's URL is never refused: values the schema rejects are
 * dropped (one round per problem) and the defaults take their place.
 */
export function lenientQuery<T>(schema: z.ZodType<T>, search: SearchParams, keys: readonly string[]): T {
  const input: Record<string, string> = {};
  for (const key of keys) {
    const value = search[key];
    if (typeof value === "string" && value !== "") input[key] = value;
  }
  for (let attempt = 0; attempt <= keys.length; attempt++) {
    const parsed = schema.safeParse(input);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) delete input[String(issue.path[0])];
  }
  return schema.parse({});
}
