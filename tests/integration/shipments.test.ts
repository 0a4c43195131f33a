// Shipments (lib/shipments) against real PostgreSQL, the simulated carrier and the Aras fake: requests under
// the order's lock, the create_shipment job's idempotency across a crash, a carrier outage retried then
// visible, tracking applied once per event, and the order moving to shipped and delivered by itself.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as shipmentsRoute } from "@/app/api/admin/orders/[orderNo]/shipments/route";
import { POST as transitionsRoute } from "@/app/api/admin/orders/[orderNo]/transitions/route";
import { GET as labelRoute } from "@/app/api/admin/shipments/[id]/label/route";
import { GET as trackRoute } from "@/app/api/orders/track/[orderNo]/route";
import { POST as pushRoute } from "@/app/api/webhooks/carriers/[carrier]/route";
import { databaseUrl, getDb } from "@/lib/db";
import { jobListQuerySchema, listJobs } from "@/lib/jobs/staff";
import { drainJobs } from "@/lib/jobs/worker";
import { mailboxTransport } from "@/lib/notifications/transport";
import {
  applyTrackingEvents,
  createAtCarrier,
  pollTracking,
  requestShipment,
  SHIPMENT_MAX_ATTEMPTS,
  shipWhenPaid,
} from "@/lib/shipments/service";
import { saveShipmentSettings } from "@/lib/shipments/settings";
import { type Carrier, CarrierError, carrierFor, configuredCarriers } from "@/lib/shipping/carriers";
import { arasIntegrationCode } from "@/lib/shipping/carriers/aras";
import { createSimulatedCarrier } from "@/lib/shipping/carriers/simulated";
import { startFakeArasEnv } from "@/tests/support/fake-aras";
import { call, makeUser, offlineOrder, type TestUser } from "./admin-support";
import { clearCardProviderEnv, emailKeys, extraPool, paymentOf, q, tally } from "./checkout-support";

clearCardProviderEnv();
// Aras is configured against its fake before the environment is first read, so the registry serves it.
const aras = await startFakeArasEnv();

const db = getDb();
let staff: TestUser;
// The simulated carrier on a clock the tests move, one step a minute.
const START = Date.parse("2026-03-02T08:00:00Z");
let clock = new Date(START);
const simulated = createSimulatedCarrier({
  db: getDb,
  stepSeconds: 60,
  appUrl: "http://localhost:3000",
  sender: "Çarşı",
  now: () => clock,
});
const carriers = { carrierFor: (name: string) => (name === "simulated" ? simulated : carrierFor(name)) };
const minutes = (n: number) => new Date(START + n * 60_000);

beforeAll(async () => {
  staff = await makeUser(db, "staff", "Mehmet Demir");
});
afterAll(async () => {
  await aras.close();
});

const drain = (tasks: Parameters<typeof drainJobs>[0]["tasks"] = {}) =>
  drainJobs({
    connectionString: databaseUrl(),
    tasks: { email: { transport: mailboxTransport() }, ...tasks },
  });

function move(orderNo: string, body: Record<string, unknown>) {
  return call(transitionsRoute, `/api/admin/orders/${orderNo}/transitions`, {
    method: "POST",
    params: { orderNo },
    body,
    as: staff,
  });
}
const confirm = (orderNo: string) => move(orderNo, { to: "processing" });

function ship(orderNo: string, body: Record<string, unknown>, as: TestUser | null = staff) {
  return call(shipmentsRoute, `/api/admin/orders/${orderNo}/shipments`, {
    method: "POST",
    params: { orderNo },
    body,
    as,
  });
}

async function shipmentsOfOrder(orderNo: string) {
  return q<{
    id: string;
    status: string;
    adapter: string;
    lines: { sku: string; qty: number }[];
    error: string | null;
  }>(
    db,
    sql`select s.id::text, s.status, s.adapter, s.lines, s.error from shipments s join orders o on o.id = s.order_id
      where o.order_no = ${orderNo} order by s.id`,
  );
}

