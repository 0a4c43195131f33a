import { inflateSync } from "node:zlib";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeEach, expect, it } from "vitest";
import type { Carrier, ParcelRequest, TrackingStatus } from "@/lib/shipping/carriers";
import { CarrierError } from "@/lib/shipping/carriers";
import type { FakeCarrier, FakeStage } from "./fake-carrier";

/**
 * The outcomes every real carrier adapter owes the store, run against that carrier's fake: a create gives a
 * tracking number and a label, a retried create (also after pick-up) lands on the same single shipment,
 * cancels work before pick-up and are refused after, movements come back in the store's statuses with stable
 * ids, an outage or a slow carrier is a retryable CarrierError, a refusal is not, and no secret reaches a
 * message. Each adapter's test file adds what is its own.
 */

export interface ContractSubject {
  fake: FakeCarrier;
  /** An adapter over the fake; `timeoutMs` per call, `password` to try wrong credentials. */
  carrier(options?: { timeoutMs?: number; password?: string }): Carrier;
  /** The carrier's key of a reference (IntegrationCode, cargoKey, referenceId). */
  keyOf(reference: string): string;
  /** The label the carrier issues on create (PDF the sender prints, or the carrier's ZPL). */
  label: "application/pdf" | "application/zpl";
  password: string;
}

/**
 * The text drawn on a label's pages: pdf-lib writes each line as a hex string (`<…> Tj`) in deflated content
 * streams, in the standard fonts' Latin-1.
 */
export function labelText(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  const texts: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1] ?? "", "latin1")).toString("latin1");
    } catch {
      continue;
    }
    for (const hex of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g))
      texts.push(Buffer.from(hex[1] ?? "", "hex").toString("latin1"));
  }
  return texts.join("\n");
}

export function expectLabelShows(pdf: Buffer, shown: string[]) {
  const drawn = labelText(pdf);
  for (const text of shown) expect(drawn).toContain(text);
}

let serial = 0;
/** A fresh parcel; the reference looks like the store's shipment ids (digits). */
export function parcel(overrides: Partial<ParcelRequest> = {}): ParcelRequest {
  serial++;
  return {
    reference: `${Date.now() % 1_000_000}${String(serial).padStart(3, "0")}`,
    orderNo: `SF-2026-00${1000 + serial}`,
    recipient: {
      name: "Ayşe Yılmaz",
      phone: "0532 123 45 67",
      email: "ayse@example.com",
      line1: "Atatürk Cad. No: 12 D: 3",
      district: "Çankaya",
      city: "Ankara",
      postalCode: "06420",
      country: "TR",
    },
    pieces: 1,
    desi: 3,
    weightGrams: 1800,
    contents: "Giyim",
    ...overrides,
  };
}

const STAGES: [FakeStage, TrackingStatus][] = [
  ["picked_up", "in_transit"],
  ["transfer", "in_transit"],
  ["out_for_delivery", "out_for_delivery"],
  ["delivered", "delivered"],
];

async function refusal(promise: Promise<unknown>): Promise<CarrierError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CarrierError);
  return error as CarrierError;
}

