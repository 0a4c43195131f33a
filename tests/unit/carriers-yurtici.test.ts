import { describe, expect, it } from "vitest";
import { createYurticiCarrier, yurticiKey } from "@/lib/shipping/carriers/yurtici";
import { carrierContract, parcel } from "@/tests/support/carrier-contract";
import { startFakeYurtici } from "@/tests/support/fake-yurtici";

// The Yurtiçi adapter against a fake of ShippingOrderDispatcherServices (tests/support/fake-yurtici.ts).

const KEYS = { username: "carsi-yk", password: "yk-Secret-318" };
const fake = await startFakeYurtici(KEYS);

const carrier = (options: { timeoutMs?: number; password?: string } = {}) =>
  createYurticiCarrier({
    ...KEYS,
    password: options.password ?? KEYS.password,
    url: fake.serviceUrl,
    sender: "Çarşı",
    timeoutMs: options.timeoutMs,
  });

describe("Yurtiçi Kargo", () => {
  carrierContract({ fake, carrier, keyOf: yurticiKey, label: "application/pdf", password: KEYS.password });

  it("sends ShippingOrderVO as the document lists it, cash on delivery included", async () => {
    const p = parcel({ reference: "982", pieces: 2, codAmount: 7_500 });
    const created = await carrier().createShipment(p);
    expect(created.trackingNo).toBe("982");
    expect(fake.shipments.get("982")?.order).toMatchObject({
      cargoKey: "982",
      invoiceKey: "982",
      receiverCustName: "Ayşe Yılmaz",
      cityName: "Ankara",
      townName: "Çankaya",
      receiverPhone1: "05321234567",
      cargoCount: "2",
      ttInvoiceAmount: "75.00",
      ttCollectionType: "0",
      ttDocumentId: p.orderNo,
    });
    expect(fake.calls.at(-1)?.action).toBe(
      "http://yurticikargo.com.tr/ShippingOrderDispatcherServices/createShipment",
    );
  });

  it("names the shipment by Yurtiçi's tracking number (docId) once the branch has accepted it", async () => {
    const p = parcel();
    const c = carrier();
    await c.createShipment(p);
    fake.move(yurticiKey(p.reference), "picked_up");
    const found = await c.findShipment(p.reference);
    expect(found?.trackingNo).toBe(fake.shipments.get(yurticiKey(p.reference))?.docId);
    expect(found?.trackingUrl).toContain(`code=${found?.trackingNo}`);
    expect(found?.carrierRef).toBe(yurticiKey(p.reference));
  });

  it("keys longer than Yurtiçi's 20 characters become a stable hash", () => {
    const long = "shipment-2026-000000000001";
    expect(yurticiKey(long)).toHaveLength(20);
    expect(yurticiKey(long)).toBe(yurticiKey(long));
    expect(yurticiKey(long)).not.toBe(yurticiKey(`${long}2`));
  });
});
