import { describe, expect, it } from "vitest";
import { arasEvents, arasIntegrationCode, createArasCarrier } from "@/lib/shipping/carriers/aras";
import { carrierContract, parcel } from "@/tests/support/carrier-contract";
import { startFakeAras } from "@/tests/support/fake-aras";

// The Aras adapter against a fake of Aras's two SOAP services (tests/support/fake-aras.ts).

const KEYS = { username: "carsi-aras", password: "aras-Secret-204", customerCode: "1234567890123" };
const fake = await startFakeAras(KEYS);

const carrier = (options: { timeoutMs?: number; password?: string } = {}) =>
  createArasCarrier({
    ...KEYS,
    password: options.password ?? KEYS.password,
    orderUrl: fake.orderUrl,
    queryUrl: fake.queryUrl,
    sender: "Çarşı",
    timeoutMs: options.timeoutMs,
  });

describe("Aras Kargo", () => {
  carrierContract({
    fake,
    carrier,
    keyOf: arasIntegrationCode,
    label: "application/pdf",
    password: KEYS.password,
  });

  it("sends SetOrder as Aras documents it: IntegrationCode from the reference, piece barcodes, cash on delivery", async () => {
    const p = parcel({ reference: "4711", pieces: 2, codAmount: 12_550 });
    const created = await carrier().createShipment(p);
    expect(created.trackingNo).toBe("00004711");
    const order = fake.shipments.get("00004711")?.order ?? {};
    expect(order).toMatchObject({
      IntegrationCode: "00004711",
      TradingWaybillNumber: p.orderNo,
      ReceiverName: "Ayşe Yılmaz",
      ReceiverPhone1: "5321234567",
      ReceiverCityName: "Ankara",
      ReceiverTownName: "Çankaya",
      PieceCount: "2",
      IsCod: "1",
      CodAmount: "125.50",
    });
    const pieces = (order.PieceDetails as { PieceDetail: { BarcodeNumber: string }[] }).PieceDetail;
    expect(pieces.map((piece) => piece.BarcodeNumber)).toEqual(["0000471101", "0000471102"]);
    expect(fake.calls.at(-1)?.action).toBe("http://tempuri.org/SetOrder");
  });

  it("reads movement rows with Turkish column names, in Turkey's time", () => {
    const events = arasEvents(
      JSON.stringify({
        QueryResult: {
          CargoTransaction: [
            {
              "İŞLEM TARİHİ": "03.03.2026 14:05:00",
              BİRİM: "ÇANKAYA ŞUBE",
              İŞLEM: "TESLİM EDİLEMEDİ",
              AÇIKLAMA: "Adres yanlış",
            },
            {
              "İŞLEM TARİHİ": "02.03.2026 09:30:00",
              BİRİM: "KADIKÖY ŞUBE",
              İŞLEM: "KARGO KABUL EDİLDİ",
              AÇIKLAMA: "",
            },
          ],
        },
      }),
    );
    expect(events.map((e) => [e.status, e.at.toISOString(), e.location])).toEqual([
      ["in_transit", "2026-03-02T06:30:00.000Z", "KADIKÖY ŞUBE"],
      ["failed", "2026-03-03T11:05:00.000Z", "ÇANKAYA ŞUBE"],
    ]);
    expect(events[1]?.description).toBe("TESLİM EDİLEMEDİ — Adres yanlış");
  });
});
