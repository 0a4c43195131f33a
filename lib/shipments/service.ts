import { type SQL, sql } from "drizzle-orm";
import { type Database, type Executor, rows, type Transaction } from "@/db/client";
import type { AddressSnapshot, OrderStatus, ShipmentStatus } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/queue";
import { iso } from "@/lib/lists";
import { log } from "@/lib/log";
import { enqueueEmail } from "@/lib/notifications/emails";
import { orderDelivered, orderPickedUp } from "@/lib/orders/fulfilment";
import { type LockedOrder, lockOrder } from "@/lib/orders/lock";
import { logEvent } from "@/lib/orders/service";
import {
  type Carrier,
  CarrierError,
  type CarrierName,
  carrierFor,
  configuredCarriers,
  defaultCarrier,
  type ParcelRequest,
  type TrackingEvent,
} from "@/lib/shipping/carriers";
import type { ShipmentRequest } from "./schemas";
import { shipmentSettings } from "./settings";

/**
 * Parcels of an order (several per order, each with its lines), created at the carrier by the
 * `create_shipment` job and followed by tracking (the `track_shipments` job and carriers' pushes). Orders
 * move through lib/orders/fulfilment.ts; every new tracking event is in the order's timeline once.
 */

export interface ShipmentLine {
  sku: string;
  qty: number;
}

export interface ShipmentView {
  id: number;
  carrier: string;
  service: string | null;
  trackingNo: string | null;
  trackingUrl: string | null;
  status: ShipmentStatus;
  lines: ShipmentLine[];
  events: { at: string; status: string; location?: string; description: string }[];
}

/**
 * Attempts of a create_shipment job: graphile-worker waits e^n seconds after the n-th (3 s, 7 s, 20 s …
 * 18 min), so a carrier down for about half an hour is ridden out before the parcel is marked failed.
 */
export const SHIPMENT_MAX_ATTEMPTS = 8;

/** Statuses an order can send parcels from: confirmed or paid, and while some lines are still unsent. */
export const SHIPPABLE: readonly OrderStatus[] = ["paid", "processing", "shipped", "partially_refunded"];
/** Parcels that hold their lines (a failed or cancelled one gives them back). */
const HOLDING = sql`status not in ('cancelled', 'failed')`;
const OPEN: readonly ShipmentStatus[] = ["created", "in_transit", "out_for_delivery"];
const PICKED_UP: readonly string[] = ["in_transit", "out_for_delivery", "delivered"];

/** Units of each SKU of the order not in a parcel yet (and not given back by a refund). */
export async function unshippedLines(tx: Executor, orderId: string): Promise<ShipmentLine[]> {
  return rows<ShipmentLine>(
    tx,
    sql`with ordered as (
        select sku, sum(qty - restocked)::int as qty from order_items where order_id = ${orderId} group by sku
      ), sent as (
        select l->>'sku' as sku, sum((l->>'qty')::int)::int as qty
        from shipments s, jsonb_array_elements(s.lines) l where s.order_id = ${orderId} and ${HOLDING} group by 1
      )
      select o.sku, (o.qty - coalesce(s.qty, 0))::int as qty from ordered o left join sent s using (sku)
      where o.qty - coalesce(s.qty, 0) > 0 order by o.sku`,
  );
}

/** The carrier and service the order's shipping method names, when that carrier is configured here. */
async function methodCarrier(tx: Executor, orderId: string) {
  const [method] = await rows<{ carrier_code: string; service: string }>(
    tx,
    sql`select m.carrier_code, m.service from orders o join shipping_methods m
        on m.code = o.shipping_method->>'id' and m.carrier = o.shipping_method->>'carrier'
      where o.id = ${orderId} order by m.active desc, m.id limit 1`,
  );
  const usable = method && (configuredCarriers() as string[]).includes(method.carrier_code);
  return usable ? { carrier: method.carrier_code as CarrierName, service: method.service } : null;
}

function view(row: {
  id: number | string;
  carrier: string;
  service: string | null;
  tracking_no: string | null;
  tracking_url: string | null;
  status: ShipmentStatus;
  lines: ShipmentLine[];
}): ShipmentView {
  return {
    id: Number(row.id),
    carrier: row.carrier,
    service: row.service,
    trackingNo: row.tracking_no,
    trackingUrl: row.tracking_url,
    status: row.status,
    lines: row.lines,
    events: [],
  };
}

