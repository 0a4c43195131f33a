/**
 * V8 sizes its heap limit from the machine's memory (gigabytes on a server) and collects lazily, so a
 * busy `next start` grows well past 400 MB RSS without needing it. A cap keeps it under that: the bench
 * measured 347 MB peak with 384 MB of old space (docs/BENCHMARKS.md, Memory). A --max-old-space-size
 * already in NODE_OPTIONS wins.
 */
export const STORE_HEAP_MB = 384;

export function storeNodeOptions(current: string | undefined): string {
  const options = current?.trim() ?? "";
  if (options.includes("--max-old-space-size")) return options;
  return `${options} --max-old-space-size=${STORE_HEAP_MB}`.trim();
}
