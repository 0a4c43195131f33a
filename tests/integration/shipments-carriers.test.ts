// The shipment flow of issue 14 against each real carrier adapter and its fake (Aras, Yurtiçi, MNG), one
// helper for all three: the create_shipment job makes one shipment at the carrier keyed by the shipment id, a
// crash after the carrier's answer and a re-run still leave one, and the carrier's tracking moves the order to
// shipped then delivered with each event once in the timeline and each email once.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as transitionsRoute } from "@/app/api/admin/orders/[orderNo]/transitions/route";
import { databaseUrl, getDb } from "@/lib/db";
import { drainJobs } from "@/lib/jobs/worker";
import { fromDecimalText } from "@/lib/money";
import { mailboxTransport } from "@/lib/notifications/transport";
import { createAtCarrier, pollTracking } from "@/lib/shipments/service";
import { type Carrier, carrierFor, configuredCarriers } from "@/lib/shipping/carriers";
import { arasIntegrationCode } from "@/lib/shipping/carriers/aras";
import { mngReference } from "@/lib/shipping/carriers/mng";
import { yurticiKey } from "@/lib/shipping/carriers/yurtici";
import { startFakeArasEnv } from "@/tests/support/fake-aras";
import type { FakeCarrier, FakeStage } from "@/tests/support/fake-carrier";
import { startFakeMng } from "@/tests/support/fake-mng";
import { startFakeYurtici } from "@/tests/support/fake-yurtici";
import { call, makeUser, offlineOrder, orderRow, type TestUser } from "./admin-support";
import { clearCardProviderEnv, q } from "./checkout-support";

clearCardProviderEnv();
// The three carriers are configured against their fakes before the environment is first read, so the
// registry (carrierFor) serves the real adapters talking to them.
const YURTICI = { username: "CARSI_YK", password: "yk-Secret-515" };
const MNG = {
  clientId: "carsi-client",
  clientSecret: "mng-client-Secret",
  customerNumber: "330011223",
  password: "mng-Secret-88",
};
const aras = await startFakeArasEnv();
const yurtici = await startFakeYurtici(YURTICI);
const mng = await startFakeMng(MNG);
Object.assign(process.env, {
  YURTICI_USERNAME: YURTICI.username,
  YURTICI_PASSWORD: YURTICI.password,
  YURTICI_API_URL: yurtici.serviceUrl,
  MNG_CLIENT_ID: MNG.clientId,
  MNG_CLIENT_SECRET: MNG.clientSecret,
  MNG_CUSTOMER_NUMBER: MNG.customerNumber,
  MNG_PASSWORD: MNG.password,
  MNG_API_URL: mng.url,
});

const db = getDb();
let staff: TestUser;

beforeAll(async () => {
  staff = await makeUser(db, "staff", "Zeynep Kaya");
});
afterAll(async () => {
  await Promise.all([aras.close(), yurtici.close(), mng.close()]);
});

/** What differs between the carriers; everything else is the one flow below. */
interface CarrierCase {
  name: "aras" | "yurtici" | "mng";
  fake: FakeCarrier;
  /** The carrier's key of a store reference (the adapter's own function: the shipment id is the reference). */
  key: (reference: string) => string;
  /** The cash on delivery the fake holds for a shipment, in kuruş. */
  cod: (key: string) => number | null;
  /** The tracking number the store is given at creation. */
  trackingNo: (key: string) => string;
  trackingPage: string;
  label: { type: string; starts: string };
  /** The label a create retried after a crash brings (MNG's ZPL is only in its first answer: the store's PDF). */
  labelAfterRetry: string;
}

const kurus = (value: unknown) => fromDecimalText(String(value), "TRY");

