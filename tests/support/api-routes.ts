import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The route handlers under app/api, found on disk: each route.ts and the HTTP methods it exports. */

export type Segment = { kind: "static"; value: string } | { kind: "param" | "catchAll"; name: string };
export interface ApiRoute {
  /** The folder path, as Next.js names it: `/api/products/[slug]/reviews`. */
  template: string;
  segments: Segment[];
  methods: string[];
}

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function scan(dir: string, prefix: string[]): ApiRoute[] {
  const found: ApiRoute[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...scan(full, [...prefix, entry.name]));
    else if (/^route\.(ts|js)$/.test(entry.name)) {
      const source = readFileSync(full, "utf8");
      const methods = HTTP_METHODS.filter((m) =>
        new RegExp(
          `export\\s+(?:const|(?:async\\s+)?function)\\s+${m}\\b|export\\s*\\{[^}]*\\bas\\s+${m}\\b`,
        ).test(source),
      );
      const segments: Segment[] = prefix
        .filter((s) => !/^\(.*\)$/.test(s)) // route groups are not in the URL
        .map((s) => {
          const catchAll = /^\[\[?\.\.\.(\w+)\]\]?$/.exec(s);
          if (catchAll) return { kind: "catchAll", name: catchAll[1] as string };
          const param = /^\[(\w+)\]$/.exec(s);
          return param ? { kind: "param", name: param[1] as string } : { kind: "static", value: s };
        });
      found.push({ template: `/api/${prefix.join("/")}`, segments, methods });
    }
  }
  return found;
}

export function scanApiRoutes(root = process.cwd()): ApiRoute[] {
  return scan(path.join(root, "app/api"), []);
}
