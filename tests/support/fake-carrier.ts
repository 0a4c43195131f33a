import { createServer, type IncomingMessage } from "node:http";
import { parseXml, soapEnvelope } from "@/lib/shipping/carriers/http";
import { closeServer, listenLocally } from "./fake-http";

/**
 * What the carrier fakes (fake-aras.ts, fake-yurtici.ts, fake-mng.ts) share: an HTTP server on a free local
 * port, outages on demand (every call a 503, or answers slower than any client waits), a log of the calls,
 * and SOAP 1.1 envelopes both ways. Each fake keeps its shipments in memory and answers as its carrier's
 * documents say.
 */

export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  /** The SOAPAction header without its quotes ("" when absent). */
  action: string;
  body: string;
}

export interface FakeAnswer {
  status: number;
  body: string;
  contentType?: string;
}

export type Outage = false | "error" | "slow";

export interface FakeServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  close(): Promise<void>;
  /** "error": every call answers HTTP 503; "slow": every answer waits `slowMs` (default 5 s) first. */
  setOutage(outage: Outage, slowMs?: number): void;
  /** Calls received, oldest first: method and path (SOAP calls also their SOAPAction). */
  readonly calls: { method: string; path: string; action?: string }[];
}

export async function startFakeServer(handle: (request: FakeRequest) => Promise<FakeAnswer> | FakeAnswer) {
  let outage: Outage = false;
  let slowMs = 5000;
  const calls: FakeServer["calls"] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const action = String(req.headers.soapaction ?? "").replace(/"/g, "");
    calls.push({ method: req.method ?? "GET", path, action: action || undefined });
    if (outage === "slow") {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, slowMs);
        timers.add(timer);
      });
    }
    let answer: FakeAnswer;
    try {
      answer =
        outage === "error"
          ? { status: 503, body: "Service Unavailable", contentType: "text/plain" }
          : await handle({
              method: req.method ?? "GET",
              path,
              headers: req.headers,
              action,
              body: Buffer.concat(chunks).toString("utf8"),
            });
    } catch (error) {
      answer = { status: 500, body: `fake error: ${(error as Error).message}`, contentType: "text/plain" };
    }
    if (res.destroyed) return;
    res.writeHead(answer.status, { "Content-Type": answer.contentType ?? "application/json; charset=utf-8" });
    res.end(answer.body);
  });
  const port = await listenLocally(server);
  const fake: FakeServer = {
    url: `http://127.0.0.1:${port}`,
    calls,
    setOutage(next, ms = 5000) {
      outage = next;
      slowMs = ms;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await closeServer(server);
    },
  };
  return fake;
}

// ---------------------------------------------------------------------------------------------------------
// SOAP
// ---------------------------------------------------------------------------------------------------------

/** The operation element of a SOAP request and its parameters (namespace prefixes dropped). */
export function readSoap(body: string): { operation: string; params: Record<string, unknown> } {
  const envelope = parseXml(body).Envelope as Record<string, unknown> | undefined;
  const content = (envelope?.Body ?? {}) as Record<string, unknown>;
  const [operation, params] = Object.entries(content)[0] ?? ["", {}];
  return {
    operation,
    params: (params && typeof params === "object" ? params : {}) as Record<string, unknown>,
  };
}

export const soapAnswer = (inner: string): FakeAnswer => ({
  status: 200,
  body: soapEnvelope(inner),
  contentType: "text/xml; charset=utf-8",
});

/** A SOAP 1.1 fault, HTTP 500 as SOAP 1.1 requires. */
export const soapFault = (code: "soap:Client" | "soap:Server", message: string): FakeAnswer => ({
  status: 500,
  body: soapEnvelope(
    `<soap:Fault><faultcode>${code}</faultcode><faultstring>${message}</faultstring></soap:Fault>`,
  ),
  contentType: "text/xml; charset=utf-8",
});

export const json = (status: number, value: unknown): FakeAnswer => ({ status, body: JSON.stringify(value) });

/** "dd.MM.yyyy HH:mm:ss" in Turkey's time (UTC+3), as Turkish carriers print times. */
export function turkishDateTime(at: Date, separator = "."): string {
  const local = new Date(at.getTime() + 3 * 3600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(local.getUTCDate())}${separator}${p(local.getUTCMonth() + 1)}${separator}${local.getUTCFullYear()} ${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())}`;
}

/** The stages a test moves a parcel through; each fake words them as its carrier does. */
export type FakeStage = "picked_up" | "transfer" | "out_for_delivery" | "delivered" | "returned";

/** What every carrier fake offers tests, by the carrier's own key of a shipment. */
export interface FakeCarrier extends FakeServer {
  /** Forgets every shipment and ends any outage. */
  reset(): void;
  count(): number;
  isCancelled(key: string): boolean;
  /** Moves a parcel on as the carrier's branches would (pick-up makes it too late to cancel). */
  move(key: string, stage: FakeStage, at?: Date): void;
}

/** A fake's shipments and the FakeCarrier controls over them. */
export function carrierControls<S>(
  server: FakeServer,
  shipments: Map<string, S>,
  isCancelled: (shipment: S) => boolean,
  move: (shipment: S, stage: FakeStage, at: Date) => void,
): FakeCarrier {
  return Object.assign(server, {
    reset() {
      shipments.clear();
      server.setOutage(false);
    },
    count: () => shipments.size,
    isCancelled: (key: string) => {
      const shipment = shipments.get(key);
      return shipment !== undefined && isCancelled(shipment);
    },
    move(key: string, stage: FakeStage, at = new Date()) {
      const shipment = shipments.get(key);
      if (!shipment) throw new Error(`the fake has no shipment ${key}`);
      move(shipment, stage, at);
    },
  });
}
