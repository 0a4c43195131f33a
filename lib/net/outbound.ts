import "server-only";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { refusedRange } from "./address";

/**
 * Calls to URLs someone typed (webhook endpoints): the SSRF guard. The host is resolved once, every address
 * it resolves to must be allowed (lib/net/address.ts), and the connection goes to exactly the checked
 * address, so a DNS answer that changes between the check and the call (rebinding) cannot redirect it.
 * Provider base URLs from the environment do not come through here.
 */

export interface OutboundResponse {
  status: number;
  /** Decoded UTF-8, at most maxResponseBytes of it. */
  body: string;
  truncated: boolean;
}

export interface OutboundOptions {
  method?: "POST" | "GET";
  headers?: Record<string, string>;
  body?: string;
  /** The whole call, DNS included. Default 10 s. */
  timeoutMs?: number;
  /** Bytes of the response body kept; the rest is discarded (truncated: true). Default 64 KiB. */
  maxResponseBytes?: number;
}

/** Why a URL may not be called (the details' `reason` of URL_NOT_ALLOWED). */
export type UrlRefusal = "invalid" | "scheme" | "credentials" | "address" | "unresolvable";

/** The call could not be completed: no answer within the timeout, or the network failed (DNS included). */
export class OutboundError extends Error {
  constructor(
    readonly kind: "timeout" | "network",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "OutboundError";
  }
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name resolves to; dns.promises.lookup({all: true}) in the store. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** What the guard consults besides the URL; the store's own is systemGuard(), tests pass their own. */
export interface Guard {
  resolve: Resolver;
  /** WEBHOOK_ALLOWED_HOSTS: `hostname:port` entries that may resolve to loopback addresses. */
  allowedHosts: ReadonlySet<string>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

const systemResolve: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

function systemGuard(): Guard {
  return { resolve: systemResolve, allowedHosts: env().WEBHOOK_ALLOWED_HOSTS };
}

const refuse = (reason: UrlRefusal) => new AppError("URL_NOT_ALLOWED", { reason });

interface Target {
  url: URL;
  /** The URL's hostname without IPv6 brackets, for the request's Host header and TLS servername. */
  hostname: string;
  address: string;
  family: 4 | 6;
}

/** The URL parsed by the WHATWG rules (which normalise numeric hosts such as 0x7f.1 to 127.0.0.1), or a refusal. */
function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("invalid");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw refuse("scheme");
  if (url.username || url.password) throw refuse("credentials");
  return url;
}

/**
 * Resolves the URL's host once and checks every address: one forbidden address refuses the URL (the stricter
 * choice: a name that also points inside is not a receiver the store talks to). Throws AppError
 * URL_NOT_ALLOWED, or OutboundError("network") when the name does not resolve.
 */
async function resolveTarget(raw: string, guard: Guard): Promise<Target> {
  const url = parseUrl(raw);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const loopbackAllowed = guard.allowedHosts.has(`${url.hostname}:${port}`);
  let addresses: ResolvedAddress[];
  if (isIP(hostname)) {
    addresses = [{ address: hostname, family: isIP(hostname) }];
  } else {
    try {
      addresses = await guard.resolve(hostname);
    } catch (error) {
      throw new OutboundError("network", `${hostname} does not resolve`, { cause: error });
    }
    if (addresses.length === 0) throw new OutboundError("network", `${hostname} does not resolve`);
  }
  for (const { address } of addresses) {
    const range = refusedRange(address);
    if (range && !(range === "loopback" && loopbackAllowed)) throw refuse("address");
  }
  const [first] = addresses as [ResolvedAddress];
  return { url, hostname, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** checkOutboundUrl with the guard given; the public function passes the store's. */
export async function checkUrlWith(guard: Guard, url: string): Promise<void> {
  try {
    await resolveTarget(url, guard);
  } catch (error) {
    if (error instanceof OutboundError) throw refuse("unresolvable");
    throw error;
  }
}

/** Throws AppError("URL_NOT_ALLOWED", {reason}) when the URL may not be called (scheme, host, address). */
export async function checkOutboundUrl(url: string): Promise<void> {
  await checkUrlWith(systemGuard(), url);
}

/** outboundRequest with the guard given; the public function passes the store's. */
export async function requestWith(
  guard: Guard,
  url: string,
  options: OutboundOptions = {},
): Promise<OutboundResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const timedOut = () => new OutboundError("timeout", `no answer within ${timeoutMs} ms`);
  // A lookup cannot be cancelled; the deadline still ends the wait for it.
  const target = await new Promise<Target>((resolve, reject) => {
    const onAbort = () => reject(timedOut());
    signal.addEventListener("abort", onAbort, { once: true });
    resolveTarget(url, guard)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
  return send(target, options, signal, timedOut);
}

/**
 * Resolves the host once, refuses a forbidden address, connects to exactly the checked address (keeping Host
 * and the TLS server name), follows no redirects (a 3xx is returned as is), times out, caps the body.
 * Network failures throw OutboundError.
 */
export async function outboundRequest(url: string, options?: OutboundOptions): Promise<OutboundResponse> {
  return requestWith(systemGuard(), url, options);
}

function send(
  target: Target,
  options: OutboundOptions,
  signal: AbortSignal,
  timedOut: () => OutboundError,
): Promise<OutboundResponse> {
  const { url, hostname, address, family } = target;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // The socket's only lookup: it answers the checked address, whatever DNS says now.
  const pinned: LookupFunction = (_name, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const headers: Record<string, string | number> = { ...options.headers };
  if (options.body !== undefined) headers["content-length"] = Buffer.byteLength(options.body);
  const client = url.protocol === "https:" ? https : http;

  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(
        signal.aborted
          ? timedOut()
          : new OutboundError("network", `${url.host}: ${(error as Error).message}`, { cause: error }),
      );
    };
    const request = client.request(
      {
        hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? "POST",
        headers,
        lookup: pinned,
        // A fresh connection each time: a pooled socket could belong to an earlier answer for this host.
        agent: false,
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const finish = () => {
          if (settled) return;
          settled = true;
          const bytes = Buffer.concat(chunks);
          // stream: true holds back a character the cap cut in half instead of showing U+FFFD.
          const body = new TextDecoder().decode(bytes, { stream: truncated });
          resolve({ status: response.statusCode ?? 0, body, truncated });
        };
        response.on("data", (chunk: Buffer) => {
          if (truncated) return;
          const room = maxBytes - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            size = maxBytes;
            truncated = true;
            finish();
            // The rest is not read: the connection is closed instead.
            response.destroy();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", finish);
        response.on("error", fail);
        response.on("aborted", () => fail(new Error("response aborted")));
      },
    );
    request.on("error", fail);
    request.end(options.body);
  });
}
