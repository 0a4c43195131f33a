import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as registerPushTokenRoute } from "@/app/api/account/push-tokens/route";
import type { Database } from "@/db/client";
import { notificationPreferences, setNotificationPreferences } from "@/lib/accounts/preferences";
import { databaseUrl, getDb } from "@/lib/db";
import type { TaskOptions } from "@/lib/jobs/tasks";
import { drainJobs } from "@/lib/jobs/worker";
import { formatMoney } from "@/lib/money";
import { type EmailMessage, enqueueEmail } from "@/lib/notifications/emails";
import { checkPushReceiptsJob } from "@/lib/notifications/push/sender";
import { registerPushToken } from "@/lib/notifications/push/tokens";
import { NETGSM_CODES, netgsmProvider } from "@/lib/notifications/sms/netgsm";
import { turkishMobile } from "@/lib/notifications/sms/phone";
import { type FakeExpo, startFakeExpo } from "@/tests/support/fake-expo";
import { type FakeNetgsm, startFakeNetgsm } from "@/tests/support/fake-netgsm";
import { actAs, form, outcome } from "./action-support";
import { call, makeUser, type TestUser } from "./admin-support";
import { cartWith, checkoutInput, oneSku, place, q, tag, uniqueEmail } from "./checkout-support";

vi.mock("@/lib/auth/session", async () => (await import("./action-support")).authSession);
vi.mock("next-intl/server", async () => (await import("./action-support")).nextIntlServer);
vi.mock("next/cache", async () => (await import("./action-support")).nextCache);
// app/actions/account.ts also holds sign-in, whose next-auth entry point does not load under vitest.
vi.mock("@/lib/auth/config", () => ({ signIn: vi.fn(), signOut: vi.fn() }));

let db: Database;
let netgsm: FakeNetgsm;
let expo: FakeExpo;

beforeAll(async () => {
  db = getDb();
  [netgsm, expo] = await Promise.all([startFakeNetgsm(), startFakeExpo()]);
  // expo-server-sdk reads its base URL when it is first imported, which the push job does lazily.
  process.env.EXPO_BASE_URL = expo.url;
});

afterAll(async () => {
  await Promise.all([netgsm.close(), expo.close()]);
});

const token = () => `ExponentPushToken[${randomBytes(11).toString("base64url")}]`;

/** A customer with these choices and devices. */
async function shopper(choice: { sms: boolean; push: boolean }, devices = 1) {
  const user = await makeUser(db, "customer");
  await setNotificationPreferences(db, user.id, choice);
  const tokens = Array.from({ length: devices }, token);
  for (const t of tokens) await registerPushToken(db, user.id, { token: t, platform: "android" });
  return { user, tokens };
}

/** A cash-on-delivery order through the real checkout (its order_received email queued with it). */
async function orderOf(userId: string | null, phone = "0532 111 22 33") {
  const item = await oneSku(db, `N${tag()}`, 10, 25_000);
  const cartId = await cartWith(db, [[item.sku, 1]]);
  const input = checkoutInput(uniqueEmail("notify"), {
    paymentMethod: "cash_on_delivery",
    address: { phone },
  });
  const { orderNo } = await place(db, cartId, input, new Date(), userId);
  return orderNo;
}

const netgsmSms = () =>
  netgsmProvider({
    usercode: netgsm.usercode,
    password: netgsm.password,
    msgheader: netgsm.msgheader,
    baseUrl: netgsm.url,
  });

function drain(tasks: TaskOptions = {}, concurrency = 2) {
  return drainJobs({ connectionString: databaseUrl(), concurrency, tasks });
}

const events = (orderNo: string) =>
  q<{ event_key: string; task: string; done: boolean }>(
    db,
    sql`select event_key, task, done_at is not null as done from job_events
      where event_key like ${`%${orderNo}%`} order by event_key`,
  );

const devMessages = (eventKey: string) =>
  q<{ channel: string; to: string; title: string | null; body: string }>(
    db,
    sql`select channel, "to", title, body from dev_messages where event_key = ${eventKey} order by id`,
  );

const jobOf = async (eventKey: string) =>
  (
    await q<{ attempts: number; max_attempts: number; last_error: string | null }>(
      db,
      sql`select attempts, max_attempts, last_error from graphile_worker.jobs where key = ${eventKey}`,
    )
  )[0];

const tokensOf = async (userId: string) =>
  (
    await q<{ token: string }>(
      db,
      sql`select token from push_tokens where user_id = ${userId} order by token`,
    )
  ).map((r) => r.token);

