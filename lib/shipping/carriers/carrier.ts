/**
 * The one interface every carrier sits behind (Aras, Yurtiçi, MNG and the simulated carrier). A carrier
 * only talks to its own API: it quotes, creates a shipment for one parcel, cancels it and reports its
 * tracking events in the store's statuses. What the store does with them (jobs, the order timeline, pages)
 * is not its business. Money is integer kuruş; every HTTP call has a timeout.
 */

export const CARRIER_NAMES = ["aras", "yurtici", "mng", "simulated"] as const;
export type CarrierName = (typeof CARRIER_NAMES)[number];

/** The shipment statuses of docs/API.md a carrier can report (`pending` is the store's own, before the carrier). */
export const TRACKING_STATUSES = [
  "created",
  "in_transit",
  "out_for_delivery",
  "delivered",
  "returned",
  "cancelled",
  "failed",
] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

export interface QuoteRequest {
  /** Where the parcel leaves from; the carrier's account address when left out. */
  origin?: { country: string; city: string; district?: string; postalCode?: string };
  destination: { country: string; city: string; district?: string; postalCode: string };
  /** Volumetric weight of all parcels together (desi), rounded up by the caller. */
  desi: number;
  parcels: number;
  /** Cash to collect at the door, in kuruş. */
  codAmount?: number;
}

export interface Quote {
  /** Integer kuruş. */
  price: number;
  currency: string;
  etaDays?: number;
}

export interface Recipient {
  name: string;
  phone: string;
  email?: string;
  line1: string;
  line2?: string;
  /** İlçe. */
  district: string;
  /** İl. */
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface ParcelRequest {
  /**
   * The store's shipment id, stable across retries: each adapter sends it as the carrier's own idempotency
   * key (Aras IntegrationCode, Yurtiçi cargoKey/invoiceKey, MNG referenceId), so a create retried after a
   * crash finds the first shipment instead of making a second one.
   */
  reference: string;
  orderNo: string;
  recipient: Recipient;
  pieces: number;
  desi: number;
  weightGrams: number;
  /** Cash to collect at the door, in kuruş; absent or 0 for prepaid orders. */
  codAmount?: number;
  contents: string;
}

export interface Label {
  contentType: "application/pdf" | "application/zpl";
  data: Buffer;
}

export interface CreatedShipment {
  /** What the shopper types into the carrier's tracking page. */
  trackingNo: string;
  /** The carrier's own id of the shipment (kept for cancels and support calls). */
  carrierRef: string;
  trackingUrl: string;
  /** Null when the carrier issues none on this path (see each adapter). */
  label: Label | null;
}

export interface TrackingEvent {
  /** Stable per event across polls (and pushes), so the store can keep each event once. */
  id: string;
  at: Date;
  status: TrackingStatus;
  location?: string;
  description: string;
}

/** A buyer's parcel coming back to the store (a return), to be handed in at the carrier's branch. */
export interface ReturnCodeRequest {
  /** The store's return number, stable across retries: the carrier's idempotency key. */
  reference: string;
  orderNo: string;
  /** The buyer, who hands the parcel in. */
  sender: Recipient;
}

/** A push request as a route handler received it: lower-cased header names and the raw body. */
export interface PushRequest {
  headers: Record<string, string | undefined>;
  body: string;
}

export interface Carrier {
  readonly name: CarrierName;
  /** Only where the carrier has a rate API; `timeoutMs` bounds the whole quote (checkout gives ≤ 1.5 s). */
  quote?(request: QuoteRequest, options: { timeoutMs: number }): Promise<Quote>;
  /** Idempotent on `parcel.reference`. */
  createShipment(parcel: ParcelRequest): Promise<CreatedShipment>;
  /** The shipment made for `reference`, or null when the carrier has none (how an "already exists" is resolved). */
  findShipment(reference: string): Promise<CreatedShipment | null>;
  cancelShipment(reference: string): Promise<void>;
  /** Every event so far, oldest first; by the store's reference (or the tracking number where the carrier allows). */
  track(referenceOrTrackingNo: string): Promise<TrackingEvent[]>;
  /** The carrier's public tracking page of a tracking number. */
  trackingUrl(trackingNo: string): string;
  /**
   * Only where the carrier's API issues a return code (the buyer gives it at a branch and sends the parcel
   * back at the store's expense). Idempotent on `request.reference`.
   */
  returnCode?(request: ReturnCodeRequest): Promise<{ code: string }>;
  /** Only where the carrier documents a tracking push: verifies it, then reads it. Throws CarrierError when refused. */
  verifyPush?(request: PushRequest): Promise<{ reference: string; events: TrackingEvent[] }>;
}

/**
 * Every failure of a carrier. `retryable`: the same call may succeed later (network, timeout, 5xx); false when
 * the carrier refused the request itself (validation, unknown shipment, a cancel too late). The message is
 * the carrier's own words and never carries credentials.
 */
export class CarrierError extends Error {
  constructor(
    readonly carrier: CarrierName,
    message: string,
    readonly retryable: boolean,
    readonly code: string | null = null,
  ) {
    super(`${carrier}: ${message}`);
    this.name = "CarrierError";
  }
}
