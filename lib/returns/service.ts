import { sql } from "drizzle-orm";
import { type Database, type Executor, rows, type Transaction } from "@/db/client";
import type { AddressSnapshot, PaymentMethod, ReturnLine, ReturnStatus } from "@/db/schema";
import { AppError, fieldCode } from "@/lib/errors";
import { containsPattern, iso, orderBy, type Page } from "@/lib/lists";
import { log } from "@/lib/log";
import { type EmailKind, enqueueEmail } from "@/lib/notifications/emails";
import { type LockedOrder, lockOrder } from "@/lib/orders/lock";
import { refundOrder } from "@/lib/orders/refunds";
import { readPage } from "@/lib/paging";
import { sellerIdentity } from "@/lib/seller/settings";
import { carrierFor } from "@/lib/shipping/carriers";
import { adminCode, type StaffContext } from "@/lib/staff-context";
import type { ReturnListQuery, ReturnRequest, ReturnTransition } from "./schemas";
import { returnSettings } from "./settings";
import { canMoveReturn, nextReturnSteps } from "./state";

/**
 * Returns of delivered units (the buyer's withdrawal right). Every change happens under the order's row
 * lock (lib/orders/lock.ts) and re-counts there, so requests racing for the same units queue and together
 * never claim more than was delivered; each step is an entry of the order's timeline with the return's
 * number (unique per return and step), so it is recorded once; its email is queued in the same transaction.
 *
 * Delivered units come from the parcels: a unit is delivered when its parcel is, and may be returned within
 * the window (store setting `returns.windowDays`, 14 by default) from that parcel's delivery. A partially
 * delivered order's delivered parcels can be returned while the rest is on its way.
 */

export interface ReturnView {
  returnNo: string;
  orderNo: string;
  status: ReturnStatus;
  returnCode: string | null;
  carrier: string | null;
  /** With no return code: where to send the parcel, quoting the return number. */
  instructions: { name: string; address: string; reference: string } | null;
  lines: (ReturnLine & { name: string; variant: string })[];
  note: string | null;
  iban: string | null;
  paymentMethod: PaymentMethod;
  refund: { id: string; amount: number; iban: string | null; state: "recorded" | "pending" | "sent" } | null;
  timeline: { type: string; note: string | null; actor: string; at: string }[];
  nextSteps: readonly ReturnStatus[];
  createdAt: string;
  updatedAt: string;
}

/** Per SKU of an order: units delivered, those still within the window, and those returns already claim. */
export interface ReturnableLine {
  sku: string;
  name: string;
  variant: string;
  ordered: number;
  delivered: number;
  inWindow: number;
  claimed: number;
  /** What a new return may still take: in the window and not claimed by another return. */
  returnable: number;
  /** When the window of this line's latest delivered parcel closes. */
  windowClosesAt: string | null;
}

/**
 * What each line of an order may still return at `now`. Claims are those of every return not rejected (for a
 * received one, what actually arrived); they are taken from the units delivered longest ago first, which is
 * the buyer's favour: min(units within the window, delivered − claimed).
 */
export async function returnableLines(
  db: Executor,
  orderId: string,
  now: Date,
  windowDays: number,
): Promise<ReturnableLine[]> {
  const since = new Date(now.getTime() - windowDays * 86_400_000).toISOString();
  const found = await rows<{
    sku: string;
    name: string;
    variant: string;
    ordered: number;
    delivered: number;
    in_window: number;
    claimed: number;
    last_delivery: Date | string | null;
  }>(
    db,
    sql`
    with parcels as (
      select l.sku, l.qty, coalesce(s.delivered_at, s.updated_at) as delivered_at
      from shipments s, jsonb_to_recordset(s.lines) as l(sku text, qty int)
      where s.order_id = ${orderId} and s.status = 'delivered'
    ), claims as (
      select l.sku, sum(coalesce(l.received, l.qty))::int as claimed
      from returns r, jsonb_to_recordset(r.lines) as l(sku text, qty int, received int)
      where r.order_id = ${orderId} and r.status <> 'rejected' group by l.sku
    )
    select i.sku, min(i.name) as name, min(i.variant_name) as variant, sum(i.qty)::int as ordered,
      coalesce((select sum(p.qty) from parcels p where p.sku = i.sku), 0)::int as delivered,
      coalesce((select sum(p.qty) from parcels p where p.sku = i.sku and p.delivered_at > ${since}), 0)::int as in_window,
      coalesce((select c.claimed from claims c where c.sku = i.sku), 0)::int as claimed,
      (select max(p.delivered_at) from parcels p where p.sku = i.sku) as last_delivery
    from order_items i where i.order_id = ${orderId} group by i.sku order by min(i.id)`,
  );
  return found.map((line) => ({
    sku: line.sku,
    name: line.name,
    variant: line.variant,
    ordered: line.ordered,
    delivered: line.delivered,
    inWindow: line.in_window,
    claimed: line.claimed,
    returnable: Math.max(0, Math.min(line.in_window, line.delivered - line.claimed)),
    windowClosesAt: line.last_delivery
      ? new Date(new Date(line.last_delivery).getTime() + windowDays * 86_400_000).toISOString()
      : null,
  }));
}