function shippedEvent(orderNo: string, extra: Partial<EmailMessage> = {}): EmailMessage {
  return {
    kind: "shipped",
    to: "x@example.com",
    locale: "tr",
    orderNo,
    data: {
      carrier: "Aras Kargo",
      trackingNo: "AR123",
      trackingUrl: "https://kargotakip.araskargo.com.tr/AR123",
    },
    ...extra,
  };
}

describe("queueing an order event", () => {
  it("queues the SMS and push with the email in the order's transaction, once per event", async () => {
    const { user } = await shopper({ sms: true, push: true });
    const orderNo = await orderOf(user.id);
    expect(await events(orderNo)).toEqual([
      { event_key: `order_received:${orderNo}`, task: "send_email", done: false },
      { event_key: `push:order_received:${orderNo}`, task: "send_push", done: false },
      { event_key: `sms:order_received:${orderNo}`, task: "send_sms", done: false },
    ]);
    // The same event again adds nothing.
    await db.transaction((tx) =>
      enqueueEmail(tx, `order_received:${orderNo}`, { ...shippedEvent(orderNo), kind: "order_received" }),
    );
    expect(await events(orderNo)).toHaveLength(3);
  });

  it("leaves no SMS or push job when the change that causes them is rolled back", async () => {
    const { user } = await shopper({ sms: true, push: true });
    const orderNo = await orderOf(user.id);
    const key = `shipped:${orderNo}:1`;
    await expect(
      db.transaction(async (tx) => {
        await enqueueEmail(tx, key, shippedEvent(orderNo));
        throw new Error("the shipment failed");
      }),
    ).rejects.toThrow("the shipment failed");
    const [jobs] = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from graphile_worker.jobs where key like ${`%${key}`}`,
    );
    expect(jobs?.n).toBe(0);
    expect((await events(orderNo)).map((e) => e.event_key)).not.toContain(`sms:${key}`);
  });

  it("sends nothing by SMS or push to an account that did not opt in, nor to a guest", async () => {
    const { user } = await shopper({ sms: false, push: false });
    const mine = await orderOf(user.id);
    const guest = await orderOf(null);
    expect((await events(mine)).map((e) => e.task)).toEqual(["send_email"]);
    expect((await events(guest)).map((e) => e.task)).toEqual(["send_email"]);
    await drain();
    expect(await devMessages(`sms:order_received:${mine}`)).toEqual([]);
    expect(await devMessages(`push:order_received:${mine}`)).toEqual([]);
  });

  it("follows each choice on its own: SMS only, no push job", async () => {
    const { user } = await shopper({ sms: true, push: false });
    const orderNo = await orderOf(user.id);
    expect((await events(orderNo)).map((e) => e.task)).toEqual(["send_email", "send_sms"]);
  });
});

describe("development sinks", () => {
  it("keep one SMS and one push per device, once, with concurrent workers", async () => {
    const { user } = await shopper({ sms: true, push: true }, 2);
    const orderNo = await orderOf(user.id);
    const key = `shipped:${orderNo}:7`;
    await db.transaction((tx) => enqueueEmail(tx, key, shippedEvent(orderNo)));
    await Promise.all([drain({}, 4), drain({}, 4), drain({}, 4)]);
    const [sms] = await devMessages(`sms:${key}`);
    expect(await devMessages(`sms:${key}`)).toHaveLength(1);
    expect(sms).toMatchObject({ channel: "sms", to: "+905321112233" });
    expect(sms?.body).toBe(
      `Çarşı: ${orderNo} siparişiniz kargoda. Aras Kargo takip no: AR123 https://kargotakip.araskargo.com.tr/AR123`,
    );
    const pushes = await devMessages(`push:${key}`);
    expect(pushes).toHaveLength(2);
    expect(pushes[0]).toMatchObject({ channel: "push", title: "Çarşı", body: sms?.body });
    expect((await events(orderNo)).every((e) => e.done)).toBe(true);
  });

  it("write in the order's language, with the refunded amount", async () => {
    const { user } = await shopper({ sms: true, push: false });
    const orderNo = await orderOf(user.id);
    const key = `refunded:${orderNo}:test`;
    await db.transaction((tx) =>
      enqueueEmail(tx, key, {
        kind: "refunded",
        to: "x@example.com",
        locale: "en",
        orderNo,
        data: { amount: 12_550 },
      }),
    );
    await drain();
    const [sms] = await devMessages(`sms:${key}`);
    expect(sms?.body).toBe(`Çarşı: ${formatMoney(12_550, "TRY", "en")} refunded for order ${orderNo}.`);
  });
});