async function timeline(orderNo: string) {
  return q<{ type: string; to_status: string | null; note: string | null }>(
    db,
    sql`select e.type, e.to_status, e.note from order_events e join orders o on o.id = e.order_id
      where o.order_no = ${orderNo} order by e.id`,
  );
}

const orderStatus = async (orderNo: string) =>
  (await q<{ status: string }>(db, sql`select status from orders where order_no = ${orderNo}`))[0]?.status;

/** A confirmed cash-on-delivery order whose automatic parcel (made at confirmation) is returned. */
async function confirmedOrder(prefix: string, qty = 2) {
  const order = await offlineOrder(db, prefix, { qty });
  expect((await confirm(order.orderNo)).status).toBe(200);
  const [auto] = await shipmentsOfOrder(order.orderNo);
  if (!auto) throw new Error("confirmation made no shipment");
  return { ...order, shipmentId: Number(auto.id) };
}

describe("requesting a shipment", () => {
  it("confirmation requests a pending parcel of every line with a create_shipment job in the same transaction", async () => {
    const order = await confirmedOrder("SHA", 3);
    expect(await shipmentsOfOrder(order.orderNo)).toEqual([
      {
        id: String(order.shipmentId),
        status: "pending",
        adapter: "simulated",
        lines: [{ sku: order.item.sku, qty: 3 }],
        error: null,
      },
    ]);
    const jobs = await q<{ key: string; payload: unknown }>(
      db,
      sql`select key, payload from graphile_worker._private_jobs where key = ${`create_shipment:${order.shipmentId}`}`,
    );
    expect(jobs).toEqual([
      { key: `create_shipment:${order.shipmentId}`, payload: { shipmentId: order.shipmentId } },
    ]);
    // Every line is in a parcel: nothing left to ship.
    const again = await ship(order.orderNo, {});
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("NOTHING_TO_SHIP");
    expect(await shipmentsOfOrder(order.orderNo)).toHaveLength(1);
  });

  it("answers 404, 409 INVALID_TRANSITION, 400 and 401 in the API's shape, changing nothing", async () => {
    const order = await offlineOrder(db, "SHB");
    const unconfirmed = await ship(order.orderNo, {}, staff);
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.error).toMatchObject({
      code: "INVALID_TRANSITION",
      message: "Sipariş bu duruma geçirilemez.",
      details: { from: "awaiting_confirmation" },
    });
    expect((await ship("SF-2026-999999", {})).body.error?.code).toBe("ORDER_NOT_FOUND");
    expect((await ship("SF-2026-999999", {})).status).toBe(404);
    const bad = await ship(order.orderNo, { lines: [{ sku: "", qty: 0 }], carrier: "ups" });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe("VALIDATION_FAILED");
    expect((await ship(order.orderNo, {}, null)).status).toBe(401);
    expect(await shipmentsOfOrder(order.orderNo)).toEqual([]);
  });

  it("ships part of the lines, then the rest; more than is left is 409 NOTHING_TO_SHIP with what is left", async () => {
    const order = await confirmedOrder("SHC", 3);
    // The carrier refused the automatic parcel: its lines are free again.
    await createAtCarrier(db, order.shipmentId, {
      carrierFor: () => failing(false),
      finalAttempt: false,
    }).catch(() => {});
    const first = await ship(order.orderNo, { lines: [{ sku: order.item.sku, qty: 1 }], service: "ekspres" });
    expect(first.status).toBe(202);
    expect(first.body.shipment).toMatchObject({
      carrier: "simulated",
      service: "ekspres",
      status: "pending",
      trackingNo: null,
      lines: [{ sku: order.item.sku, qty: 1 }],
    });
    const tooMany = await ship(order.orderNo, { lines: [{ sku: order.item.sku, qty: 3 }] });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error).toMatchObject({
      code: "NOTHING_TO_SHIP",
      details: { sku: order.item.sku, requested: 3, unshipped: 2 },
    });
    const rest = await ship(order.orderNo, { carrier: "aras" });
    expect(rest.status).toBe(202);
    expect(rest.body.shipment).toMatchObject({ carrier: "aras", lines: [{ sku: order.item.sku, qty: 2 }] });
  });

  it("twenty requests racing on real connections never ship more units than were ordered", async () => {
    const order = await confirmedOrder("SHD", 4);
    await db.execute(sql`update shipments set status = 'failed' where id = ${order.shipmentId}`);
    const pool = extraPool(20);
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () =>
          requestShipment(pool.db, order.orderNo, { lines: [{ sku: order.item.sku, qty: 1 }] }).then(
            () => "ok",
            (error: { code?: string }) => error.code ?? String(error),
          ),
        ),
      );
      expect(tally(outcomes)).toEqual({ ok: 4, NOTHING_TO_SHIP: 16 });
    } finally {
      await pool.client.end();
    }
    const held = (await shipmentsOfOrder(order.orderNo)).filter((s) => s.status === "pending");
    expect(held.reduce((sum, s) => sum + (s.lines[0]?.qty ?? 0), 0)).toBe(4);
  });

  it("a paid order is requested at payment only when the store setting says so", async () => {
    // Offline orders stand in for paid ones here: the setting is read by the payment path's helper.
    const order = await offlineOrder(db, "SHE");
    const orderId =
      (await q<{ id: string }>(db, sql`select id from orders where order_no = ${order.orderNo}`))[0]?.id ??
      "";
    await db.transaction((tx) => shipWhenPaid(tx, orderId, new Date().toISOString()));
    expect(await shipmentsOfOrder(order.orderNo)).toEqual([]);
    await saveShipmentSettings(db, { shipWhenPaid: true }, "test");
    try {
      await db.transaction((tx) => shipWhenPaid(tx, orderId, new Date().toISOString()));
      expect(await shipmentsOfOrder(order.orderNo)).toMatchObject([{ status: "pending" }]);
    } finally {
      await saveShipmentSettings(db, { shipWhenPaid: false }, "test");
    }
  });
});