function returnNumber(sequence: number, now: Date): string {
  return `IAD-${now.getUTCFullYear()}-${String(sequence).padStart(6, "0")}`;
}

/** A step of a return: the timeline entry (once per return and step), its webhook and the buyer's email. */
async function recordStep(
  tx: Transaction,
  order: LockedOrder,
  returnNo: string,
  step: ReturnStatus,
  event: { actor: string; note?: string | null; at: string },
) {
  await tx.execute(sql`insert into order_events (order_id, type, note, actor, return_no, created_at)
    values (${order.id}, ${`return_${step}`}, ${event.note ?? null}, ${event.actor}, ${returnNo}, ${event.at})`);
  if (step === "requested" || step === "refunded") {
    await tx.execute(sql`select webhook_emit(${`return.${step}`}::text, jsonb_build_object('returnNo', r.return_no,
        'orderNo', ${order.order_no}::text, 'status', r.status, 'lines', r.lines, 'refund',
        (select jsonb_build_object('id', f.id, 'amount', f.amount::bigint) from refunds f where f.id = r.refund_id)))
      from returns r where r.return_no = ${returnNo}`);
  }
  // The refund's own email ("refunded:<refund id>", lib/orders/refunds.ts) is the refunded step's.
  if (step === "refunded") return;
  await enqueueEmail(tx, `return_${step}:${returnNo}`, {
    kind: `return_${step}` as EmailKind,
    to: order.email,
    locale: order.locale,
    orderNo: order.order_no,
    data: { returnNo },
  });
}

/**
 * `POST /api/orders/{orderNo}/returns` (the caller checked that the visitor may act on the order): a return
 * of delivered units within the window. 422 NOT_DELIVERED (nothing of the line delivered yet),
 * RETURN_WINDOW_CLOSED (its units were delivered longer ago than the window), RETURN_QTY_EXCEEDED (more
 * than delivered minus what other returns claim). Then the order's carrier is asked for a return code.
 */
export async function requestReturn(
  db: Database,
  orderNo: string,
  input: ReturnRequest,
  context: { actor: string; now?: Date },
): Promise<ReturnView> {
  const now = context.now ?? new Date();
  const returnNo = await db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderNo);
    const { windowDays } = await returnSettings(tx);
    const lines = await returnableLines(tx, order.id, now, windowDays);
    const fields: Record<string, ReturnType<typeof fieldCode>> = {};
    input.lines.forEach((asked, index) => {
      if (!lines.some((line) => line.sku === asked.sku)) {
        fields[`lines.${index}.sku`] = fieldCode("returns.validation.notInOrder");
      }
    });
    if (Object.keys(fields).length > 0) throw new AppError("VALIDATION_FAILED", { fields });
    if (lines.every((line) => line.delivered === 0)) throw new AppError("NOT_DELIVERED", { orderNo });
    for (const asked of input.lines) {
      const line = lines.find((l) => l.sku === asked.sku) as ReturnableLine;
      if (asked.qty <= line.returnable) continue;
      if (line.delivered === 0) throw new AppError("NOT_DELIVERED", { orderNo, sku: line.sku });
      if (line.inWindow === 0) {
        throw new AppError("RETURN_WINDOW_CLOSED", {
          sku: line.sku,
          windowDays,
          closedAt: line.windowClosesAt,
        });
      }
      throw new AppError("RETURN_QTY_EXCEEDED", {
        sku: line.sku,
        requested: asked.qty,
        returnable: line.returnable,
      });
    }
    const [sequence] = await rows<{ n: string }>(tx, sql`select nextval('return_no_seq') as n`);
    const number = returnNumber(Number(sequence?.n), now);
    const at = now.toISOString();
    const stored: ReturnLine[] = input.lines.map(({ sku, qty, reason }) => ({ sku, qty, reason }));
    await tx.execute(sql`insert into returns (return_no, order_id, lines, note, iban, created_at, updated_at)
      values (${number}, ${order.id}, ${JSON.stringify(stored)}::jsonb, ${input.note ?? null},
        ${order.payment_method === "card" ? null : (input.iban ?? null)}, ${at}, ${at})`);
    await recordStep(tx, order, number, "requested", { actor: context.actor, note: input.note, at });
    return number;
  });
  await issueReturnCode(db, returnNo);
  return (await getReturn(db, returnNo)) as ReturnView;
}

