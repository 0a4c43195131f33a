import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { carrierPrice, type RateRequest } from "@/lib/shipping/carrier-rates";
import { startFakeMng } from "@/tests/support/fake-mng";

// Checkout's live carrier rates and their fallback to the rate table, against a fake of MNG's REST API.

const KEYS = {
  clientId: "app-id",
  clientSecret: "app-Secret-77",
  customerNumber: "123456789",
  password: "mng-Secret-55",
};
const fake = await startFakeMng(KEYS);
afterAll(() => fake.close());

const mngEnv = (extra: Record<string, string> = {}) =>
  parseEnv({
    MNG_CLIENT_ID: KEYS.clientId,
    MNG_CLIENT_SECRET: KEYS.clientSecret,
    MNG_CUSTOMER_NUMBER: KEYS.customerNumber,
    MNG_PASSWORD: KEYS.password,
    MNG_API_URL: fake.url,
    ...extra,
  });

// Each test asks for another destination or size, so no answer remembered by an earlier test is reused.
let postal = 6100;
const request = (overrides: Partial<RateRequest> = {}): RateRequest => ({
  carrierCode: "mng",
  service: "standart",
  destination: { country: "TR", postalCode: String(postal++).padStart(5, "0") },
  billableGrams: 4_200,
  ...overrides,
});

const calculateCalls = () => fake.calls.filter((call) => call.path.endsWith("/calculate")).length;

beforeEach(() => fake.setOutage(false));

describe("carrier rates", () => {
  it("prices from MNG's calculate API in kuruş, for the province of the postal code and the size in desi", async () => {
    // 4,200 g billable → 5 desi: the fake charges 49.90 TL up to 2 desi and 12.50 TL for each one more.
    expect(await carrierPrice(request(), mngEnv())).toBe(4990 + 3 * 1250);
  });

  it("remembers an answer, so the checkout after its preview is priced the same without asking again", async () => {
    const asked = request();
    const before = calculateCalls();
    const first = await carrierPrice(asked, mngEnv());
    fake.setOutage("error");
    expect(await carrierPrice(asked, mngEnv())).toBe(first);
    expect(calculateCalls()).toBe(before + 1);
    // Ten minutes later the carrier is asked again (and, down, leaves the price to the rate table).
    expect(await carrierPrice(asked, mngEnv(), Date.now() + 11 * 60_000)).toBeNull();
  });

  it("leaves the price to the rate table when the carrier is down", async () => {
    fake.setOutage("error");
    expect(await carrierPrice(request(), mngEnv())).toBeNull();
  });

  it("never waits past CARRIER_QUOTE_TIMEOUT_MS for a slow carrier", async () => {
    fake.setOutage("slow", 5_000);
    const started = performance.now();
    expect(await carrierPrice(request(), mngEnv({ CARRIER_QUOTE_TIMEOUT_MS: "300" }))).toBeNull();
    // Well before the carrier's 5 s answer: the timeout, not the carrier, ended the wait.
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it("asks no one for a carrier without credentials, without a rate API, or outside Turkey", async () => {
    const before = fake.calls.length;
    expect(await carrierPrice(request(), parseEnv({}))).toBeNull();
    expect(await carrierPrice(request({ carrierCode: "simulated" }), mngEnv())).toBeNull();
    expect(await carrierPrice(request({ carrierCode: "unknown" }), mngEnv())).toBeNull();
    const abroad = request({ destination: { country: "DE", postalCode: "10115" } });
    expect(await carrierPrice(abroad, mngEnv())).toBeNull();
    expect(fake.calls.length).toBe(before);
  });

  it("refuses a quote timeout above 1.5 s in the environment", () => {
    expect(() => mngEnv({ CARRIER_QUOTE_TIMEOUT_MS: "5000" })).toThrow(/CARRIER_QUOTE_TIMEOUT_MS/);
  });
});
