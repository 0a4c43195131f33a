import { type Env, env } from "@/lib/env";
import { provinceByCode } from "@/lib/locations";
import { log } from "@/lib/log";
import { type Carrier, carrierFor, type QuoteRequest } from "./carriers";

/**
 * Live prices from the carriers that have a rate API (MNG's today), with the shipping method's rate table
 * as the fallback: a carrier not configured, without a rate API, refusing, failing or not answering within
 * CARRIER_QUOTE_TIMEOUT_MS (at most 1.5 s) gives no price, so a checkout never waits on a carrier longer
 * than that. Answers are remembered for ten minutes per carrier, service, destination and size (so the
 * checkout that follows its preview is priced the same), a failure for one minute (so a carrier that is
 * down is not asked again by every shopper).
 */

const ANSWER_MS = 10 * 60_000;
const FAILURE_MS = 60_000;
/** Enough for every destination and size a store sees in ten minutes; the oldest go first beyond it. */
const REMEMBERED_AT_MOST = 5_000;

const remembered = new Map<string, { price: number | null; until: number }>();

export interface RateRequest {
  carrierCode: string;
  service: string;
  destination: { country: string; postalCode: string };
  billableGrams: number;
}

/** What the carrier is asked: the province from the postal code, the size in desi (1 desi ≈ 1 kg billable). */
function quoteRequest({ destination, billableGrams }: RateRequest): QuoteRequest | null {
  // A Turkish postal code's first two digits are its province's plate number.
  const city =
    destination.country === "TR" ? provinceByCode(destination.postalCode.slice(0, 2))?.name : undefined;
  if (!city) return null;
  return {
    destination: { ...destination, city },
    desi: Math.max(1, Math.ceil(billableGrams / 1000)),
    parcels: 1,
  };
}

function timedOut(ms: number): Promise<null> {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms).unref());
}

/** The carrier a method names, when it is configured and has a rate API; null otherwise (nothing to ask). */
function quotingCarrier(code: string, e: Env) {
  try {
    const carrier = carrierFor(code, e);
    return carrier.quote ? carrier : null;
  } catch {
    return null;
  }
}

async function ask(
  carrier: Carrier,
  request: RateRequest,
  question: QuoteRequest,
  e: Env,
): Promise<number | null> {
  const timeoutMs = e.CARRIER_QUOTE_TIMEOUT_MS;
  try {
    // The adapter aborts its own calls at the deadline; the race makes sure nothing waits past it.
    const quote = await Promise.race([carrier.quote?.(question, { timeoutMs }), timedOut(timeoutMs)]);
    if (!quote) throw new Error(`no answer within ${timeoutMs} ms`);
    if (!Number.isSafeInteger(quote.price) || quote.price < 0 || quote.currency !== e.STORE_CURRENCY) {
      throw new Error(`unusable price ${quote.price} ${quote.currency}`);
    }
    return quote.price;
  } catch (error) {
    log.warn(
      { carrier: request.carrierCode, reason: error instanceof Error ? error.message : String(error) },
      "Carrier rate quote failed; the method's rate table prices it",
    );
    return null;
  }
}

/** The carrier's price for the parcel in kuruş, or null: then the method's rate table prices it. */
export async function carrierPrice(
  request: RateRequest,
  e: Env = env(),
  now = Date.now(),
): Promise<number | null> {
  // Most methods' carriers quote nothing (the simulated one, Aras, Yurtiçi): no key, no memory, no wait.
  const carrier = quotingCarrier(request.carrierCode, e);
  const question = carrier && quoteRequest(request);
  if (!carrier || !question) return null;
  const key = JSON.stringify([request.carrierCode, request.service, question.destination, question.desi]);
  const known = remembered.get(key);
  if (known && known.until > now) return known.price;
  const price = await ask(carrier, request, question, e);
  remembered.delete(key);
  remembered.set(key, { price, until: now + (price === null ? FAILURE_MS : ANSWER_MS) });
  if (remembered.size > REMEMBERED_AT_MOST) remembered.delete(remembered.keys().next().value as string);
  return price;
}