/**
 * A `pending` parcel of `input.lines` (every unsent line by default) and the job that creates it at the
 * carrier, in the caller's transaction under the order's row lock, so two requests at once never send
 * more than was ordered. 409 NOTHING_TO_SHIP when no line (or not that many units) is left to send.
 */
async function addShipment(
  tx: Transaction,
  order: Pick<LockedOrder, "id">,
  input: ShipmentRequest,
  at: string,
): Promise<ShipmentView> {
  const left = await unshippedLines(tx, order.id);
  const lines = input.lines ?? left;
  if (lines.length === 0) throw new AppError("NOTHING_TO_SHIP", {});
  for (const line of lines) {
    const unshipped = left.find((l) => l.sku === line.sku)?.qty ?? 0;
    if (line.qty > unshipped) {
      throw new AppError("NOTHING_TO_SHIP", { sku: line.sku, requested: line.qty, unshipped });
    }
  }
  const method = await methodCarrier(tx, order.id);
  const carrier = input.carrier ?? method?.carrier ?? defaultCarrier();
  if (!configuredCarriers().includes(carrier)) {
    throw new AppError("VALIDATION_FAILED", { fields: { carrier: `${carrier} is not configured` } });
  }
  const service = input.service ?? (carrier === method?.carrier ? method.service : null);
  const [row] = await rows<Parameters<typeof view>[0]>(
    tx,
    sql`insert into shipments (order_id, carrier, adapter, service, status, lines, created_at, updated_at)
      values (${order.id}, ${carrier}, ${carrier}, ${service}, 'pending', ${JSON.stringify(lines)}::jsonb, ${at}, ${at})
      returning id, carrier, service, tracking_no, tracking_url, status, lines`,
  );
  if (!row) throw new Error("the shipment was not stored");
  await enqueueJob(
    tx,
    "create_shipment",
    `create_shipment:${row.id}`,
    { shipmentId: Number(row.id) },
    { maxAttempts: SHIPMENT_MAX_ATTEMPTS },
  );
  return view(row);
}

/** POST /api/admin/orders/{orderNo}/shipments: 404, 409 INVALID_TRANSITION (not shippable), 409 NOTHING_TO_SHIP. */
export async function requestShipment(
  db: Database,
  orderNo: string,
  input: ShipmentRequest,
  now = new Date(),
): Promise<ShipmentView> {
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderNo);
    if (!SHIPPABLE.includes(order.status)) {
      throw new AppError("INVALID_TRANSITION", {
        from: order.status,
        to: "shipped",
        reason: "not_shippable",
      });
    }
    return addShipment(tx, order, input, now.toISOString());
  });
}

/**
 * The whole order's parcel, requested by the change that makes it ready to go (staff confirming it, or a
 * payment when the store ships paid orders at once), in that change's transaction. Nothing when every
 * line is already in a parcel.
 */
export async function shipOnConfirmation(tx: Transaction, orderId: string, at: string): Promise<void> {
  if ((await unshippedLines(tx, orderId)).length === 0) return;
  await addShipment(tx, { id: orderId }, {}, at);
}

export async function shipWhenPaid(tx: Transaction, orderId: string, at: string): Promise<void> {
  if ((await shipmentSettings(tx)).shipWhenPaid) await shipOnConfirmation(tx, orderId, at);
}

/**
 * A carrier and tracking number staff typed by hand (the `shipped` transition): the order's parcel not yet
 * picked up becomes this one (one registered at a carrier is cancelled there by a job), else a new parcel
 * of every unsent line. Status `shipped`: no carrier API follows it, staff mark it delivered.
 */
