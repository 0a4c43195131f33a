import { notFound } from "next/navigation";

/**
 * A path parameter of an admin page, decoded (these pages receive it still percent-encoded). A malformed
 * escape such as `%ZZ` names nothing: the not-found page, not a 500.
 */
export function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    notFound();
  }
}