describe("Netgsm", () => {
  it("sends the text with Turkish encoding, the header and the national number", async () => {
    const { user } = await shopper({ sms: true, push: false });
    const orderNo = await orderOf(user.id, "+90 (505) 444 33 22");
    await drain({ sms: { provider: netgsmSms() } });
    const sent = netgsm.sent.filter((s) => s.msg.includes(orderNo));
    expect(sent).toEqual([
      {
        msgheader: "CARSI",
        encoding: "TR",
        iysfilter: "0",
        no: "5054443322",
        msg: `Çarşı: ${orderNo} numaralı siparişinizi aldık, teşekkürler.`,
      },
    ]);
    expect((await events(orderNo)).find((e) => e.task === "send_sms")?.done).toBe(true);
    expect(await devMessages(`sms:order_received:${orderNo}`)).toEqual([]);
  });

  for (const [code, { retry }] of Object.entries(NETGSM_CODES)) {
    it(`code ${code}: ${retry ? "retried later" : "given up at once"}, nothing marked sent`, async () => {
      const { user } = await shopper({ sms: true, push: false });
      netgsm.refuseWith = null;
      const orderNo = await orderOf(user.id);
      netgsm.refuseWith = code;
      try {
        await drain({ sms: { provider: netgsmSms() } });
      } finally {
        netgsm.refuseWith = null;
      }
      const job = await jobOf(`sms:order_received:${orderNo}`);
      expect(job?.attempts).toBe(1);
      expect(job?.last_error).toContain(`Netgsm ${code}`);
      expect(job?.max_attempts).toBe(retry ? 10 : 1);
      expect((await events(orderNo)).find((e) => e.task === "send_sms")?.done).toBe(false);
    });
  }

  it("retries when Netgsm answers without a code (a 503 page)", async () => {
    const { user } = await shopper({ sms: true, push: false });
    const orderNo = await orderOf(user.id);
    netgsm.refuseWith = "503";
    try {
      await drain({ sms: { provider: netgsmSms() } });
    } finally {
      netgsm.refuseWith = null;
    }
    expect(await jobOf(`sms:order_received:${orderNo}`)).toMatchObject({ attempts: 1, max_attempts: 10 });
  });

  it("gives up on a shipping phone that is not a Turkish mobile", async () => {
    const { user } = await shopper({ sms: true, push: false });
    const orderNo = await orderOf(user.id);
    // Checkout takes Turkish mobiles only; an older order (or one staff edited) may hold anything.
    await db.execute(sql`update orders set shipping_address = shipping_address || '{"phone": "+49 30 1234567"}'
      where order_no = ${orderNo}`);
    await drain({ sms: { provider: netgsmSms() } });
    expect(await jobOf(`sms:order_received:${orderNo}`)).toMatchObject({ attempts: 1, max_attempts: 1 });
    expect(netgsm.sent.some((s) => s.msg.includes(orderNo))).toBe(false);
  });

  it("normalizes Turkish mobile numbers", () => {
    expect(turkishMobile("0532 111 22 33")).toBe("+905321112233");
    expect(turkishMobile("+90 532 111-22-33")).toBe("+905321112233");
    expect(turkishMobile("905321112233")).toBe("+905321112233");
    expect(turkishMobile("5321112233")).toBe("+905321112233");
    expect(turkishMobile("0216 111 22 33")).toBeNull();
    expect(turkishMobile("+44 7700 900123")).toBeNull();
  });
});