/**
 * Asks the carrier that delivered the order for a return code, where its adapter offers one. A carrier
 * that fails or offers none leaves the return without a code: the buyer is shown the seller's address.
 */
async function issueReturnCode(db: Database, returnNo: string): Promise<void> {
  const [found] = await rows<{
    id: number;
    order_no: string;
    adapter: string | null;
    address: AddressSnapshot;
  }>(
    db,
    sql`select r.id, o.order_no, o.shipping_address as address,
      (select s.adapter from shipments s where s.order_id = o.id and s.status = 'delivered' and s.adapter <> 'manual'
        order by s.delivered_at desc nulls last limit 1) as adapter
    from returns r join orders o on o.id = r.order_id where r.return_no = ${returnNo}`,
  );
  if (!found?.adapter) return;
  try {
    const carrier = carrierFor(found.adapter);
    if (!carrier.returnCode) return;
    const { address } = found;
    const { code } = await carrier.returnCode({
      reference: returnNo,
      orderNo: found.order_no,
      sender: { ...address, district: address.district ?? "" },
    });
    await db.execute(sql`update returns set return_code = ${code}, carrier = ${carrier.name}
      where id = ${found.id} and return_code is null`);
  } catch (error) {
    log.warn({ err: error }, `Return ${returnNo}: no return code from ${found.adapter}`);
  }
}

/** The return and its order, both locked (the order first, as every order change does). */
async function lockReturn(tx: Transaction, returnNo: string) {
  const [owner] = await rows<{ order_no: string }>(
    tx,
    sql`select o.order_no from returns r join orders o on o.id = r.order_id where r.return_no = ${returnNo}`,
  );
  if (!owner) throw new AppError("NOT_FOUND", { returnNo });
  const order = await lockOrder(tx, owner.order_no);
  const [found] = await rows<{ id: number; status: ReturnStatus; lines: ReturnLine[]; iban: string | null }>(
    tx,
    sql`select id, status, lines, iban from returns where return_no = ${returnNo} for update`,
  );
  if (!found) throw new AppError("NOT_FOUND", { returnNo });
  return { order, found };
}

/** What arrived of each line (`received`): each given SKU must be on the return, at most its quantity. */
function inspected(lines: ReturnLine[], given: ReturnTransition["lines"]): ReturnLine[] {
  if (!given) return lines.map((line) => ({ ...line, received: line.qty, restock: true }));
  const fields: Record<string, ReturnType<typeof fieldCode>> = {};
  given.forEach((item, index) => {
    const line = lines.find((l) => l.sku === item.sku);
    if (!line) fields[`lines.${index}.sku`] = adminCode("notInReturn");
    else if (item.qty > line.qty) fields[`lines.${index}.qty`] = adminCode("tooManyUnits", { max: line.qty });
  });
  if (Object.keys(fields).length > 0) throw new AppError("VALIDATION_FAILED", { fields });
  return lines.map((line) => {
    const item = given.find((g) => g.sku === line.sku);
    return { ...line, received: item?.qty ?? 0, restock: item ? item.restock && item.qty > 0 : false };
  });
}

/**
 * `POST /api/admin/returns/{returnNo}/transitions`: a staff move of the return's state machine, under the
 * order's row lock (409 INVALID_TRANSITION with `details = {from, to}` when the state does not allow it,
 * also for the loser of two staff racing). `received` records what arrived per line and whether it goes back
 * on the shelf. `refunded` refunds what arrived through lib/orders/refunds.ts — its amounts per line, its
 * restock, its idempotency (key `return:<returnNo>`) and row lock — and moves the return in the refund's own
 * transaction, so a return is refunded once and only with its refund.
 */