/** A carrier whose every create fails: retryable (an outage) or a refusal. */
function failing(retryable: boolean): Carrier {
  return {
    ...simulated,
    createShipment: async () => {
      throw new CarrierError("aras", retryable ? "HTTP 503" : "ReceiverPhone1 is invalid", retryable);
    },
  };
}

/** The same carrier, but the process "dies" after the carrier answered and before the store committed. */
function crashingAfter(carrier: Carrier): Carrier {
  return {
    ...carrier,
    createShipment: async (parcel) => {
      await carrier.createShipment(parcel);
      throw new Error("the worker died before its commit");
    },
  };
}

describe("the create_shipment job", () => {
  it("retried after a crash past the carrier's answer leaves one shipment at the simulated carrier", async () => {
    clock = minutes(0);
    const order = await confirmedOrder("SHF");
    await expect(
      createAtCarrier(db, order.shipmentId, {
        carrierFor: () => crashingAfter(simulated),
        finalAttempt: false,
      }),
    ).rejects.toThrow("died");
    expect((await shipmentsOfOrder(order.orderNo))[0]?.status).toBe("pending");
    await createAtCarrier(db, order.shipmentId, { ...carriers, finalAttempt: false });
    const atCarrier = await q<{ tracking_no: string }>(
      db,
      sql`select tracking_no from simulated_shipments where reference = ${String(order.shipmentId)}`,
    );
    expect(atCarrier).toHaveLength(1);
    const [stored] = await q<{
      status: string;
      tracking_no: string;
      label_type: string;
      tracking_url: string;
    }>(
      db,
      sql`select status, tracking_no, label_type, tracking_url from shipments where id = ${order.shipmentId}`,
    );
    expect(stored).toEqual({
      status: "created",
      tracking_no: atCarrier[0]?.tracking_no,
      label_type: "application/pdf",
      tracking_url: `http://localhost:3000/orders/track?trackingNo=${atCarrier[0]?.tracking_no}`,
    });
  });

  it("retried after a crash leaves one shipment at Aras (its fake), keyed by the shipment id", async () => {
    expect(configuredCarriers()).toContain("aras");
    aras.reset();
    // Parcels of earlier tests left pending are not this test's: their jobs, drained below, skip them.
    await db.execute(sql`update shipments set status = 'cancelled' where status = 'pending'`);
    const order = await confirmedOrder("SHG");
    await db.execute(sql`update shipments set status = 'failed' where id = ${order.shipmentId}`);
    const asked = await ship(order.orderNo, { carrier: "aras" });
    const id = Number((asked.body.shipment as { id: number }).id);
    await expect(
      createAtCarrier(db, id, { carrierFor: (name) => crashingAfter(carrierFor(name)), finalAttempt: false }),
    ).rejects.toThrow("died");
    // The queue retries the job: the worker's own run of it finds the first shipment at Aras.
    const ran = await drain();
    expect(ran.ran).toBeGreaterThanOrEqual(1);
    expect(aras.count()).toBe(1);
    expect(aras.shipments.has(arasIntegrationCode(String(id)))).toBe(true);
    expect((await shipmentsOfOrder(order.orderNo)).find((s) => Number(s.id) === id)?.status).toBe("created");
  });

  it("a carrier down is retried with backoff; after the last attempt the parcel is failed and the job listed", async () => {
    aras.reset();
    const order = await confirmedOrder("SHH");
    await db.execute(sql`update shipments set status = 'failed' where id = ${order.shipmentId}`);
    const id = Number(((await ship(order.orderNo, { carrier: "aras" })).body.shipment as { id: number }).id);
    aras.setOutage("error");
    try {
      await drain();
      const key = `create_shipment:${id}`;
      const [retrying] = (
        await listJobs(db, jobListQuerySchema.parse({ state: "retrying", limit: 100 }))
      ).items.filter((job) => job.key === key);
      expect(retrying).toMatchObject({
        task: "create_shipment",
        attempts: 1,
        maxAttempts: SHIPMENT_MAX_ATTEMPTS,
      });
      expect(new Date(retrying?.runAt ?? 0).getTime()).toBeGreaterThan(Date.now());
      expect((await shipmentsOfOrder(order.orderNo)).find((s) => Number(s.id) === id)?.status).toBe(
        "pending",
      );
      // The backoff's hours pass: the job is due again with one attempt left.
      await db.execute(sql`update graphile_worker._private_jobs set run_at = now(), attempts = max_attempts - 1
        where key = ${key}`);
      await drain();
      const [failed] = (
        await listJobs(db, jobListQuerySchema.parse({ state: "failed", limit: 100 }))
      ).items.filter((job) => job.key === key);
      expect(failed).toMatchObject({ attempts: SHIPMENT_MAX_ATTEMPTS });
      expect(failed?.lastError).toContain("aras");
      const parcel = (await shipmentsOfOrder(order.orderNo)).find((s) => Number(s.id) === id);
      expect(parcel?.status).toBe("failed");
      expect(parcel?.error).toContain("aras");
    } finally {
      aras.setOutage(false);
    }
  });

  it("a refusal fails the parcel at once, without retries", async () => {
    const order = await confirmedOrder("SHI");
    await drain({ carriers: { carrierFor: () => failing(false) } });
    const [job] = (
      await listJobs(db, jobListQuerySchema.parse({ state: "failed", limit: 100 }))
    ).items.filter((j) => j.key === `create_shipment:${order.shipmentId}`);
    expect(job).toMatchObject({ attempts: 1, maxAttempts: 1 });
    expect(await shipmentsOfOrder(order.orderNo)).toMatchObject([
      { status: "failed", error: "aras: ReceiverPhone1 is invalid" },
    ]);
  });
});