describe("Expo push (expo-server-sdk against the fake)", () => {
  const viaExpo: TaskOptions = { push: { provider: "expo" } };

  it("sends to every device, removes a token Expo reports DeviceNotRegistered, checks receipts later", async () => {
    const { user, tokens } = await shopper({ sms: false, push: true }, 3);
    const [kept, stale, goneLater] = tokens as [string, string, string];
    expo.unregistered.add(stale);
    expo.goneLater.add(goneLater);
    const orderNo = await orderOf(user.id);
    await drain(viaExpo);
    const sent = expo.sendRequests.flat().filter((m) => m.body?.includes(orderNo));
    expect(sent.map((m) => m.to).sort()).toEqual([...tokens].sort());
    expect(sent[0]).toMatchObject({ title: "Çarşı", data: { orderNo } });
    expect(await tokensOf(user.id)).toEqual([kept, goneLater].sort());
    expect((await events(orderNo)).find((e) => e.task === "send_push")?.done).toBe(true);

    // The receipts' job waits (PUSH_RECEIPT_DELAY_SECONDS); run it now with its payload.
    const [receiptJob] = await q<{ payload: { receipts: Record<string, string> } }>(
      db,
      sql`select payload from graphile_worker._private_jobs where key = ${`receipts:push:order_received:${orderNo}`}`,
    );
    expect(Object.values(receiptJob?.payload.receipts ?? {}).sort()).toEqual([kept, goneLater].sort());
    await checkPushReceiptsJob(db, receiptJob?.payload);
    expect(await tokensOf(user.id)).toEqual([kept]);
  });

  it("sends in the SDK's chunks of 100 (gzipped bodies included)", async () => {
    const { user } = await shopper({ sms: false, push: true }, 150);
    const orderNo = await orderOf(user.id);
    await drain(viaExpo);
    const requests = expo.sendRequests.filter((r) => r.some((m) => m.body?.includes(orderNo)));
    expect(requests.map((r) => r.length)).toEqual([100, 50]);
    expect(await tokensOf(user.id)).toHaveLength(150);
  });

  it("retries when Expo refuses the request, its error naming no token", async () => {
    const { user, tokens } = await shopper({ sms: false, push: true });
    const orderNo = await orderOf(user.id);
    expo.accessToken = "expo-project-token";
    try {
      await drain(viaExpo);
    } finally {
      expo.accessToken = null;
    }
    const job = await jobOf(`push:order_received:${orderNo}`);
    expect(job).toMatchObject({ attempts: 1, max_attempts: 10, last_error: "Expo 401 UNAUTHORIZED" });
    expect(await tokensOf(user.id)).toEqual(tokens);
    expect((await events(orderNo)).find((e) => e.task === "send_push")?.done).toBe(false);
  });
});

describe("POST /api/account/push-tokens", () => {
  const path = "/api/account/push-tokens";
  let ayse: TestUser;
  let mehmet: TestUser;

  beforeAll(async () => {
    ayse = await makeUser(db, "customer");
    mehmet = await makeUser(db, "customer");
  });

  it("registers a device (201) and moves it to the account that registers it next", async () => {
    const device = token();
    actAs(ayse);
    const first = await call(registerPushTokenRoute, path, {
      method: "POST",
      body: { token: device, platform: "ios" },
    });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ token: device, platform: "ios" });
    expect(await tokensOf(ayse.id)).toEqual([device]);
    actAs(mehmet);
    const again = await call(registerPushTokenRoute, path, {
      method: "POST",
      body: { token: device, platform: "android" },
    });
    expect(again.status).toBe(201);
    expect(await tokensOf(ayse.id)).toEqual([]);
    expect(await tokensOf(mehmet.id)).toEqual([device]);
  });

  it("refuses a malformed token or platform (400, in the shopper's language) and stores nothing", async () => {
    actAs(ayse);
    const bad = await call(registerPushTokenRoute, path, {
      method: "POST",
      body: { token: "not-a-token", platform: "ios" },
      headers: { "accept-language": "en" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe("VALIDATION_FAILED");
    expect(bad.body.error?.details.fields).toMatchObject({
      token: "Enter a valid Expo push token (ExponentPushToken[…]).",
    });
    const platform = await call(registerPushTokenRoute, path, {
      method: "POST",
      body: { token: token(), platform: "windows" },
    });
    expect(platform.status).toBe(400);
    expect(platform.body.error?.details.fields).toHaveProperty("platform");
    expect(await tokensOf(ayse.id)).toEqual([]);
  });

  it("answers 401 when signed out", async () => {
    actAs(null);
    const anonymous = await call(registerPushTokenRoute, path, {
      method: "POST",
      body: { token: token(), platform: "ios" },
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error?.code).toBe("UNAUTHORIZED");
  });
});

describe("the preferences form in /account", () => {
  it("saves the choices (off by default) and sends a signed-out visitor to sign in", async () => {
    const { saveNotificationPreferencesAction } = await import("@/app/actions/account");
    const user = await makeUser(db, "customer");
    expect(await notificationPreferences(db, user.id)).toEqual({ sms: false, push: false });
    actAs(user);
    const saved = await saveNotificationPreferencesAction({ status: "idle" }, form({ sms: "on" }));
    expect(saved).toMatchObject({ status: "ok", message: "Bildirim tercihleriniz kaydedildi." });
    expect(await notificationPreferences(db, user.id)).toEqual({ sms: true, push: false });
    await saveNotificationPreferencesAction({ status: "idle" }, form({ push: "on" }));
    expect(await notificationPreferences(db, user.id)).toEqual({ sms: false, push: true });
    actAs(null);
    expect(
      await outcome(() => saveNotificationPreferencesAction({ status: "idle" }, form({ sms: "on" }))),
    ).toEqual({
      kind: "redirect",
      to: "/login?next=%2Faccount",
    });
  });
});
