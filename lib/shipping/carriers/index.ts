import { getDb } from "@/lib/db";
import { type Env, env } from "@/lib/env";
import { createArasCarrier } from "./aras";
import { CARRIER_NAMES, type Carrier, CarrierError, type CarrierName } from "./carrier";
import { createMngCarrier } from "./mng";
import { createSimulatedCarrier } from "./simulated";
import { createYurticiCarrier } from "./yurtici";

export * from "./carrier";

/**
 * The registry: which carriers are configured (their credentials set) and the one adapter per name a
 * shipping method names (`aras`, `yurtici`, `mng`, `simulated`). The simulated carrier is always there in
 * development and tests, and in production only while no real carrier is configured, so a live store never
 * "ships" a parcel no one will carry.
 */

const emailAddress = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from;

const BUILDERS: Record<CarrierName, (e: Env) => Carrier | null> = {
  aras: (e) =>
    e.ARAS_USERNAME && e.ARAS_PASSWORD && e.ARAS_CUSTOMER_CODE
      ? createArasCarrier({
          username: e.ARAS_USERNAME,
          password: e.ARAS_PASSWORD,
          customerCode: e.ARAS_CUSTOMER_CODE,
          queryUsername: e.ARAS_QUERY_USERNAME,
          queryPassword: e.ARAS_QUERY_PASSWORD,
          orderUrl: e.ARAS_API_URL,
          queryUrl: e.ARAS_QUERY_URL,
          sender: e.STORE_NAME,
        })
      : null,
  yurtici: (e) =>
    e.YURTICI_USERNAME && e.YURTICI_PASSWORD
      ? createYurticiCarrier({
          username: e.YURTICI_USERNAME,
          password: e.YURTICI_PASSWORD,
          url: e.YURTICI_API_URL,
          sender: e.STORE_NAME,
        })
      : null,
  mng: (e) =>
    e.MNG_CLIENT_ID && e.MNG_CLIENT_SECRET && e.MNG_CUSTOMER_NUMBER && e.MNG_PASSWORD
      ? createMngCarrier({
          clientId: e.MNG_CLIENT_ID,
          clientSecret: e.MNG_CLIENT_SECRET,
          customerNumber: e.MNG_CUSTOMER_NUMBER,
          password: e.MNG_PASSWORD,
          baseUrl: e.MNG_API_URL,
          fallbackEmail: emailAddress(e.EMAIL_FROM),
          sender: e.STORE_NAME,
        })
      : null,
  simulated: (e) =>
    createSimulatedCarrier({
      db: getDb,
      stepSeconds: e.SIMULATED_CARRIER_STEP_SECONDS,
      appUrl: e.APP_URL,
      sender: e.STORE_NAME,
    }),
};

// Worked out once per environment: checkout prices every method through carrierFor on each request.
const configured = new WeakMap<Env, CarrierName[]>();

/** The configured carriers, real ones first (in CARRIER_NAMES order), then the simulated one where it serves. */
export function configuredCarriers(e: Env = env()): CarrierName[] {
  let names = configured.get(e);
  if (!names) {
    const real = CARRIER_NAMES.filter((name) => name !== "simulated" && BUILDERS[name](e) !== null);
    names = e.NODE_ENV !== "production" || real.length === 0 ? [...real, "simulated"] : real;
    configured.set(e, names);
  }
  return names;
}

/** What a shipping method without a carrier of its own uses: the first real carrier, else the simulated one. */
export function defaultCarrier(e: Env = env()): CarrierName {
  return configuredCarriers(e)[0] ?? "simulated";
}

// One adapter per name and environment: MNG's adapter keeps its JWT and city codes between calls.
const cache = new WeakMap<Env, Map<CarrierName, Carrier>>();

/** The adapter of a configured carrier. Throws a non-retryable CarrierError for one that is not configured. */
export function carrierFor(name: string, e: Env = env()): Carrier {
  const known = (CARRIER_NAMES as readonly string[]).includes(name) ? (name as CarrierName) : null;
  if (!known || !configuredCarriers(e).includes(known)) {
    throw new CarrierError(known ?? "simulated", `carrier ${name} is not configured`, false);
  }
  const byName = cache.get(e) ?? new Map<CarrierName, Carrier>();
  cache.set(e, byName);
  let carrier = byName.get(known);
  if (!carrier) {
    carrier = BUILDERS[known](e) as Carrier;
    byName.set(known, carrier);
  }
  return carrier;
}