describe("shipping by hand", () => {
  it("takes over the parcel not yet picked up, withdraws it from the carrier, and ships by the typed number", async () => {
    clock = minutes(0);
    const order = await confirmedOrder("SHM");
    await createAtCarrier(db, order.shipmentId, { ...carriers, finalAttempt: false });
    const moved = await move(order.orderNo, {
      to: "shipped",
      carrier: "Yurtiçi Kargo",
      trackingNo: "YK 2026 000777",
    });
    expect(moved.status).toBe(200);
    expect(await shipmentsOfOrder(order.orderNo)).toEqual([
      {
        id: String(order.shipmentId),
        status: "shipped",
        adapter: "manual",
        lines: [{ sku: order.item.sku, qty: 2 }],
        error: null,
      },
    ]);
    await drain({ carriers });
    const [atCarrier] = await q<{ cancelled: boolean }>(
      db,
      sql`select cancelled_at is not null as cancelled from simulated_shipments
        where reference = ${String(order.shipmentId)}`,
    );
    expect(atCarrier?.cancelled).toBe(true);
    // Tracking leaves a hand-typed parcel alone.
    clock = minutes(10);
    await pollTracking(db, carriers);
    expect((await shipmentsOfOrder(order.orderNo))[0]?.status).toBe("shipped");
  });

  it("while the carrier is still answering the job's request, the parcel it registers there is withdrawn", async () => {
    clock = minutes(0);
    const order = await confirmedOrder("SHN");
    // Staff type a tracking number by hand while the carrier's answer is on its way.
    const slow: Carrier = {
      ...simulated,
      createShipment: async (parcel) => {
        const created = await simulated.createShipment(parcel);
        const moved = await move(order.orderNo, { to: "shipped", carrier: "MNG Kargo", trackingNo: "MNG-1" });
        expect(moved.status).toBe(200);
        return created;
      },
    };
    await createAtCarrier(db, order.shipmentId, { carrierFor: () => slow, finalAttempt: false });
    expect(await shipmentsOfOrder(order.orderNo)).toMatchObject([
      { id: String(order.shipmentId), status: "shipped", adapter: "manual" },
    ]);
    await drain({ carriers });
    const [atCarrier] = await q<{ cancelled: boolean }>(
      db,
      sql`select cancelled_at is not null as cancelled from simulated_shipments
        where reference = ${String(order.shipmentId)}`,
    );
    expect(atCarrier?.cancelled).toBe(true);
  });
});