const CASES: CarrierCase[] = [
  {
    name: "aras",
    fake: aras,
    key: arasIntegrationCode,
    cod: (key) => kurus(aras.shipments.get(key)?.order.CodAmount),
    trackingNo: (key) => key,
    trackingPage: "https://kargotakip.araskargo.com.tr/mainpage.aspx?code=",
    label: { type: "application/pdf", starts: "%PDF-" },
    labelAfterRetry: "application/pdf",
  },
  {
    name: "yurtici",
    fake: yurtici,
    key: yurticiKey,
    cod: (key) => kurus(yurtici.shipments.get(key)?.order.ttInvoiceAmount),
    trackingNo: (key) => key,
    trackingPage: "https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=",
    label: { type: "application/pdf", starts: "%PDF-" },
    labelAfterRetry: "application/pdf",
  },
  {
    name: "mng",
    fake: mng,
    key: mngReference,
    cod: (key) => {
      const order = mng.shipments.get(key)?.order;
      return order?.isCOD === 1 ? kurus(order.codAmount) : null;
    },
    trackingNo: (key) => mng.shipments.get(key)?.shipmentId ?? "",
    trackingPage: "https://www.mngkargo.com.tr/gonderi-takip/?takipNo=",
    label: { type: "application/zpl", starts: "^XA" },
    labelAfterRetry: "application/pdf",
  },
];

const drain = () =>
  drainJobs({ connectionString: databaseUrl(), tasks: { email: { transport: mailboxTransport() } } });

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

async function shipmentOf(orderNo: string) {
  const found = await q<{
    id: string;
    adapter: string;
    status: string;
    tracking_no: string | null;
    tracking_url: string | null;
    label: Buffer | null;
    label_type: string | null;
  }>(
    db,
    sql`select s.id::text, s.adapter, s.status, s.tracking_no, s.tracking_url, s.label, s.label_type
      from shipments s join orders o on o.id = s.order_id where o.order_no = ${orderNo} order by s.id`,
  );
  // One parcel per order here: confirmation parcels every line.
  expect(found).toHaveLength(1);
  return found[0] as (typeof found)[number];
}

async function timeline(orderNo: string) {
  return q<{ type: string; to_status: string | null }>(
    db,
    sql`select e.type, e.to_status from order_events e join orders o on o.id = e.order_id
      where o.order_no = ${orderNo} order by e.id`,
  );
}

/**
 * A cash-on-delivery order whose shipping method names the carrier, confirmed by staff: confirmation
 * requests its parcel at that carrier with a create_shipment job (not run yet).
 */
async function confirmedAt(carrier: CarrierCase, prefix: string) {
  const order = await offlineOrder(db, prefix);
  await db.execute(sql`update shipping_methods m set carrier_code = ${carrier.name} from orders o
    where o.order_no = ${order.orderNo} and m.code = o.shipping_method->>'id'
      and m.carrier = o.shipping_method->>'carrier'`);
  const confirmed = await call(transitionsRoute, `/api/admin/orders/${order.orderNo}/transitions`, {
    method: "POST",
    params: { orderNo: order.orderNo },
    body: { to: "processing" },
    as: staff,
  });
  expect(confirmed.status).toBe(200);
  const parcel = await shipmentOf(order.orderNo);
  expect(parcel).toMatchObject({ adapter: carrier.name, status: "pending" });
  const { total, refunded } = await orderRow(db, order.orderNo);
  return { ...order, shipmentId: parcel.id, owed: total - refunded };
}

