import { createHash, randomInt } from "node:crypto";
import { eq, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { simulatedShipments } from "@/db/schema";
import {
  type Carrier,
  CarrierError,
  type CreatedShipment,
  type ParcelRequest,
  type TrackingEvent,
  type TrackingStatus,
} from "./carrier";
import { renderLabel } from "./label";

/**
 * The carrier that serves when no carrier's credentials are set, so the store ships offline. It keeps the
 * parcels it is given in its own table (simulated_shipments), issues a 12-digit tracking number and a PDF
 * label, and moves a parcel along from its creation time, one step every `stepSeconds`:
 *   created → in_transit (picked up) → in_transit (transfer centre) → out_for_delivery → delivered.
 * track() computes the events that have happened by now from the creation time and the clock: no timers,
 * nothing to run. Like a real carrier it cancels only before pick-up.
 */

export interface SimulatedOptions {
  db: () => Database;
  stepSeconds: number;
  /** Where the "carrier's tracking page" is: the store's own order tracking page. */
  appUrl: string;
  sender: string;
  now?: () => Date;
}

const STEPS: {
  status: TrackingStatus;
  description: string;
  place: (p: ParcelRequest) => string | undefined;
}[] = [
  { status: "created", description: "Gönderi kaydı oluşturuldu", place: () => undefined },
  { status: "in_transit", description: "Kargo gönderici şubeden teslim alındı", place: () => "Çıkış şubesi" },
  {
    status: "in_transit",
    description: "Kargo transfer merkezinde",
    place: (p) => `${p.recipient.city} Transfer Merkezi`,
  },
  {
    status: "out_for_delivery",
    description: "Kargo dağıtıma çıktı",
    place: (p) => `${p.recipient.district}, ${p.recipient.city}`,
  },
  {
    status: "delivered",
    description: "Kargo teslim edildi",
    place: (p) => `${p.recipient.district}, ${p.recipient.city}`,
  },
];

/** 11 random digits and a check digit (weights 3 and 1, as in EAN/GTIN), like carriers' numeric codes. */
export function simulatedTrackingNo(): string {
  const body = `7${String(randomInt(0, 10_000_000_000)).padStart(10, "0")}`;
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

export function isSimulatedTrackingNo(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false;
  const sum = [...value.slice(0, 11)].reduce(
    (total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3),
    0,
  );
  return (10 - (sum % 10)) % 10 === Number(value[11]);
}

/** The simulated carrier's return code of a reference: the same reference always gets the same code. */
export function simulatedReturnCode(reference: string): string {
  const digits = BigInt(`0x${createHash("sha256").update(`return:${reference}`).digest("hex").slice(0, 15)}`);
  return `R${String(digits % 10_000_000_000n).padStart(10, "0")}`;
}

type Row = typeof simulatedShipments.$inferSelect;

export function createSimulatedCarrier(options: SimulatedOptions): Carrier {
  const now = options.now ?? (() => new Date());
  const stepMs = options.stepSeconds * 1000;
  const trackingPage = `${options.appUrl.replace(/\/+$/, "")}/orders/track?trackingNo=`;

  const find = async (key: string): Promise<Row | undefined> =>
    (
      await options
        .db()
        .select()
        .from(simulatedShipments)
        .where(or(eq(simulatedShipments.reference, key), eq(simulatedShipments.trackingNo, key)))
        .limit(1)
    )[0];

  const shipmentOf = async (row: Row, withLabel: boolean): Promise<CreatedShipment> => ({
    trackingNo: row.trackingNo,
    carrierRef: row.trackingNo,
    trackingUrl: trackingPage + row.trackingNo,
    label: withLabel
      ? await renderLabel({
          carrierTitle: "Simüle Kargo",
          pieceCodes: Array.from(
            { length: Math.max(1, (row.parcel as unknown as ParcelRequest).pieces) },
            () => row.trackingNo,
          ),
          trackingNo: row.trackingNo,
          parcel: row.parcel as unknown as ParcelRequest,
          sender: options.sender,
        })
      : null,
  });

  /** Steps reached by `at` (the created step at once). */
  const stepsBy = (row: Row, at: Date) =>
    Math.min(STEPS.length, Math.floor((at.getTime() - row.createdAt.getTime()) / stepMs) + 1);

  return {
    name: "simulated",

    async createShipment(parcel) {
      for (let attempt = 0; ; attempt++) {
        const inserted = await options
          .db()
          .insert(simulatedShipments)
          .values({
            reference: parcel.reference,
            trackingNo: simulatedTrackingNo(),
            parcel: parcel as unknown as Record<string, unknown>,
            createdAt: now(),
          })
          .onConflictDoNothing()
          .returning();
        const row = inserted[0] ?? (await find(parcel.reference));
        // Nothing inserted and nothing under the reference: the random tracking number was taken; draw again.
        if (row?.reference === parcel.reference) return shipmentOf(row, true);
        if (attempt >= 5) throw new CarrierError("simulated", "no free tracking number", true);
      }
    },

    async findShipment(reference) {
      const row = await find(reference);
      return row ? shipmentOf(row, false) : null;
    },

    async cancelShipment(reference) {
      const row = await find(reference);
      if (!row) throw new CarrierError("simulated", `no shipment ${reference}`, false);
      if (row.cancelledAt) return;
      if (stepsBy(row, now()) > 1) {
        throw new CarrierError(
          "simulated",
          `${row.trackingNo} is already picked up and cannot be cancelled`,
          false,
        );
      }
      await options
        .db()
        .update(simulatedShipments)
        .set({ cancelledAt: now() })
        .where(
          sql`${simulatedShipments.reference} = ${row.reference} and ${simulatedShipments.cancelledAt} is null`,
        );
    },

    async track(referenceOrTrackingNo) {
      const row = await find(referenceOrTrackingNo);
      if (!row) return [];
      const until = row.cancelledAt && row.cancelledAt < now() ? row.cancelledAt : now();
      const parcel = row.parcel as unknown as ParcelRequest;
      const events: TrackingEvent[] = STEPS.slice(0, stepsBy(row, until)).map((step, index) => ({
        id: `simulated:${row.trackingNo}:${index}`,
        at: new Date(row.createdAt.getTime() + index * stepMs),
        status: step.status,
        location: step.place(parcel),
        description: step.description,
      }));
      if (row.cancelledAt && row.cancelledAt <= now()) {
        events.push({
          id: `simulated:${row.trackingNo}:cancelled`,
          at: row.cancelledAt,
          status: "cancelled",
          description: "Gönderi iptal edildi",
        });
      }
      return events;
    },

    trackingUrl: (trackingNo) => trackingPage + trackingNo,

    // Computed from the reference, so a repeated request gets the same code without storing anything.
    async returnCode(request) {
      return { code: simulatedReturnCode(request.reference) };
    },
  };
}