describe("tracking", () => {
  it("moves the parcel and the order to shipped and delivered by itself, each event once in the timeline", async () => {
    clock = minutes(0);
    const order = await confirmedOrder("SHJ");
    await createAtCarrier(db, order.shipmentId, { ...carriers, finalAttempt: false });

    // Label: ready once the carrier made the parcel.
    const request = new NextRequest(`http://localhost:3000/api/admin/shipments/${order.shipmentId}/label`, {
      headers: { cookie: staff.cookie },
    });
    const pdf = await labelRoute(request, { params: Promise.resolve({ id: String(order.shipmentId) }) });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");

    // Created only: nothing moves.
    await pollTracking(db, carriers);
    expect(await orderStatus(order.orderNo)).toBe("processing");

    clock = minutes(1.5); // picked up
    await pollTracking(db, carriers);
    expect(await orderStatus(order.orderNo)).toBe("shipped");
    expect((await shipmentsOfOrder(order.orderNo))[0]?.status).toBe("in_transit");

    // The same events again (a second poll, a duplicate push): nothing new.
    const before = (await timeline(order.orderNo)).length;
    await pollTracking(db, carriers);
    await applyTrackingEvents(db, order.shipmentId, await simulated.track(String(order.shipmentId)));
    expect((await timeline(order.orderNo)).length).toBe(before);

    clock = minutes(4.5); // transfer, out for delivery, delivered
    await pollTracking(db, carriers);
    expect(await orderStatus(order.orderNo)).toBe("delivered");
    expect((await paymentOf(db, order.orderNo)).status).toBe("succeeded");
    const entries = await timeline(order.orderNo);
    expect(entries.filter((e) => e.type === "parcel")).toHaveLength(5);
    expect(entries.filter((e) => e.to_status === "shipped")).toHaveLength(1);
    expect(entries.filter((e) => e.to_status === "delivered")).toHaveLength(1);
    const keys = (await emailKeys(db, order.orderNo)).filter((k) => !k.startsWith("order_received"));
    expect(keys.sort()).toEqual(
      ["delivered", "out_for_delivery", "shipped"].map(
        (kind) => `${kind}:${order.orderNo}:${order.shipmentId}`,
      ),
    );

    // The shopper's tracking: each parcel with its lines and every event, exactly the contract's fields.
    const tracking = await call(
      trackRoute,
      `/api/orders/track/${order.orderNo}?email=${encodeURIComponent(order.email)}`,
      {
        params: { orderNo: order.orderNo },
        headers: { "x-forwarded-for": `198.51.100.${randomBytes(1)[0]}` },
      },
    );
    expect(tracking.status).toBe(200);
    const [parcel] = tracking.body.shipments as Record<string, unknown>[];
    expect(Object.keys(parcel ?? {}).sort()).toEqual(
      ["carrier", "events", "id", "lines", "service", "status", "trackingNo", "trackingUrl"].sort(),
    );
    expect(parcel).toMatchObject({
      id: order.shipmentId,
      carrier: "simulated",
      status: "delivered",
      lines: [{ sku: order.item.sku, qty: 2 }],
    });
    const events = (parcel?.events ?? []) as Record<string, unknown>[];
    expect(events.map((e) => e.status)).toEqual([
      "created",
      "in_transit",
      "in_transit",
      "out_for_delivery",
      "delivered",
    ]);
    expect(events[4]).toEqual({
      at: minutes(4).toISOString(),
      status: "delivered",
      location: expect.any(String),
      description: "Kargo teslim edildi",
    });
  });

  it("the order is delivered only when every parcel is", async () => {
    clock = minutes(0);
    const order = await confirmedOrder("SHK", 2);
    await db.execute(sql`update shipments set status = 'failed' where id = ${order.shipmentId}`);
    const ids: number[] = [];
    for (let i = 0; i < 2; i++) {
      const made = await ship(order.orderNo, { lines: [{ sku: order.item.sku, qty: 1 }] });
      ids.push(Number((made.body.shipment as { id: number }).id));
    }
    await createAtCarrier(db, ids[0] ?? 0, { ...carriers, finalAttempt: false });
    clock = minutes(3);
    await createAtCarrier(db, ids[1] ?? 0, { ...carriers, finalAttempt: false });
    clock = minutes(5); // the first is delivered, the second picked up
    await pollTracking(db, carriers);
    expect(await orderStatus(order.orderNo)).toBe("shipped");
    clock = minutes(8);
    await pollTracking(db, carriers);
    expect(await orderStatus(order.orderNo)).toBe("delivered");
  });
});

