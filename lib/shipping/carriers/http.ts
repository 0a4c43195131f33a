import { createHash } from "node:crypto";
import { XMLParser } from "fast-xml-parser";
import {
  CarrierError,
  type CarrierName,
  type ParcelRequest,
  type Recipient,
  type TrackingStatus,
} from "./carrier";

/**
 * The plumbing the carrier adapters share: one HTTP call with a timeout and the store's error rules, SOAP 1.1
 * envelopes (Aras and Yurtiçi), XML both ways, Turkish dates and stable event ids. Nothing here knows a
 * carrier's fields.
 */

/** A single call that has no caller-given deadline (creates, cancels, tracking polls from jobs). */
export const CALL_TIMEOUT_MS = 15_000;

export interface HttpAnswer {
  status: number;
  text: string;
}

/**
 * Sends one request. Unreachable, timed out and 5xx are retryable CarrierErrors; any other status is
 * returned for the adapter to read (carriers answer refusals in their own shapes, often with HTTP 200).
 * `keepServerErrors` returns 5xx too (SOAP faults arrive as HTTP 500 and say whose fault they are).
 */
export async function send(
  carrier: CarrierName,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  options: { signal?: AbortSignal; keepServerErrors?: boolean } = {},
): Promise<HttpAnswer> {
  const signal = options.signal ?? AbortSignal.timeout(CALL_TIMEOUT_MS);
  const where = new URL(url).pathname;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { ...init, signal, redirect: "error" });
    text = await response.text();
  } catch (error) {
    const name = (error as Error).name;
    const reason = name === "TimeoutError" || name === "AbortError" ? "timed out" : "unreachable";
    throw new CarrierError(carrier, `${where} ${reason}`, true);
  }
  if (response.status >= 500 && !options.keepServerErrors) {
    throw new CarrierError(carrier, `${where} answered HTTP ${response.status}`, true);
  }
  return { status: response.status, text };
}

/** What every adapter's configuration has beside its credentials. */
export interface AdapterOptions {
  /** The store's name, printed as the sender on labels the store prints. */
  sender: string;
  /** Per call; CALL_TIMEOUT_MS when left out. */
  timeoutMs?: number;
}

/** The signal of one call: the adapter's configured timeout, or CALL_TIMEOUT_MS. */
export const callSignal = (timeoutMs?: number) => AbortSignal.timeout(timeoutMs ?? CALL_TIMEOUT_MS);

/** A deadline for a whole operation of several calls (a quote with its token), as one signal. */
export const deadline = (timeoutMs: number) => AbortSignal.timeout(timeoutMs);

// ---------------------------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------------------------

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Codes such as "0012" or "00000042" must stay text.
  parseTagValue: false,
  trimValues: true,
});

export type XmlValue = string | number | boolean | null | undefined | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

export const escapeXml = (value: string) =>
  value
    // XML 1.0 cannot carry control characters other than tab and line breaks, even escaped.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: those characters are what is removed
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

/** `{a: "x", b: [{c: 1}, {c: 2}]}` → `<a>x</a><b><c>1</c></b><b><c>2</c></b>`; null and undefined are left out. */
export function toXml(value: XmlObject): string {
  let out = "";
  for (const [name, child] of Object.entries(value)) {
    for (const item of Array.isArray(child) ? child : [child]) {
      if (item === null || item === undefined) continue;
      const inner = typeof item === "object" ? toXml(item as XmlObject) : escapeXml(String(item));
      out += `<${name}>${inner}</${name}>`;
    }
  }
  return out;
}

export function parseXml(text: string): Record<string, unknown> {
  return parser.parse(text) as Record<string, unknown>;
}

