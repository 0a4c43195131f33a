import postgres from "postgres";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded";

export const EMBEDDED_DATA_DIR = ".data/postgres";

export interface ResolvedDatabase {
  url: string;
  /** How the URL was found, printed at startup. */
  source: "DATABASE_URL" | "embedded (started)" | "embedded (already running)";
  stop: () => Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL in .data/, reused when another command of
 * this project already started it, started here when not.
 */
export async function resolveDatabase(): Promise<ResolvedDatabase> {
  const given = process.env.DATABASE_URL;
  if (given) return { url: given, source: "DATABASE_URL", stop: async () => {} };

  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const serverUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  if (await reachable(serverUrl)) {
    return {
      url: await ensureDatabase(serverUrl, "store"),
      source: "embedded (already running)",
      stop: async () => {},
    };
  }
  const server = await startEmbeddedPostgres(EMBEDDED_DATA_DIR, port);
  return {
    url: await ensureDatabase(server.serverUrl, "store"),
    source: "embedded (started)",
    stop: server.stop,
  };
}

/** The URL without its password, for printing. */
export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