export function carrierContract(subject: ContractSubject) {
  const { fake, keyOf } = subject;
  const s = {
    ...subject,
    count: () => fake.count(),
    cancelled: (reference: string) => fake.isCancelled(keyOf(reference)),
    move: (reference: string, stage: FakeStage, at: Date) => fake.move(keyOf(reference), stage, at),
  };
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  it("creates a shipment: a tracking number, its tracking page and a label", async () => {
    const p = parcel({ pieces: 2, codAmount: 45_990 });
    const created = await s.carrier().createShipment(p);
    expect(created.trackingNo).not.toBe("");
    expect(created.trackingUrl).toContain(encodeURIComponent(created.trackingNo));
    expect(created.label?.contentType).toBe(s.label);
    const data = created.label?.data ?? Buffer.alloc(0);
    if (s.label === "application/pdf") {
      expect(data.subarray(0, 5).toString()).toBe("%PDF-");
      expect((await PDFDocument.load(data)).getPageCount()).toBe(2);
      const drawn = labelText(data);
      for (const shown of [
        p.orderNo,
        "Ayse Yilmaz",
        "Atatürk Cad. No: 12 D: 3",
        "Çankaya / Ankara",
        "459.90 TL",
      ]) {
        expect(drawn).toContain(shown);
      }
    } else {
      expect(data.toString()).toMatch(/^\^XA[\s\S]*\^XZ/);
    }
    expect(s.count()).toBe(1);
  });

  it("a create retried with the same reference returns the same shipment, one at the carrier", async () => {
    const p = parcel();
    const carrier = s.carrier();
    const first = await carrier.createShipment(p);
    const again = await s.carrier().createShipment(p);
    expect(again.trackingNo).toBe(first.trackingNo);
    expect(again.carrierRef).toBe(first.carrierRef);
    expect(s.count()).toBe(1);
    // After pick-up the carrier refuses to change the shipment; the retry still finds it.
    s.move(p.reference, "picked_up", new Date());
    const late = await carrier.createShipment(p);
    expect(late.carrierRef).toBe(first.carrierRef);
    expect(s.count()).toBe(1);
    expect((await carrier.findShipment(p.reference))?.carrierRef).toBe(first.carrierRef);
    expect(await carrier.findShipment(parcel().reference)).toBeNull();
  });

  it("cancels before pick-up; after pick-up the cancel is a refusal, not retryable", async () => {
    const carrier = s.carrier();
    const early = parcel();
    await carrier.createShipment(early);
    await carrier.cancelShipment(early.reference);
    expect(s.cancelled(early.reference)).toBe(true);

    const late = parcel();
    await carrier.createShipment(late);
    s.move(late.reference, "picked_up", new Date());
    const error = await refusal(carrier.cancelShipment(late.reference));
    expect(error.retryable).toBe(false);
    expect(s.cancelled(late.reference)).toBe(false);
  });

  it("tracks movements in the store's statuses, each with an id that stays the same", async () => {
    const carrier = s.carrier();
    const p = parcel();
    await carrier.createShipment(p);
    expect(await carrier.track(p.reference)).toEqual([]);
    const start = Date.UTC(2026, 2, 2, 7, 0, 0);
    STAGES.forEach(([stage], i) => {
      s.move(p.reference, stage, new Date(start + i * 3_600_000));
    });
    const events = await carrier.track(p.reference);
    expect(events.map((e) => e.status)).toEqual(STAGES.map(([, status]) => status));
    expect(events.map((e) => e.at.getTime())).toEqual(STAGES.map((_, i) => start + i * 3_600_000));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.every((e) => e.description.length > 0)).toBe(true);
    const again = await carrier.track(p.reference);
    expect(again.map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it("a returned parcel reads as returned", async () => {
    const carrier = s.carrier();
    const p = parcel();
    await carrier.createShipment(p);
    s.move(p.reference, "picked_up", new Date(Date.UTC(2026, 2, 2, 7)));
    s.move(p.reference, "returned", new Date(Date.UTC(2026, 2, 5, 7)));
    expect((await carrier.track(p.reference)).map((e) => e.status)).toEqual(["in_transit", "returned"]);
  });

  it("a carrier that is down is a retryable CarrierError, and nothing was made", async () => {
    s.fake.setOutage("error");
    const error = await refusal(s.carrier().createShipment(parcel()));
    expect(error.retryable).toBe(true);
    s.fake.setOutage(false);
    expect(s.count()).toBe(0);
  });

  it("a carrier slower than the timeout is a retryable CarrierError, in time", async () => {
    s.fake.setOutage("slow", 2_000);
    const started = Date.now();
    const error = await refusal(s.carrier({ timeoutMs: 300 }).track(parcel().reference));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(1_500);
    s.fake.setOutage(false);
  });

  it("a refused request is not retryable and carries the carrier's words", async () => {
    const error = await refusal(
      s.carrier().createShipment(parcel({ recipient: { ...parcel().recipient, name: "" } })),
    );
    expect(error.retryable).toBe(false);
    expect(error.message.length).toBeGreaterThan("aras: ".length + 10);
    expect(s.count()).toBe(0);
  });

  it("wrong credentials are refused, and the password reaches no message", async () => {
    const wrong = "wrong-Secret-9471";
    const errors = await Promise.all([
      refusal(s.carrier({ password: wrong }).createShipment(parcel())),
      refusal(s.carrier({ password: wrong }).track(parcel().reference)),
    ]);
    for (const error of errors) {
      expect(error.retryable).toBe(false);
      expect(error.message).not.toContain(wrong);
      expect(error.message).not.toContain(s.password);
    }
  });
}
