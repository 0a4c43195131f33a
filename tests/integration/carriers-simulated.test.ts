import { sql } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { parseEnv } from "@/lib/env";
import { CarrierError, carrierFor, configuredCarriers, defaultCarrier } from "@/lib/shipping/carriers";
import { createSimulatedCarrier, isSimulatedTrackingNo } from "@/lib/shipping/carriers/simulated";
import { expectLabelShows, parcel } from "@/tests/support/carrier-contract";

// The simulated carrier on a real database: its own table, steps computed from the creation time and a
// clock the test moves, and the registry that makes it the default when no carrier is configured.

const STEP = 600;
let clock = new Date("2026-03-02T08:00:00Z");
const carrier = createSimulatedCarrier({
  db: getDb,
  stepSeconds: STEP,
  appUrl: "http://localhost:3000",
  sender: "Çarşı",
  now: () => clock,
});
const at = (minutes: number) => new Date(Date.parse("2026-03-02T08:00:00Z") + minutes * 60_000);

describe("simulated carrier", () => {
  it("issues a checked 12-digit tracking number, its tracking page and a PDF label", async () => {
    clock = at(0);
    const p = parcel({ pieces: 3, codAmount: 19_990 });
    const created = await carrier.createShipment(p);
    expect(isSimulatedTrackingNo(created.trackingNo)).toBe(true);
    expect(created.trackingUrl).toBe(`http://localhost:3000/orders/track?trackingNo=${created.trackingNo}`);
    expect(created.label?.contentType).toBe("application/pdf");
    const data = created.label?.data ?? Buffer.alloc(0);
    expect(data.subarray(0, 5).toString()).toBe("%PDF-");
    const pdf = await PDFDocument.load(data);
    expect(pdf.getPageCount()).toBe(3);
    expect(pdf.getTitle()).toBe(`Simüle Kargo ${created.trackingNo}`);
    expectLabelShows(data, [
      p.orderNo,
      "Ayse Yilmaz",
      "06420 Çankaya / Ankara",
      created.trackingNo,
      "199.90 TL",
    ]);
  });

  it("is idempotent on the reference, also when the same create arrives at once", async () => {
    clock = at(0);
    const p = parcel();
    const results = await Promise.all(Array.from({ length: 6 }, () => carrier.createShipment(p)));
    expect(new Set(results.map((r) => r.trackingNo)).size).toBe(1);
    clock = at(90);
    expect((await carrier.createShipment(p)).trackingNo).toBe(results[0]?.trackingNo);
    const rows = await getDb().execute(
      sql`select count(*)::int as n from simulated_shipments where reference = ${p.reference}`,
    );
    expect((rows as unknown as { n: number }[])[0]?.n).toBe(1);
    expect((await carrier.findShipment(p.reference))?.trackingNo).toBe(results[0]?.trackingNo);
    expect(await carrier.findShipment("no-such-reference")).toBeNull();
  });

  it("moves one step every SIMULATED_CARRIER_STEP_SECONDS from its creation, by the clock alone", async () => {
    clock = at(0);
    const p = parcel();
    const { trackingNo } = await carrier.createShipment(p);
    const statuses = async (minutes: number) => {
      clock = at(minutes);
      return (await carrier.track(p.reference)).map((e) => e.status);
    };
    expect(await statuses(0)).toEqual(["created"]);
    expect(await statuses(9)).toEqual(["created"]);
    expect(await statuses(10)).toEqual(["created", "in_transit"]);
    expect(await statuses(25)).toEqual(["created", "in_transit", "in_transit"]);
    expect(await statuses(30)).toEqual(["created", "in_transit", "in_transit", "out_for_delivery"]);
    const done = ["created", "in_transit", "in_transit", "out_for_delivery", "delivered"];
    expect(await statuses(40)).toEqual(done);
    expect(await statuses(60 * 24 * 7)).toEqual(done);

    const events = await carrier.track(trackingNo);
    expect(events.map((e) => e.at.toISOString())).toEqual(
      [0, 10, 20, 30, 40].map((m) => at(m).toISOString()),
    );
    expect(new Set(events.map((e) => e.id)).size).toBe(5);
    expect((await carrier.track(p.reference)).map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(events[4]?.location).toBe("Çankaya, Ankara");
  });

  it("cancels before pick-up (tracking then ends cancelled) and refuses after", async () => {
    clock = at(0);
    const early = parcel();
    await carrier.createShipment(early);
    clock = at(5);
    await carrier.cancelShipment(early.reference);
    clock = at(100);
    expect((await carrier.track(early.reference)).map((e) => e.status)).toEqual(["created", "cancelled"]);

    clock = at(0);
    const late = parcel();
    await carrier.createShipment(late);
    clock = at(11);
    const error = await carrier.cancelShipment(late.reference).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CarrierError);
    expect((error as CarrierError).retryable).toBe(false);
    expect((await carrier.track(late.reference)).at(-1)?.status).toBe("in_transit");
  });
});

describe("carrier registry", () => {
  const aras = { ARAS_USERNAME: "u", ARAS_PASSWORD: "p", ARAS_CUSTOMER_CODE: "c" };

  it("serves the simulated carrier when no credentials are set", () => {
    const e = parseEnv({ NODE_ENV: "test" });
    expect(configuredCarriers(e)).toEqual(["simulated"]);
    expect(defaultCarrier(e)).toBe("simulated");
    expect(carrierFor("simulated", e).name).toBe("simulated");
  });

  it("lists the carriers whose credentials are set, first as the default; production drops the simulated one", () => {
    const dev = parseEnv({ NODE_ENV: "test", ...aras, MNG_CLIENT_ID: "i", MNG_CLIENT_SECRET: "s" });
    expect(configuredCarriers(dev)).toEqual(["aras", "simulated"]);
    expect(defaultCarrier(dev)).toBe("aras");
    expect(carrierFor("aras", dev)).toBe(carrierFor("aras", dev));
    const live = parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://u@localhost/db",
      AUTH_SECRET: "x".repeat(40),
      CRON_SECRET: "y".repeat(20),
      ...aras,
    });
    expect(configuredCarriers(live)).toEqual(["aras"]);
    expect(() => carrierFor("simulated", live)).toThrow(CarrierError);
    expect(() => carrierFor("mng", dev)).toThrow(/not configured/);
    expect(() => carrierFor("dhl", dev)).toThrow(/not configured/);
  });
});