export async function recordManualShipment(
  tx: Transaction,
  orderId: string,
  input: { carrier: string; trackingNo: string },
  at: string,
): Promise<number> {
  const [adopted] = await rows<{ id: number; was: ShipmentStatus; adapter: string }>(
    tx,
    sql`with earlier as (
        select id, status, adapter from shipments where order_id = ${orderId} and status in ('pending', 'created')
        order by id limit 1 for update
      )
      update shipments s set adapter = 'manual', carrier = ${input.carrier}, service = null,
        tracking_no = ${input.trackingNo}, tracking_url = null, carrier_ref = null, label = null, label_type = null,
        status = 'shipped', shipped_at = ${at}, updated_at = ${at}
      from earlier where s.id = earlier.id returning s.id, earlier.status as was, earlier.adapter`,
  );
  if (adopted) {
    if (adopted.was === "created") {
      await enqueueJob(tx, "cancel_shipment", `cancel_shipment:${adopted.id}`, {
        shipmentId: Number(adopted.id),
        carrier: adopted.adapter,
      });
    }
    return Number(adopted.id);
  }
  const lines = await unshippedLines(tx, orderId);
  const [made] = await rows<{ id: number }>(
    tx,
    sql`insert into shipments (order_id, carrier, tracking_no, status, lines, created_at, shipped_at, updated_at)
      values (${orderId}, ${input.carrier}, ${input.trackingNo}, 'shipped', ${JSON.stringify(lines)}::jsonb,
        ${at}, ${at}, ${at}) returning id`,
  );
  return Number(made?.id);
}

/** The staff's manual `delivered`: the hand-typed parcels are delivered too. */
export async function deliverManualShipments(tx: Transaction, orderId: string, at: string): Promise<void> {
  await tx.execute(sql`update shipments set status = 'delivered', delivered_at = ${at}, updated_at = ${at}
    where order_id = ${orderId} and status = 'shipped'`);
}

interface PendingRow {
  id: number | string;
  adapter: string;
  status: ShipmentStatus;
  lines: ShipmentLine[];
  order_id: string;
  order_no: string;
  payment_method: string;
  total: string;
  refunded: string;
  email: string;
  shipping_address: AddressSnapshot;
}