export async function transitionReturn(
  db: Database,
  returnNo: string,
  input: ReturnTransition,
  context: StaffContext,
): Promise<ReturnView> {
  const normalized = returnNo.trim().toUpperCase();
  const at = (context.now ?? new Date()).toISOString();
  if (input.to === "refunded") {
    await refundReturn(db, normalized, input, context);
  } else {
    await db.transaction(async (tx) => {
      const { order, found } = await lockReturn(tx, normalized);
      if (!canMoveReturn(found.status, input.to)) {
        throw new AppError("INVALID_TRANSITION", { from: found.status, to: input.to });
      }
      const lines = input.to === "received" ? inspected(found.lines, input.lines) : found.lines;
      await tx.execute(sql`update returns set status = ${input.to}, lines = ${JSON.stringify(lines)}::jsonb,
        updated_at = ${at} where id = ${found.id}`);
      await recordStep(tx, order, normalized, input.to, { actor: context.actor, note: input.note, at });
    });
  }
  return (await getReturn(db, normalized)) as ReturnView;
}

async function refundReturn(db: Database, returnNo: string, input: ReturnTransition, context: StaffContext) {
  const [found] = await rows<{
    order_no: string;
    status: ReturnStatus;
    lines: ReturnLine[];
    iban: string | null;
    payment_method: PaymentMethod;
  }>(
    db,
    sql`select o.order_no, o.payment_method, r.status, r.lines, r.iban from returns r
      join orders o on o.id = r.order_id where r.return_no = ${returnNo}`,
  );
  if (!found) throw new AppError("NOT_FOUND", { returnNo });
  // Checked again under the lock below; this answers the common case before any refund is attempted.
  if (!canMoveReturn(found.status, "refunded")) {
    throw new AppError("INVALID_TRANSITION", { from: found.status, to: "refunded" });
  }
  const items = found.lines
    .filter((line) => (line.received ?? 0) > 0)
    .map((line) => ({ sku: line.sku, qty: line.received ?? 0, restock: line.restock ?? false }));
  if (items.length === 0) {
    throw new AppError("VALIDATION_FAILED", { fields: { lines: adminCode("nothingReceived") } });
  }
  const iban = input.iban ?? found.iban ?? undefined;
  if (found.payment_method !== "card" && !iban) {
    throw new AppError("VALIDATION_FAILED", { fields: { iban: adminCode("ibanRequired") } });
  }
  const at = (context.now ?? new Date()).toISOString();
  await refundOrder(
    db,
    found.order_no,
    { items, reason: returnNo, iban },
    `return:${returnNo}`,
    context,
    async (tx, refund) => {
      const [moved] = await rows<{ id: number }>(
        tx,
        sql`update returns set status = 'refunded', refund_id = ${refund.id}, iban = coalesce(${iban ?? null}, iban),
          updated_at = ${at} where return_no = ${returnNo} and status = 'received' returning id`,
      );
      if (!moved) throw new AppError("INVALID_TRANSITION", { from: found.status, to: "refunded" });
      const order = await lockOrder(tx, found.order_no);
      await recordStep(tx, order, returnNo, "refunded", { actor: context.actor, note: input.note, at });
    },
  );
}

interface ReturnRow {
  return_no: string;
  order_no: string;
  status: ReturnStatus;
  return_code: string | null;
  carrier: string | null;
  lines: ReturnLine[];
  note: string | null;
  iban: string | null;
  payment_method: PaymentMethod;
  refund: {
    id: string;
    amount: number | string;
    iban: string | null;
    provider_refund_id: string | null;
  } | null;
  items: { sku: string; name: string; variant: string }[];
  timeline: { type: string; note: string | null; actor: string; at: string }[];
  created_at: Date | string;
  updated_at: Date | string;
}

const RETURN_SELECT = sql`select r.return_no, o.order_no, r.status, r.return_code, r.carrier, r.lines, r.note,
    r.iban, o.payment_method, r.created_at, r.updated_at,
    (select json_build_object('id', f.id, 'amount', f.amount, 'iban', f.iban,
      'provider_refund_id', f.provider_refund_id) from refunds f where f.id = r.refund_id) as refund,
    coalesce((select json_agg(json_build_object('sku', i.sku, 'name', i.name, 'variant', i.variant_name))
      from order_items i where i.order_id = o.id), '[]') as items,
    coalesce((select json_agg(json_build_object('type', e.type, 'note', e.note, 'actor', e.actor, 'at', e.created_at)
      order by e.id) from order_events e where e.order_id = o.id and e.return_no = r.return_no), '[]') as timeline
  from returns r join orders o on o.id = r.order_id`;