describe.each(CASES)("the shipment flow at $name (its fake)", (carrier) => {
  beforeAll(() => {
    expect(configuredCarriers()).toContain(carrier.name);
  });

  it("the create_shipment job makes one shipment at the carrier, keyed by the shipment id, with COD, tracking and label", async () => {
    carrier.fake.reset();
    const order = await confirmedAt(carrier, `SC${carrier.name.slice(0, 2).toUpperCase()}A`);
    const ran = await drain();
    expect(ran.failed).toBe(0);
    const key = carrier.key(order.shipmentId);
    // Exactly one shipment at the carrier, under the shipment id as its reference, collecting what is owed.
    expect(carrier.fake.count()).toBe(1);
    expect(carrier.cod(key)).toBe(order.owed);
    const trackingNo = carrier.trackingNo(key);
    expect(trackingNo).not.toBe("");
    const parcel = await shipmentOf(order.orderNo);
    expect(parcel).toMatchObject({
      status: "created",
      tracking_no: trackingNo,
      tracking_url: carrier.trackingPage + encodeURIComponent(trackingNo),
      label_type: carrier.label.type,
    });
    expect(
      Buffer.from(parcel.label ?? [])
        .subarray(0, carrier.label.starts.length)
        .toString(),
    ).toBe(carrier.label.starts);
  });

  it("a crash after the carrier answered, then the job again, still leaves one shipment at the carrier", async () => {
    carrier.fake.reset();
    const order = await confirmedAt(carrier, `SC${carrier.name.slice(0, 2).toUpperCase()}B`);
    await expect(
      createAtCarrier(db, Number(order.shipmentId), {
        carrierFor: (name) => crashingAfter(carrierFor(name)),
        finalAttempt: false,
      }),
    ).rejects.toThrow("died");
    // The carrier has it; the store does not know yet.
    expect(carrier.fake.count()).toBe(1);
    expect((await shipmentOf(order.orderNo)).status).toBe("pending");
    // The queue runs the job again: the carrier's idempotency (the shipment id) lands on the same shipment.
    expect((await drain()).failed).toBe(0);
    expect(carrier.fake.count()).toBe(1);
    const key = carrier.key(order.shipmentId);
    const parcel = await shipmentOf(order.orderNo);
    expect(parcel).toMatchObject({ status: "created", tracking_no: carrier.trackingNo(key) });
    // MNG gives its ZPL only in the first createbarcode answer, which the crash lost: the store prints a PDF.
    expect(parcel.label_type).toBe(carrier.labelAfterRetry);
    expect(parcel.label?.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("tracking moves the order to shipped then delivered, each event once in the timeline and each email once", async () => {
    carrier.fake.reset();
    const order = await confirmedAt(carrier, `SC${carrier.name.slice(0, 2).toUpperCase()}C`);
    expect((await drain()).failed).toBe(0);
    const key = carrier.key(order.shipmentId);
    // Whole seconds apart in the past: the carriers print times to the second.
    const base = Math.floor(Date.now() / 1000) * 1000 - 3 * 3600_000;
    const move = (stage: FakeStage, hours: number) =>
      carrier.fake.move(key, stage, new Date(base + hours * 3600_000));
    const status = async () => (await orderRow(db, order.orderNo)).status;
    const parcelEvents = async () => (await timeline(order.orderNo)).filter((e) => e.type === "parcel");

    // Created only: no movement, nothing changes.
    await pollTracking(db);
    expect(await status()).toBe("processing");

    move("picked_up", 0);
    await pollTracking(db);
    expect(await status()).toBe("shipped");
    expect((await shipmentOf(order.orderNo)).status).toBe("in_transit");
    // A second poll reads the same event again: nothing new in the timeline.
    await pollTracking(db);
    expect(await parcelEvents()).toHaveLength(1);

    move("out_for_delivery", 1);
    move("delivered", 2);
    await pollTracking(db);
    await pollTracking(db);
    expect(await status()).toBe("delivered");
    expect((await shipmentOf(order.orderNo)).status).toBe("delivered");
    const entries = await timeline(order.orderNo);
    expect(entries.filter((e) => e.type === "parcel")).toHaveLength(3);
    expect(entries.filter((e) => e.to_status === "shipped")).toHaveLength(1);
    expect(entries.filter((e) => e.to_status === "delivered")).toHaveLength(1);
    const [{ n } = { n: -1 }] = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from shipment_events where shipment_id = ${order.shipmentId}`,
    );
    expect(n).toBe(3);

    // The queued emails, sent to the development mailbox: each of the parcel's three exactly once.
    await drain();
    const sent = await q<{ event_key: string }>(
      db,
      sql`select event_key from dev_emails where event_key like ${`%:${order.orderNo}:%`} order by event_key`,
    );
    expect(sent.map((e) => e.event_key)).toEqual(
      ["delivered", "out_for_delivery", "shipped"].map(
        (kind) => `${kind}:${order.orderNo}:${order.shipmentId}`,
      ),
    );
  });
});