/** What the carrier is told about a parcel: the recipient, weight and volume of its lines, cash to collect. */
async function parcelOf(db: Executor, shipment: PendingRow): Promise<ParcelRequest> {
  const skus = shipment.lines.map((line) => line.sku);
  const items = await rows<{ sku: string; name: string; grams: number; volume: number }>(
    db,
    sql`select distinct on (i.sku) i.sku, i.name, coalesce(v.weight_grams, 500) as grams,
        coalesce(v.length_cm * v.width_cm * v.height_cm, 3000) as volume
      from order_items i left join variants v on v.id = i.variant_id
      where i.order_id = ${shipment.order_id} and i.sku in ${skus} order by i.sku, i.id`,
  );
  const qtyOf = (sku: string) => shipment.lines.find((l) => l.sku === sku)?.qty ?? 0;
  const grams = items.reduce((sum, i) => sum + i.grams * qtyOf(i.sku), 0);
  // Desi: L × W × H cm / 3000, rounded up, at least 1.
  const desi = Math.max(1, Math.ceil(items.reduce((sum, i) => sum + i.volume * qtyOf(i.sku), 0) / 3000));
  const address = shipment.shipping_address;
  // Cash on delivery: the first parcel collects what the order still owes.
  const [earlier] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from shipments where order_id = ${shipment.order_id} and id < ${shipment.id}
      and ${HOLDING}`,
  );
  const cod =
    shipment.payment_method === "cash_on_delivery" && earlier?.n === 0
      ? Number(shipment.total) - Number(shipment.refunded)
      : 0;
  return {
    reference: String(shipment.id),
    orderNo: shipment.order_no,
    recipient: {
      name: address.name,
      phone: address.phone,
      email: shipment.email,
      line1: address.line1,
      ...(address.line2 ? { line2: address.line2 } : {}),
      district: address.district ?? address.city,
      city: address.city,
      postalCode: address.postalCode,
      country: address.country,
    },
    pieces: 1,
    desi,
    weightGrams: Math.max(1, grams),
    ...(cod > 0 ? { codAmount: cod } : {}),
    contents: items
      .map((i) => `${qtyOf(i.sku)} × ${i.name}`)
      .join(", ")
      .slice(0, 200),
  };
}

export interface CarrierOptions {
  /** The adapter of a carrier name (tests pass adapters over the carrier fakes). */
  carrierFor?: (name: string) => Carrier;
}

async function markFailed(db: Database, id: number, reason: string): Promise<void> {
  await db.execute(sql`update shipments set status = 'failed', error = ${reason.slice(0, 500)}, updated_at = now()
    where id = ${id} and status = 'pending'`);
}

/**
 * The `create_shipment` job: creates a pending parcel at its carrier with the shipment id as reference (the
 * carrier's idempotency key), so a job retried after a crash between the carrier's answer and the commit
 * finds the same single shipment. A refusal (CarrierError not retryable), or an outage on the job's
 * `finalAttempt`, marks it failed for staff; the error is rethrown so the queue retries or lists it.
 */
export async function createAtCarrier(
  db: Database,
  shipmentId: number,
  options: CarrierOptions & { finalAttempt: boolean },
): Promise<void> {
  const [shipment] = await rows<PendingRow>(
    db,
    sql`select s.id, s.adapter, s.status, s.lines, s.order_id, o.order_no, o.payment_method, o.total, o.refunded,
        o.email, o.shipping_address
      from shipments s join orders o on o.id = s.order_id where s.id = ${shipmentId}`,
  );
  if (shipment?.status !== "pending") return;
  let created: Awaited<ReturnType<Carrier["createShipment"]>>;
  try {
    const carrier = (options.carrierFor ?? carrierFor)(shipment.adapter);
    created = await carrier.createShipment(await parcelOf(db, shipment));
  } catch (error) {
    const retryable = !(error instanceof CarrierError) || error.retryable;
    if (!retryable || options.finalAttempt) {
      await markFailed(db, shipmentId, error instanceof Error ? error.message : String(error));
    }
    throw error;
  }
  const stored =
    await db.execute(sql`update shipments set status = 'created', tracking_no = ${created.trackingNo},
      tracking_url = ${created.trackingUrl}, carrier_ref = ${created.carrierRef}, label = ${created.label?.data ?? null},
      label_type = ${created.label?.contentType ?? null}, error = null, updated_at = now()
    where id = ${shipmentId} and status = 'pending' returning id`);
  // Staff shipped the parcel by hand (or cancelled it) while the carrier was answering: the parcel now
  // registered there would never be picked up, so it is withdrawn like any other the store gave up.
  if (stored.length === 0) {
    await enqueueJob(db, "cancel_shipment", `cancel_shipment:${shipmentId}`, {
      shipmentId,
      carrier: shipment.adapter,
    });
  }
}

/** The `cancel_shipment` job: a parcel staff shipped by hand is withdrawn from the carrier it was registered at. */
export async function cancelAtCarrier(
  payload: { shipmentId: number; carrier: string },
  options: CarrierOptions = {},
): Promise<void> {
  await (options.carrierFor ?? carrierFor)(payload.carrier).cancelShipment(String(payload.shipmentId));
}

/** True when a CarrierError says no retry can help (the task then makes this attempt the last). */
export function isPermanentCarrierFailure(error: unknown): boolean {
  return error instanceof CarrierError && !error.retryable;
}

/**
 * Stores a parcel's tracking events (each once: unique per shipment and event id) and acts on the new ones,
 * under the order's row lock: each goes into the order's timeline, the parcel takes the status of its
 * latest event, the emails of pick-up, out for delivery and delivery are queued once per parcel, and the
 * order becomes shipped at the first pick-up and delivered when every parcel of every line is delivered.
 * Returns how many events were new.
 */
export async function applyTrackingEvents(
  db: Database,
  shipmentId: number,
  events: TrackingEvent[],
): Promise<number> {
  if (events.length === 0) return 0;
  return db.transaction(async (tx) => {
    const [head] = await rows<{ order_no: string }>(
      tx,
      sql`select o.order_no from shipments s join orders o on o.id = s.order_id where s.id = ${shipmentId}`,
    );
    if (!head) throw new AppError("NOT_FOUND", { shipment: shipmentId });
    const order = await lockOrder(tx, head.order_no);
    const values = events.map(
      (e) =>
        sql`(${shipmentId}, ${e.id}, ${e.at.toISOString()}, ${e.status}, ${e.location ?? null}, ${e.description})`,
    );
    const added = await rows<{
      at: Date | string;
      status: string;
      location: string | null;
      description: string;
    }>(
      tx,
      sql`insert into shipment_events (shipment_id, event_id, at, status, location, description)
        values ${sql.join(values, sql`, `)} on conflict (shipment_id, event_id) do nothing
        returning at, status, location, description`,
    );
    if (added.length === 0) return 0;
    added.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());

    const [parcel] = await rows<{ carrier: string; tracking_no: string | null; tracking_url: string | null }>(
      tx,
      sql`update shipments s set status = latest.status,
          shipped_at = coalesce(s.shipped_at, picked.at),
          delivered_at = case when latest.status = 'delivered' then latest.at else s.delivered_at end,
          updated_at = now()
        from (select status, at from shipment_events where shipment_id = ${shipmentId}
              order by at desc, id desc limit 1) latest,
          (select min(at) as at from shipment_events where shipment_id = ${shipmentId}
              and status in ('in_transit', 'out_for_delivery', 'delivered')) picked
        where s.id = ${shipmentId} returning s.carrier, s.tracking_no, s.tracking_url`,
    );
    const carrier = parcel?.carrier ?? "carrier";
    const trackingNo = parcel?.tracking_no ?? "";
    for (const event of added) {
      const where = event.location ? ` (${event.location})` : "";
      await logEvent(tx, order.id, {
        type: "parcel",
        actor: carrier,
        note: `${trackingNo}: ${event.description}${where}`,
        at: iso(event.at) ?? "",
      });
    }

    const reached = new Set(added.map((e) => e.status));
    const email = (kind: "shipped" | "out_for_delivery" | "delivered") =>
      enqueueEmail(tx, `${kind}:${order.order_no}:${shipmentId}`, {
        kind,
        to: order.email,
        locale: order.locale,
        orderNo: order.order_no,
        data: { carrier, trackingNo, trackingUrl: parcel?.tracking_url ?? null },
      });
    const at = iso(added[added.length - 1]?.at) ?? "";
    if (added.some((e) => PICKED_UP.includes(e.status))) {
      await email("shipped");
      await orderPickedUp(tx, order, { actor: carrier, note: `${carrier} ${trackingNo}`, at });
    }
    if (reached.has("out_for_delivery")) await email("out_for_delivery");
    if (reached.has("delivered")) {
      await email("delivered");
      const [all] = await rows<{ delivered: boolean }>(
        tx,
        sql`select bool_and(status = 'delivered') as delivered from shipments
          where order_id = ${order.id} and ${HOLDING}`,
      );
      if (all?.delivered && (await unshippedLines(tx, order.id)).length === 0) {
        await orderDelivered(tx, order, { actor: carrier, at });
      }
    }
    return added.length;
  });
}

/**
 * The `track_shipments` job: asks each open parcel's carrier for its events (oldest checked first) and
 * applies them. One carrier failing is logged and leaves its parcels for the next run.
 */
export async function pollTracking(
  db: Database,
  options: CarrierOptions & { limit?: number } = {},
): Promise<{ polled: number; failed: number }> {
  const open = await rows<{ id: number | string; adapter: string }>(
    db,
    sql`select id, adapter from shipments where status in ${OPEN} and adapter <> 'manual'
      order by updated_at, id limit ${options.limit ?? 500}`,
  );
  const counts = { polled: 0, failed: 0 };
  for (const shipment of open) {
    try {
      const carrier = (options.carrierFor ?? carrierFor)(shipment.adapter);
      await applyTrackingEvents(db, Number(shipment.id), await carrier.track(String(shipment.id)));
      await db.execute(sql`update shipments set updated_at = now() where id = ${shipment.id}`);
      counts.polled++;
    } catch (error) {
      counts.failed++;
      log.warn({ err: error }, `Tracking of shipment ${shipment.id} failed; next run retries`);
    }
  }
  return counts;
}

/** A carrier's push (POST /api/webhooks/carriers/{carrier}), verified by its adapter, then applied. */
export async function receivePush(
  db: Database,
  carrierName: CarrierName,
  request: { headers: Record<string, string | undefined>; body: string },
  options: CarrierOptions = {},
): Promise<number> {
  let carrier: Carrier;
  try {
    carrier = (options.carrierFor ?? carrierFor)(carrierName);
  } catch {
    throw new AppError("NOT_FOUND", { carrier: carrierName });
  }
  if (!carrier.verifyPush) throw new AppError("PUSH_NOT_SUPPORTED", { carrier: carrierName });
  let push: Awaited<ReturnType<NonNullable<Carrier["verifyPush"]>>>;
  try {
    push = await carrier.verifyPush(request);
  } catch (error) {
    if (error instanceof CarrierError) throw new AppError("UNAUTHORIZED", { carrier: carrierName });
    throw error;
  }
  const [shipment] = await rows<{ id: number | string }>(
    db,
    sql`select id from shipments where adapter = ${carrierName} and id::text = ${push.reference}`,
  );
  if (!shipment) throw new AppError("NOT_FOUND", { reference: push.reference });
  return applyTrackingEvents(db, Number(shipment.id), push.events);
}

/** GET /api/admin/shipments/{id}/label: 404, 409 LABEL_NOT_READY. */
export async function shipmentLabel(
  db: Executor,
  id: number,
): Promise<{ contentType: string; data: Buffer; fileName: string }> {
  const [row] = await rows<{ label: Buffer | null; label_type: string | null; tracking_no: string | null }>(
    db,
    sql`select label, label_type, tracking_no from shipments where id = ${id}`,
  );
  if (!row) throw new AppError("NOT_FOUND", { shipment: id });
  if (!row.label || !row.label_type) throw new AppError("LABEL_NOT_READY", { shipment: id });
  const extension = row.label_type === "application/pdf" ? "pdf" : "zpl";
  return {
    contentType: row.label_type,
    data: Buffer.from(row.label),
    fileName: `label-${row.tracking_no ?? id}.${extension}`,
  };
}

/** A parcel as staff see it: what the shopper sees, plus when it left and arrived, why it failed, its label. */
export interface StaffShipmentView extends ShipmentView {
  shippedAt: string | null;
  deliveredAt: string | null;
  error: string | null;
  labelReady: boolean;
}

/** Every parcel of an order with its events, oldest first (admin order page; shoppers get `publicShipment`). */
export function shipmentsOf(db: Executor, orderId: string): Promise<StaffShipmentView[]> {
  return readShipments(db, sql`s.order_id = ${orderId}`);
}

/**
 * The parcel of a tracking number, as a carrier's public tracking page shows it (the simulated carrier's
 * tracking URL is the store's /orders/track?trackingNo=…): its carrier, status and events, nothing of the order.
 */
export async function parcelByTrackingNo(
  db: Executor,
  trackingNo: string,
): Promise<Omit<ShipmentView, "id" | "lines"> | null> {
  const [found] = await readShipments(db, sql`s.tracking_no = ${trackingNo} and s.adapter <> 'manual'`);
  if (!found) return null;
  const { carrier, service, status, trackingUrl, events } = found;
  return { carrier, service, trackingNo, trackingUrl, status, events };
}

async function readShipments(db: Executor, where: SQL): Promise<StaffShipmentView[]> {
  const found = await rows<
    Parameters<typeof view>[0] & {
      shipped_at: Date | string | null;
      delivered_at: Date | string | null;
      error: string | null;
      label_ready: boolean;
      events: { at: string; status: string; location: string | null; description: string }[];
    }
  >(
    db,
    sql`select s.id, s.carrier, s.service, s.tracking_no, s.tracking_url, s.status, s.lines, s.shipped_at,
        s.delivered_at, s.error, s.label is not null as label_ready,
        coalesce((select json_agg(json_build_object('at', e.at, 'status', e.status, 'location', e.location,
          'description', e.description) order by e.at, e.id) from shipment_events e where e.shipment_id = s.id),
          '[]') as events
      from shipments s where ${where} order by s.id`,
  );
  return found.map((row) => ({
    ...view(row),
    events: row.events.map((e) => ({
      at: iso(e.at) ?? "",
      status: e.status,
      ...(e.location ? { location: e.location } : {}),
      description: e.description,
    })),
    shippedAt: iso(row.shipped_at),
    deliveredAt: iso(row.delivered_at),
    error: row.error,
    labelReady: row.label_ready,
  }));
}

/** The fields docs/API.md gives shoppers per parcel. */
export function publicShipment({
  id,
  carrier,
  service,
  trackingNo,
  trackingUrl,
  status,
  lines,
  events,
}: ShipmentView): ShipmentView {
  return { id, carrier, service, trackingNo, trackingUrl, status, lines, events };
}
