/**
 * Part of `npm run bench`: Lighthouse (its default mobile preset: a mid-range phone on a slow 4G link,
 * simulated) on the store's main pages with the system Chromium, and the JavaScript each page makes the
 * browser download before it is interactive (the `<script src>` of its HTML, gzip-compressed).
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";

export const CHROMIUM = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface PageAudit {
  name: string;
  path: string;
  /** 0–100, or null when Lighthouse could not score the page. */
  performance: number | null;
  accessibility: number | null;
  /** Largest Contentful Paint and Total Blocking Time as Lighthouse simulated them (ms). */
  lcpMs: number | null;
  tbtMs: number | null;
  /** Accessibility audits the page failed (ids). */
  accessibilityFailures: string[];
  /** JavaScript of the page's `<script src>` tags, gzip-compressed, kB. */
  firstLoadJsKb: number;
}

export interface AuditPage {
  name: string;
  path: string;
  /** Request headers (a cart cookie for the cart and checkout pages). */
  headers?: Record<string, string>;
}

/** Sum of the gzip sizes of the scripts a page's HTML loads, read from .next/static. */
export async function firstLoadJsKb(baseUrl: string, page: AuditPage, cwd: string): Promise<number> {
  const html = await (await fetch(`${baseUrl}${page.path}`, { headers: page.headers })).text();
  const sources = new Set(
    [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"[^>]*>/g)]
      // `nomodule` scripts (polyfills) are skipped by every browser that runs modules.
      .filter((match) => !/\snomodule/i.test(match[0]))
      .map((match) => (match[1] ?? "").replaceAll("&amp;", "&"))
      .filter((src) => src.startsWith("/_next/static/")),
  );
  let bytes = 0;
  for (const src of sources) {
    const file = path.join(cwd, ".next", decodeURIComponent(src.slice("/_next/".length).split("?")[0] ?? ""));
    bytes += gzipSync(await readFile(file), { level: 9 }).length;
  }
  return Math.round(bytes / 102.4) / 10;
}

interface LighthouseResult {
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, { score: number | null; numericValue?: number; scoreDisplayMode: string }>;
}

function runLighthouse(url: string, headers: Record<string, string> | undefined): Promise<LighthouseResult> {
  const cli = require.resolve("lighthouse/cli/index.js");
  const args = [
    cli,
    url,
    "--output=json",
    "--output-path=stdout",
    "--quiet",
    "--only-categories=performance,accessibility",
    "--chrome-flags=--headless --no-sandbox --disable-gpu",
  ];
  if (headers) args.push(`--extra-headers=${JSON.stringify(headers)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, CHROME_PATH: CHROMIUM },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) {
        reject(new Error(`lighthouse exited with ${code}: ${Buffer.concat(err).toString().slice(-2000)}`));
        return;
      }
      try {
        resolve(JSON.parse(Buffer.concat(out).toString("utf8")) as LighthouseResult);
      } catch (error) {
        reject(error);
      }
    });
  });
}

const score = (value: number | null | undefined) =>
  typeof value === "number" ? Math.round(value * 100) : null;
const ms = (value: number | undefined) => (typeof value === "number" ? Math.round(value) : null);

export async function auditPages(baseUrl: string, pages: AuditPage[], cwd: string): Promise<PageAudit[]> {
  const audits: PageAudit[] = [];
  for (const page of pages) {
    const firstLoadJs = await firstLoadJsKb(baseUrl, page, cwd);
    // One unmeasured load first, so the cached pages are in the cache as a visitor would find them.
    await fetch(`${baseUrl}${page.path}`, { headers: page.headers }).then((r) => r.arrayBuffer());
    const lhr = await runLighthouse(`${baseUrl}${page.path}`, page.headers);
    const a11y = lhr.categories.accessibility;
    audits.push({
      name: page.name,
      path: page.path,
      performance: score(lhr.categories.performance?.score),
      accessibility: score(a11y?.score),
      lcpMs: ms(lhr.audits["largest-contentful-paint"]?.numericValue),
      tbtMs: ms(lhr.audits["total-blocking-time"]?.numericValue),
      accessibilityFailures: (a11y?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score === 0)
        .map((ref) => ref.id),
      firstLoadJsKb: firstLoadJs,
    });
  }
  return audits;
}
