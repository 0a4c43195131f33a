import { type Dirent, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// The pages and admin route handlers that exist in app/, found on disk, so the specs that walk them cover
// new ones without being touched.

const APP = path.resolve("app");
export const PLACEHOLDER_ID = "a_00000000000000000000000000000000";
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
function walk(dir: string, file: string, found: string[] = [], segments: string[] = []): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) walk(path.join(dir, entry.name), file, found, [...segments, entry.name]);
    else if (entry.name === file) found.push(path.join(dir, entry.name));
  }
  return found;
}

/** app/(shop)/account/addresses/[id]/page.tsx → /account/addresses/a_000… */
function urlOf(file: string): string {
  const parts = path
    .relative(APP, path.dirname(file))
    .split(path.sep)
    .filter((part) => part && !/^\(.*\)$/.test(part))
    .map((part) => (part.startsWith("[") ? PLACEHOLDER_ID : part));
  return `/${parts.join("/")}`;
}

export const pages = walk(APP, "page.tsx").map(urlOf);
export const accountPages = pages.filter((url) => url === "/account" || url.startsWith("/account/"));
export const adminPages = pages.filter((url) => url === "/admin" || url.startsWith("/admin/"));
export const adminApi = walk(path.join(APP, "api", "admin"), "route.ts").flatMap((file) => {
  const source = readFileSync(file, "utf8");
  return METHODS.filter((method) =>
    new RegExp(`export\\s+(const|async\\s+function|function)\\s+${method}\\b`).test(source),
  ).map((method) => ({ method, url: urlOf(file) }));
});

export function isDynamic(url: string): boolean {
  return url.includes(PLACEHOLDER_ID);
}