async function toView(db: Executor, row: ReturnRow): Promise<ReturnView> {
  const seller = row.return_code ? null : await sellerIdentity(db);
  return {
    returnNo: row.return_no,
    orderNo: row.order_no,
    status: row.status,
    returnCode: row.return_code,
    carrier: row.carrier,
    instructions: seller
      ? {
          name: seller.legalName,
          address: `${seller.address}, ${seller.district} / ${seller.city}`,
          reference: row.return_no,
        }
      : null,
    lines: row.lines.map((line) => {
      const item = row.items.find((i) => i.sku === line.sku);
      return { ...line, name: item?.name ?? line.sku, variant: item?.variant ?? "" };
    }),
    note: row.note,
    iban: row.iban,
    paymentMethod: row.payment_method,
    refund: row.refund
      ? {
          id: row.refund.id,
          amount: Number(row.refund.amount),
          iban: row.refund.iban,
          state: row.refund.provider_refund_id
            ? "sent"
            : row.payment_method === "card"
              ? "pending"
              : "recorded",
        }
      : null,
    timeline: row.timeline.map((e) => ({ ...e, at: iso(e.at) ?? "" })),
    nextSteps: nextReturnSteps(row.status),
    createdAt: iso(row.created_at) ?? "",
    updatedAt: iso(row.updated_at) ?? "",
  };
}

export async function getReturn(db: Executor, returnNo: string): Promise<ReturnView | null> {
  const [row] = await rows<ReturnRow>(
    db,
    sql`${RETURN_SELECT} where r.return_no = ${returnNo.trim().toUpperCase()}`,
  );
  return row ? toView(db, row) : null;
}

/** An order's returns, oldest first (its order page, the staff's order page). */
export async function returnsOfOrder(db: Executor, orderId: string): Promise<ReturnView[]> {
  const found = await rows<ReturnRow>(db, sql`${RETURN_SELECT} where r.order_id = ${orderId} order by r.id`);
  return Promise.all(found.map((row) => toView(db, row)));
}

export interface ReturnListItem {
  returnNo: string;
  orderNo: string;
  status: ReturnStatus;
  email: string;
  units: number;
  createdAt: string;
  updatedAt: string;
}

const RETURN_SORT = { returnNo: sql`r.return_no`, createdAt: sql`r.created_at`, status: sql`r.status` };

/** Returns for staff, newest first unless sorted otherwise; `q` matches the return or order number, or the email. */
export async function listReturns(db: Database, query: ReturnListQuery): Promise<Page<ReturnListItem>> {
  const conditions = [sql`true`];
  if (query.status) conditions.push(sql`r.status = ${query.status}`);
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(sql`(r.return_no like upper(${pattern}) or o.order_no like upper(${pattern})
      or o.email like lower(${pattern}))`);
  }
  const where = sql.join(conditions, sql` and `);
  const found = await readPage<{
    return_no: string;
    order_no: string;
    status: ReturnStatus;
    email: string;
    units: number;
    created_at: Date | string;
    updated_at: Date | string;
  }>(db, query, {
    count: sql`from returns r join orders o on o.id = r.order_id where ${where}`,
    select: sql`select r.return_no, o.order_no, r.status, o.email, r.created_at, r.updated_at,
        (select coalesce(sum((l->>'qty')::int), 0)::int from jsonb_array_elements(r.lines) l) as units
      from returns r join orders o on o.id = r.order_id where ${where}
      order by ${orderBy(query.sort, RETURN_SORT, sql`r.id desc`)}`,
  });
  return {
    ...found,
    items: found.items.map((row) => ({
      returnNo: row.return_no,
      orderNo: row.order_no,
      status: row.status,
      email: row.email,
      units: row.units,
      createdAt: iso(row.created_at) ?? "",
      updatedAt: iso(row.updated_at) ?? "",
    })),
  };
}

/** What the buyer's order page shows of returns: the returns made and the lines that may still be returned. */
export async function returnsForOrderPage(db: Database, orderId: string, now = new Date()) {
  const { windowDays } = await returnSettings(db);
  const [made, lines] = await Promise.all([
    returnsOfOrder(db, orderId),
    returnableLines(db, orderId, now, windowDays),
  ]);
  const open = lines.filter((line) => line.returnable > 0);
  // The earliest window still open among the returnable lines: the last day the form is sure to work.
  const closes = open
    .map((line) => line.windowClosesAt)
    .filter((at): at is string => at !== null)
    .sort()[0];
  return { returns: made, returnable: open, windowDays, closesAt: closes ?? null };
}
