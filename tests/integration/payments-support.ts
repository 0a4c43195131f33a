// Shared helpers of the iyzico and PayTR integration tests (tests/integration/payments-*.test.ts).
//
// Like the Stripe files (checkout-support.ts), a file that needs a card provider starts its fake with
// top-level await BEFORE any test code runs, so lib/env.ts reads the fake's address when it first parses
// the environment. Each start function sets that provider's variables only and removes every other
// provider's: the file then proves "a store started with only <provider>'s keys".
import { NextRequest } from "next/server";
import { GET as installmentsRoute } from "@/app/api/payments/installments/route";
import { type FakeIyzico, startFakeIyzico } from "@/tests/support/fake-iyzico";
import { type FakePaytr, startFakePaytr } from "@/tests/support/fake-paytr";
import { clearCardProviderEnv } from "./checkout-support";

export const IYZICO_KEYS = { apiKey: "sandbox-api-key-tests", secretKey: "sandbox-secret-key-tests" };
export const PAYTR_KEYS = {
  merchantId: "100200",
  merchantKey: "paytr-key-tests",
  merchantSalt: "paytr-salt-tests",
};
export const STORE_URL = "http://store.test";

export async function startFakeIyzicoEnv(): Promise<FakeIyzico> {
  const fake = await startFakeIyzico(IYZICO_KEYS);
  clearCardProviderEnv();
  process.env.APP_URL = STORE_URL;
  process.env.IYZICO_API_KEY = IYZICO_KEYS.apiKey;
  process.env.IYZICO_SECRET_KEY = IYZICO_KEYS.secretKey;
  process.env.IYZICO_BASE_URL = fake.url;
  return fake;
}

export async function startFakePaytrEnv(): Promise<FakePaytr> {
  const fake = await startFakePaytr(PAYTR_KEYS);
  clearCardProviderEnv();
  process.env.APP_URL = STORE_URL;
  process.env.PAYTR_MERCHANT_ID = PAYTR_KEYS.merchantId;
  process.env.PAYTR_MERCHANT_KEY = PAYTR_KEYS.merchantKey;
  process.env.PAYTR_MERCHANT_SALT = PAYTR_KEYS.merchantSalt;
  process.env.PAYTR_BASE_URL = fake.url;
  return fake;
}

/** A store with both iyzico's and PayTR's keys (and not Stripe's), each pointing at its own fake. */
export async function startBothFakesEnv(): Promise<{ iyzico: FakeIyzico; paytr: FakePaytr }> {
  const iyzico = await startFakeIyzico(IYZICO_KEYS);
  const paytr = await startFakePaytr(PAYTR_KEYS);
  clearCardProviderEnv();
  process.env.APP_URL = STORE_URL;
  process.env.IYZICO_API_KEY = IYZICO_KEYS.apiKey;
  process.env.IYZICO_SECRET_KEY = IYZICO_KEYS.secretKey;
  process.env.IYZICO_BASE_URL = iyzico.url;
  process.env.PAYTR_MERCHANT_ID = PAYTR_KEYS.merchantId;
  process.env.PAYTR_MERCHANT_KEY = PAYTR_KEYS.merchantKey;
  process.env.PAYTR_MERCHANT_SALT = PAYTR_KEYS.merchantSalt;
  process.env.PAYTR_BASE_URL = paytr.url;
  return { iyzico, paytr };
}

type Handler = (
  request: NextRequest,
  context: { params: Promise<Record<string, never>> },
) => Promise<Response>;

/** POSTs a body to a route handler as the provider or the shopper's browser would. */
export async function post(
  handler: Handler,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string; location: string | null; contentType: string | null }> {
  const response = await handler(new NextRequest(`${STORE_URL}${path}`, { method: "POST", headers, body }), {
    params: Promise.resolve({}),
  });
  return {
    status: response.status,
    text: await response.text(),
    location: response.headers.get("location"),
    contentType: response.headers.get("content-type"),
  };
}

export const FORM = { "content-type": "application/x-www-form-urlencoded" };
export const JSON_BODY = { "content-type": "application/json" };

/** GET /api/payments/installments through the route handler, from a visitor address of its own. */
export function askInstallments(query: string) {
  return installmentsRoute(
    new NextRequest(`${STORE_URL}/api/payments/installments?${query}`, {
      headers: {
        "x-forwarded-for": `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.1`,
      },
    }),
    { params: Promise.resolve({}) },
  );
}

/** Kuruş as the dotted decimal text both providers take ("12.50"), written out independently of the store. */
export const asDecimal = (kurus: number) =>
  `${Math.floor(kurus / 100)}.${String(kurus % 100).padStart(2, "0")}`;