describe("labels and pushes", () => {
  it("a label is 404 for no such parcel and 409 LABEL_NOT_READY before the carrier made it", async () => {
    const order = await confirmedOrder("SHL");
    const pending = await call(labelRoute, `/api/admin/shipments/${order.shipmentId}/label`, {
      params: { id: String(order.shipmentId) },
      as: staff,
    });
    expect(pending.status).toBe(409);
    expect(pending.body.error?.code).toBe("LABEL_NOT_READY");
    for (const id of ["999999999", "abc"]) {
      const missing = await call(labelRoute, `/api/admin/shipments/${id}/label`, {
        params: { id },
        as: staff,
      });
      expect(missing.status).toBe(404);
    }
    expect((await call(labelRoute, "/x", { params: { id: String(order.shipmentId) } })).status).toBe(401);
  });

  it("a push is 404 for an unknown or unconfigured carrier and 400 for one without a push API", async () => {
    const push = (carrier: string) =>
      call(pushRoute, `/api/webhooks/carriers/${carrier}`, {
        method: "POST",
        params: { carrier },
        body: { trackingNo: "1", status: "delivered" },
      });
    expect((await push("ups")).status).toBe(404);
    expect((await push("mng")).status).toBe(404);
    const simulatedPush = await push("simulated");
    expect(simulatedPush.status).toBe(400);
    expect(simulatedPush.body.error?.code).toBe("PUSH_NOT_SUPPORTED");
    expect((await push("aras")).body.error?.code).toBe("PUSH_NOT_SUPPORTED");
  });
});