/** XML gives one element as an object and several as an array: always an array. */
export function list<T = Record<string, unknown>>(value: unknown): T[] {
  if (value === undefined || value === null || value === "") return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

export const text = (value: unknown): string =>
  value === undefined || value === null || typeof value === "object" ? "" : String(value);

// ---------------------------------------------------------------------------------------------------------
// SOAP 1.1
// ---------------------------------------------------------------------------------------------------------

export interface SoapOperation {
  url: string;
  /** The SOAPAction header, as the service's WSDL gives it. */
  action: string;
  namespace: string;
  operation: string;
  params: XmlObject;
  /**
   * .NET services (Aras) declare their parameters in the operation's namespace; JAX-WS services (Yurtiçi)
   * leave them unqualified, so only the operation element carries the namespace there.
   */
  qualified: boolean;
  signal?: AbortSignal;
}

export function soapEnvelope(body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

/**
 * Calls one SOAP operation and returns its `<operation>Response` element. A fault whose code names the
 * client (soap:Client) is a refusal; any other fault, or an answer that is not SOAP, is retryable.
 */
export async function soapCall(carrier: CarrierName, op: SoapOperation): Promise<Record<string, unknown>> {
  const inner = toXml(op.params);
  const element = op.qualified
    ? `<${op.operation} xmlns="${op.namespace}">${inner}</${op.operation}>`
    : `<ns:${op.operation} xmlns:ns="${op.namespace}">${inner}</ns:${op.operation}>`;
  const answer = await send(
    carrier,
    op.url,
    {
      method: "POST",
      headers: { "Content-Type": "text/xml; charset=utf-8", SOAPAction: `"${op.action}"` },
      body: soapEnvelope(element),
    },
    { signal: op.signal, keepServerErrors: true },
  );
  let body: Record<string, unknown> | undefined;
  try {
    const envelope = parseXml(answer.text).Envelope as Record<string, unknown> | undefined;
    body = envelope?.Body as Record<string, unknown> | undefined;
  } catch {
    body = undefined;
  }
  if (!body || typeof body !== "object") {
    throw new CarrierError(carrier, `${op.operation} answered HTTP ${answer.status} without SOAP`, true);
  }
  const fault = body.Fault as Record<string, unknown> | undefined;
  if (fault) {
    const code = text(fault.faultcode);
    throw new CarrierError(
      carrier,
      `${op.operation}: ${text(fault.faultstring)}`,
      !/client/i.test(code),
      code,
    );
  }
  const response = body[`${op.operation}Response`];
  if (!response || typeof response !== "object") {
    if (answer.status >= 500)
      throw new CarrierError(carrier, `${op.operation} answered HTTP ${answer.status}`, true);
    throw new CarrierError(carrier, `${op.operation} answered without its response`, true);
  }
  return response as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------------
// Shared readings
// ---------------------------------------------------------------------------------------------------------

/**
 * A time as Turkish carriers write it, in Turkey's time (UTC+3 all year since 2016): "dd.MM.yyyy HH:mm:ss",
 * "dd-MM-yyyy HH:mm", "yyyyMMdd" + "HHmmss", or ISO 8601 (kept as written when it has an offset).
 */
export function turkeyTime(date: string, time = ""): Date | null {
  const iso = /^\d{4}-\d{2}-\d{2}T/.test(date) ? date : null;
  if (iso) {
    const at = new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}+03:00`);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  let y: string, mo: string, d: string, rest: string;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
  const dotted = /^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})\s*(.*)$/.exec(date.trim());
  if (compact) {
    [, y, mo, d] = compact as unknown as [string, string, string, string];
    rest = time;
  } else if (dotted) {
    [, d, mo, y, rest] = dotted as unknown as [string, string, string, string, string];
    rest = rest || time;
  } else return null;
  const digits = rest.replace(/\D/g, "").padEnd(6, "0").slice(0, 6);
  const clock = rest.includes(":")
    ? rest
        .split(":")
        .map((part) => part.trim().padStart(2, "0"))
        .concat(["00", "00"])
        .slice(0, 3)
        .join(":")
    : `${digits.slice(0, 2)}:${digits.slice(2, 4)}:${digits.slice(4, 6)}`;
  const at = new Date(`${y}-${mo.padStart(2, "0")}-${d.padStart(2, "0")}T${clock}+03:00`);
  return Number.isNaN(at.getTime()) ? null : at;
}

const TURKISH: Record<string, string> = { ğ: "g", Ğ: "G", ş: "s", Ş: "S", ı: "i", İ: "I" };
const LATIN1_TURKISH: Record<string, string> = { ü: "u", Ü: "U", ö: "o", Ö: "O", ç: "c", Ç: "C" };

/**
 * Turkish letters as their base letters: those outside Latin-1 only (ğ, ş, ı, İ…), or with `all` also ü, ö,
 * ç. Carriers' matching and the PDF standard fonts both need it.
 */
export function plainTurkish(value: string, all = false): string {
  return value.replace(/[ğĞşŞıİüÜöÖçÇ]/g, (c) => TURKISH[c] ?? (all ? (LATIN1_TURKISH[c] ?? c) : c));
}

/** Upper-case ASCII without Turkish letters or spacing, for matching a carrier's words. */
export function fold(value: string): string {
  return plainTurkish(value.toLocaleUpperCase("tr"), true)
    .replace(/[^A-Z0-9]+/g, " ")
    .trim();
}

/**
 * A movement's status from the carrier's Turkish words, for carriers whose movement rows carry no code
 * (Aras) or codes the published documents do not list (Yurtiçi's eventId). Order matters: "teslim
 * edilemedi" before "teslim edildi", a return before a delivery ("göndericiye teslim edildi").
 */
export function statusFromWords(words: string): TrackingStatus {
  const t = fold(words);
  if (/IPTAL/.test(t)) return "cancelled";
  if (/IADE|GERI GELIYOR|GONDERICIYE TESLIM/.test(t)) return "returned";
  if (/TESLIM EDILEMEDI|DESTEK GEREKIYOR|HASARLI|KAYIP/.test(t)) return "failed";
  if (/TESLIM EDILDI|TESLIM ALINDI ALICI|TESLIMAT YAPILDI/.test(t)) return "delivered";
  if (/DAGITIM|KURYE|TESLIMATA CIKTI|ALICI ADRESINE YONLENDIRILDI/.test(t)) return "out_for_delivery";
  if (/HAZIRLANDI|KAYIT OLUSTURULDU|SIPARIS ALINDI/.test(t)) return "created";
  return "in_transit";
}

/** An event id that stays the same every time the carrier reports the same movement. */
export function eventId(carrier: CarrierName, ...parts: (string | number)[]): string {
  return `${carrier}:${createHash("sha256").update(parts.join("\u0001")).digest("hex").slice(0, 24)}`;
}

/**
 * The carrier's key for one of our references: the characters a carrier accepts (A–Z, 0–9), at most `max`;
 * a longer reference is shortened to a hash so two references never share a key.
 */
export function carrierKey(reference: string, max: number): string {
  const clean = reference.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (clean.length > 0 && clean.length <= max && clean === reference.toUpperCase()) return clean;
  return createHash("sha256").update(reference).digest("hex").slice(0, max).toUpperCase();
}

/** 0 5XX XXX XX XX, +90 5XX… → 5XXXXXXXXX (ten digits, as the carriers ask for Turkish mobiles). */
export function nationalPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length === 12 && digits.startsWith("90")) return digits.slice(2);
  if (digits.length === 11 && digits.startsWith("0")) return digits.slice(1);
  return digits;
}

/** The cash to collect at the door in kuruş, 0 for a prepaid parcel. */
export const codOf = (parcel: ParcelRequest) =>
  parcel.codAmount && parcel.codAmount > 0 ? parcel.codAmount : 0;

/** The street lines as one, as the carriers take the address. */
export const streetOf = (r: Recipient) => [r.line1, r.line2].filter(Boolean).join(" ");
