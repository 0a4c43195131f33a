import { describe, expect, it } from "vitest";
import { CarrierError } from "@/lib/shipping/carriers";
import { createMngCarrier, mngReference } from "@/lib/shipping/carriers/mng";
import { carrierContract, parcel } from "@/tests/support/carrier-contract";
import { startFakeMng } from "@/tests/support/fake-mng";

// The MNG adapter against a fake of MNG's apizone REST API (tests/support/fake-mng.ts).

const KEYS = {
  clientId: "app-id",
  clientSecret: "app-Secret-77",
  customerNumber: "123456789",
  password: "mng-Secret-55",
};
const fake = await startFakeMng(KEYS);

const carrier = (options: { timeoutMs?: number; password?: string } = {}) =>
  createMngCarrier({
    ...KEYS,
    password: options.password ?? KEYS.password,
    baseUrl: fake.url,
    fallbackEmail: "siparis@carsi.test",
    sender: "Çarşı",
    timeoutMs: options.timeoutMs,
  });

const destination = { country: "TR", city: "Ankara", district: "Çankaya", postalCode: "06420" };

describe("MNG Kargo", () => {
  carrierContract({ fake, carrier, keyOf: mngReference, label: "application/zpl", password: KEYS.password });

  it("sends createOrder with MNG's city and district codes, a 10-digit mobile and cash on delivery", async () => {
    const p = parcel({
      reference: "5501",
      codAmount: 25_000,
      recipient: { ...parcel().recipient, email: undefined },
    });
    const created = await carrier().createShipment(p);
    const shipment = fake.shipments.get("5501");
    expect(created.trackingNo).toBe(shipment?.shipmentId);
    expect(shipment?.order).toMatchObject({ referenceId: "5501", barcode: "5501", isCOD: 1, codAmount: 250 });
    expect(shipment?.recipient).toMatchObject({
      cityCode: 6,
      districtCode: 1231,
      mobilePhoneNumber: "5321234567",
      email: "siparis@carsi.test",
      fullName: "Ayşe Yılmaz",
    });
    expect(shipment?.pieces.map((piece) => piece.barcode)).toEqual(["5501_PARCA1"]);
  });

  it("reuses its JWT and gets a new one once when MNG no longer takes it", async () => {
    const c = carrier();
    const before = fake.tokensIssued();
    await c.track(parcel().reference);
    await c.track(parcel().reference);
    expect(fake.tokensIssued()).toBe(before + 1);
    fake.expireTokens();
    expect(await c.track(parcel().reference)).toEqual([]);
    expect(fake.tokensIssued()).toBe(before + 2);
  });

  it("tracks by MNG's shipment id as well as by the reference, with the same event ids", async () => {
    const c = carrier();
    const p = parcel();
    const { trackingNo } = await c.createShipment(p);
    fake.move(mngReference(p.reference), "picked_up", new Date(Date.UTC(2026, 2, 2, 7)));
    fake.move(mngReference(p.reference), "delivered", new Date(Date.UTC(2026, 2, 3, 9)));
    const byReference = await c.track(p.reference);
    const byShipmentId = await c.track(trackingNo);
    expect(byShipmentId.map((e) => e.status)).toEqual(["in_transit", "delivered"]);
    expect(byShipmentId.map((e) => e.id)).toEqual(byReference.map((e) => e.id));
    expect(byShipmentId[1]?.at.toISOString()).toBe("2026-03-03T09:00:00.000Z");
  });

  it("quotes from the calculate API in kuruş", async () => {
    const quote = await carrier().quote?.({ destination, desi: 5, parcels: 1 }, { timeoutMs: 1_500 });
    // The fake's list: 49.90 TL up to 2 desi, 12.50 TL for each desi beyond.
    expect(quote).toEqual({ price: 4990 + 3 * 1250, currency: "TRY" });
  });

  it("a quote that exceeds its timeout rejects in time, retryable", async () => {
    const c = carrier();
    await c.quote?.({ destination, desi: 1, parcels: 1 }, { timeoutMs: 1_500 });
    fake.setOutage("slow", 3_000);
    const started = Date.now();
    const error = await c
      .quote?.({ destination, desi: 1, parcels: 1 }, { timeoutMs: 400 })
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    fake.setOutage(false);
    expect(error).toBeInstanceOf(CarrierError);
    expect((error as CarrierError).retryable).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(1_000);
  });

  it("a destination MNG does not know is refused before anything is sent", async () => {
    const error = await carrier()
      .quote?.(
        { destination: { ...destination, city: "Atlantis" }, desi: 1, parcels: 1 },
        { timeoutMs: 1_500 },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CarrierError);
    expect((error as CarrierError).retryable).toBe(false);
  });
});
