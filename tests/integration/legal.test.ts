// The legal texts at checkout: the pre-information form and the distance sales contract rendered from the
// cart (GET /api/legal/pre-contract), acceptance required by the checkout, the accepted text stored with
// the order as it was shown and never changed, the texts' versions, and staff input kept from the HTML.
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { saveLegalTextAction, saveSellerAction } from "@/app/actions/admin-settings";
import { GET as attachmentRoute } from "@/app/api/admin/mailbox/[id]/attachments/[index]/route";
import { GET as preContractRoute } from "@/app/api/legal/pre-contract/route";
import { CART_COOKIE, signCartId } from "@/lib/cart/token";
import { checkoutOnce } from "@/lib/checkout/service";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { contractFile, orderContract, privacyNotice } from "@/lib/legal/contracts";
import { renderLegalText } from "@/lib/legal/render";
import { currentLegalTexts, legalTextHistory, saveLegalText } from "@/lib/legal/texts";
import { formatMoney } from "@/lib/money";
import { listDevEmails } from "@/lib/notifications/mailbox";
import { sendEmailJob } from "@/lib/notifications/sender";
import { mailboxTransport } from "@/lib/notifications/transport";
import { saveSellerIdentity, sellerIdentity } from "@/lib/seller/settings";
import { actAs, form } from "./action-support";
import { call, makeUser } from "./admin-support";
import {
  appError,
  cartRows,
  cartWith,
  checkoutInput,
  clearCardProviderEnv,
  extraPool,
  oneSku,
  place,
  q,
  reservationsOf,
  stockOf,
  tag,
  uniqueEmail,
} from "./checkout-support";

clearCardProviderEnv();
vi.mock("@/lib/auth/session", async () => (await import("./action-support")).authSession);
vi.mock("next-intl/server", async () => (await import("./action-support")).nextIntlServer);
vi.mock("next/cache", async () => (await import("./action-support")).nextCache);

// The request's cookies, as next/headers would read them in a route handler.
const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => jar.has(name),
  }),
}));

const money = (amount: number) => formatMoney(amount, "TRY", "tr");

afterEach(() => {
  jar.clear();
  actAs(null);
});

describe("GET /api/legal/pre-contract", () => {
  it("renders both documents for the cart, the choices and the typed buyer; 409 CART_EMPTY without a cart", async () => {
    actAs(null);
    const empty = await call(preContractRoute, "/api/legal/pre-contract?shippingMethod=standard");
    expect(empty.status).toBe(409);
    expect(empty.body.error?.code).toBe("CART_EMPTY");

    const db = getDb();
    const item = await oneSku(db, "PRE", 5, 12_500);
    const cartId = await cartWith(db, [[item.sku, 2]]);
    jar.set(CART_COOKIE, signCartId(cartId, env().AUTH_SECRET));
    const query = new URLSearchParams({
      shippingMethod: "standard",
      paymentMethod: "cash_on_delivery",
      email: "zeynep@ornek.com",
      name: "Zeynep Kaya",
      phone: "0532 123 45 67",
      line1: "Moda Cad. 5",
      district: "Kadıköy",
      city: "İstanbul",
      postalCode: "34710",
      country: "TR",
    });
    const answer = await call(preContractRoute, `/api/legal/pre-contract?${query}`);
    expect(answer.status).toBe(200);
    const { version, preInformation, contract } = answer.body as {
      version: { preInformation: number; contract: number };
      preInformation: string;
      contract: string;
    };
    const texts = await currentLegalTexts(db);
    expect(version).toEqual({
      preInformation: texts.pre_information.version,
      contract: texts.distance_contract.version,
    });
    const seller = await sellerIdentity(db);
    for (const html of [preInformation, contract]) {
      expect(html).toContain(seller.legalName);
      expect(html).toContain(seller.taxNumber);
      expect(html).toContain("Zeynep Kaya");
      expect(html).toContain("Moda Cad. 5, 34710 Kadıköy / İstanbul, Türkiye");
      expect(html).toContain(item.sku);
      expect(html).toContain(`<td>2</td><td>${money(12_500)}</td>`);
      expect(html).toContain("Kapıda ödeme");
    }
    expect(preInformation).toContain("14 (on dört) gün");
    expect(preInformation).toContain("Tüketici Hakem Heyeti");

    // An emptied cart is refused like no cart.
    await db.execute(sql`delete from cart_items where cart_id = ${cartId}`);
    const emptied = await call(preContractRoute, "/api/legal/pre-contract");
    expect([emptied.status, emptied.body.error?.code]).toEqual([409, "CART_EMPTY"]);
  });
});

describe("staff input in the texts", () => {
  it("is escaped: no tag a body, the seller's identity or the buyer typed reaches the HTML", async () => {
    const seller = await sellerIdentity(getDb());
    const hostile = '<img src=x onerror="alert(1)">';
    const document = {
      seller: { ...seller, legalName: `<b>Çarşı</b> & "Ortakları"` },
      buyer: { name: hostile, email: "a@b.co", phone: "", address: "" },
      delivery: { address: "", method: "", time: "" },
      billingAddress: "",
      paymentMethod: "",
      orderNo: "",
      date: new Date(),
      currency: "TRY",
      items: [
        { name: "<script>x()</script>", sku: "S-1", qty: 1, unitPrice: 100, lineTotal: 100, rateBp: 2000 },
      ],
      totals: { subtotal: 100, discount: 0, shipping: 0, fees: 0, tax: 17, total: 100, taxIncluded: true },
      returnsUrl: "http://localhost:3000/orders/track",
    };
    const html = renderLegalText(
      `## <h1>Başlık</h1>\n\n<script>alert("x")</script> {{seller.legalName}} / {{buyer.name}}\n\n- <a href="javascript:1">bağlantı</a>\n\n{{items}}\n\n{{unknown.thing}}`,
      document,
    );
    expect(html).not.toMatch(/<(script|img|a|b|h1)[\s>]/);
    expect(html).toContain("<h3>&lt;h1&gt;Başlık&lt;/h1&gt;</h3>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("&lt;b&gt;Çarşı&lt;/b&gt; &amp; &quot;Ortakları&quot;");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("<li>&lt;a href=&quot;javascript:1&quot;&gt;bağlantı&lt;/a&gt;</li>");
    expect(html).toContain("<td>&lt;script&gt;x()&lt;/script&gt;</td>");
    // An unknown placeholder stays as typed (and saving such a body is refused, below).
    expect(html).toContain("{{unknown.thing}}");
  });
});

describe("legal text versions", () => {
  it("every save is the next version, also when staff save at once; old versions stay; unknown placeholders are refused", async () => {
    const db = getDb();
    const before = (await currentLegalTexts(db)).privacy.version;
    const first = await saveLegalText(db, "privacy", "Aydınlatma {{seller.legalName}} — 1", "Yönetici");
    expect(first.version).toBe(before + 1);

    const pool = extraPool(10);
    try {
      const saved = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          saveLegalText(pool.db, "privacy", `Sürüm ${i}`, `Personel ${i}`),
        ),
      );
      expect(saved.map((s) => s.version).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 10 }, (_, i) => first.version + 1 + i),
      );
    } finally {
      await pool.client.end();
    }
    const history = await legalTextHistory(db, "privacy");
    expect(history[0]?.version).toBe(first.version + 10);
    expect(history.find((v) => v.version === first.version)).toMatchObject({
      body: "Aydınlatma {{seller.legalName}} — 1",
      author: "Yönetici",
    });
    expect(history.at(-1)?.version).toBe(1);

    const refused = await appError(saveLegalText(db, "privacy", "Merhaba {{buyer.shoeSize}}", "Yönetici"));
    expect(refused.code).toBe("VALIDATION_FAILED");
    expect((await currentLegalTexts(db)).privacy.version).toBe(first.version + 10);
  });
});

describe("checkout acceptance", () => {
  it("without acceptedTerms: 422 TERMS_NOT_ACCEPTED, no order, no stock held, the cart as it was", async () => {
    const db = getDb();
    const item = await oneSku(db, "TERMS", 4);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const email = uniqueEmail("terms");
    const before = {
      stock: await stockOf(db, item.id),
      reservations: await reservationsOf(db, item.id),
      cart: await cartRows(db, cartId),
    };
    for (const acceptedTerms of [false, undefined]) {
      const checkout = { ...checkoutInput(email, { paymentMethod: "cash_on_delivery" }), acceptedTerms };
      const key = `terms-${tag()}`;
      const error = await appError(checkoutOnce(db, { cartId, userId: null, checkout, locale: "tr", key }));
      expect([error.code, error.status]).toEqual(["TERMS_NOT_ACCEPTED", 422]);
      const [held] = await q<{ n: number }>(
        db,
        sql`select count(*)::int as n from idempotency_keys where key = ${key}`,
      );
      expect(held?.n).toBe(0);
    }
    const [orders] = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from orders where email = ${email}`,
    );
    expect(orders?.n).toBe(0);
    expect(await stockOf(db, item.id)).toEqual(before.stock);
    expect(await reservationsOf(db, item.id)).toEqual(before.reservations);
    expect(await cartRows(db, cartId)).toEqual(before.cart);
  });
});

describe("the accepted contract", () => {
  it("is stored with the order as rendered, and stays byte-identical after the product and the texts change", async () => {
    const db = getDb();
    const item = await oneSku(db, "KEEP", 5, 19_990);
    const cartId = await cartWith(db, [[item.sku, 3]]);
    const email = uniqueEmail("keep");
    const texts = await currentLegalTexts(db);
    const { orderNo, orderId } = await place(
      db,
      cartId,
      checkoutInput(email, { paymentMethod: "bank_transfer", address: { name: "Elif Demir" } }),
    );
    const stored = await orderContract(db, orderNo);
    if (!stored) throw new Error("no contract stored");
    expect(stored.version).toEqual({
      preInformation: texts.pre_information.version,
      contract: texts.distance_contract.version,
    });
    const [order] = await q<{ total: string }>(db, sql`select total from orders where id = ${orderId}`);
    for (const html of [stored.preInformation, stored.contract]) {
      expect(html).toContain("Elif Demir");
      expect(html).toContain(email);
      expect(html).toContain(item.sku);
      expect(html).toContain(`KEEP-`);
      expect(html).toContain(`<td>3</td><td>${money(19_990)}</td>`);
      expect(html).toContain(money(Number(order?.total)));
      expect(html).toContain("Havale / EFT");
    }
    expect(stored.contract).toContain(orderNo);

    // Staff rename the product, reprice it, and save new texts and a new seller name.
    await db.execute(
      sql`update products set name_tr = 'Yeni ad', name_en = 'New name' where id = ${item.productId}`,
    );
    await db.execute(sql`update variants set price = 1 where id = ${item.id}`);
    await saveLegalText(db, "pre_information", "Yeni form {{buyer.name}}", "Yönetici");
    await saveLegalText(db, "distance_contract", "Yeni sözleşme {{items}}", "Yönetici");
    const seller = await sellerIdentity(db);
    await saveSellerIdentity(db, { ...seller, legalName: "Başka Unvan A.Ş." }, "Yönetici");
    try {
      const again = await orderContract(db, orderNo);
      expect(again).toEqual(stored);
      expect(again?.contract).not.toContain("Yeni");
    } finally {
      await saveSellerIdentity(db, seller, "Yönetici");
    }
  });

  it("refuses every change and deletion (and so do the text versions)", async () => {
    const db = getDb();
    const item = await oneSku(db, "IMMUT", 2);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const { orderId } = await place(
      db,
      cartId,
      checkoutInput(uniqueEmail("immut"), { paymentMethod: "cash_on_delivery" }),
    );
    const refusal = async (statement: ReturnType<typeof sql>) => {
      const error = await db.execute(statement).then(
        () => null,
        (e: { cause?: { code?: string; message?: string } }) => e.cause ?? e,
      );
      return error as { code?: string; message?: string } | null;
    };
    for (const statement of [
      sql`update order_contracts set contract = '<p>başka</p>' where order_id = ${orderId}`,
      sql`delete from order_contracts where order_id = ${orderId}`,
      sql`update legal_texts set body = 'değişti' where version = 1`,
      sql`delete from legal_texts where version = 1`,
    ]) {
      const error = await refusal(statement);
      expect(error?.code).toBe("23001");
      expect(error?.message).toMatch(/immutable/);
    }
    const [kept] = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from order_contracts where order_id = ${orderId} and contract <> '<p>başka</p>'`,
    );
    expect(kept?.n).toBe(1);
  });

  it("is attached to the order confirmation email, as stored", async () => {
    const db = getDb();
    const item = await oneSku(db, "MAIL", 2);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const email = uniqueEmail("mail");
    const { orderNo } = await place(db, cartId, checkoutInput(email, { paymentMethod: "cash_on_delivery" }));
    const eventKey = `order_received:${orderNo}`;
    await sendEmailJob(
      db,
      { eventKey, message: { kind: "order_received", to: email, locale: "tr", orderNo } },
      { transport: mailboxTransport() },
    );
    const [sent] = await q<{ attachments: { filename: string; contentType: string; content: string }[] }>(
      db,
      sql`select attachments from dev_emails where event_key = ${eventKey}`,
    );
    const stored = await orderContract(db, orderNo);
    if (!stored) throw new Error("no contract stored");
    expect(sent?.attachments).toEqual([contractFile(stored)]);
    expect(sent?.attachments[0]?.filename).toBe(`mesafeli-satis-sozlesmesi-${orderNo}.html`);
    expect(sent?.attachments[0]?.content).toContain(stored.contract);
  });
});

describe("/admin/settings", () => {
  it("saves a text as its next version and the seller's identity; refusals come back at their inputs in Turkish", async () => {
    const db = getDb();
    const admin = await makeUser(db, "admin", "Yönetici Ayşe");
    actAs(admin);
    const before = (await currentLegalTexts(db)).privacy.version;
    const saved = await saveLegalTextAction(
      form({ kind: "privacy", body: "## Aydınlatma\n\n<script>alert(1)</script> {{seller.legalName}}" }),
    );
    expect(saved).toMatchObject({
      status: "ok",
      message: `KVKK aydınlatma metni: sürüm ${before + 1} kaydedildi.`,
    });
    const [latest] = await legalTextHistory(db, "privacy");
    expect(latest).toMatchObject({ version: before + 1, author: "Yönetici Ayşe" });
    const notice = await privacyNotice(db);
    expect(notice.version).toBe(before + 1);
    expect(notice.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(notice.html).toContain((await sellerIdentity(db)).legalName);

    const unknown = await saveLegalTextAction(form({ kind: "privacy", body: "Merhaba {{buyer.shoeSize}}" }));
    expect(unknown).toMatchObject({
      status: "error",
      fields: { body: "Bilinmeyen yer tutucu: buyer.shoeSize" },
    });
    expect((await currentLegalTexts(db)).privacy.version).toBe(before + 1);

    const seller = await sellerIdentity(db);
    const fields = Object.fromEntries(Object.entries(seller).map(([name, value]) => [name, String(value)]));
    const refused = await saveSellerAction(form({ ...fields, taxNumber: "12" }));
    expect(refused).toMatchObject({ status: "error" });
    expect(Object.keys((refused as unknown as { fields: object }).fields)).toEqual(["taxNumber"]);
    try {
      const ok = await saveSellerAction(
        form({ ...fields, legalName: "Moda Ticaret Ltd. Şti.", kepAddress: "" }),
      );
      expect(ok).toMatchObject({ status: "ok", message: "Satıcı bilgileri kaydedildi." });
      expect(await sellerIdentity(db)).toEqual({
        ...seller,
        legalName: "Moda Ticaret Ltd. Şti.",
        kepAddress: "",
      });
    } finally {
      await saveSellerIdentity(db, seller, "test");
    }
  });

  it("lets staff open an email's attachment from the development mailbox, and nobody else", async () => {
    const db = getDb();
    const item = await oneSku(db, "ATT", 2);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const email = uniqueEmail("att");
    const { orderNo } = await place(db, cartId, checkoutInput(email, { paymentMethod: "cash_on_delivery" }));
    const eventKey = `order_received:${orderNo}`;
    await sendEmailJob(
      db,
      { eventKey, message: { kind: "order_received", to: email, locale: "tr", orderNo } },
      { transport: mailboxTransport() },
    );
    const [sent] = await q<{ id: number }>(db, sql`select id from dev_emails where event_key = ${eventKey}`);
    const listed = (await listDevEmails(db)).entries.find((entry) => entry.eventKey === eventKey);
    expect(listed?.attachments).toBe(1);
    const path = `/api/admin/mailbox/${sent?.id}/attachments/0`;
    const params = { id: String(sent?.id), index: "0" };
    const staff = await makeUser(db, "staff");
    const customer = await makeUser(db, "customer");
    const stored = await orderContract(db, orderNo);
    const request = new NextRequest(`http://localhost${path}`, { headers: { cookie: staff.cookie } });
    const opened = await attachmentRoute(request, { params: Promise.resolve(params) });
    expect(opened.status).toBe(200);
    expect(opened.headers.get("content-security-policy")).toBe("sandbox");
    expect(await opened.text()).toContain(stored?.contract ?? "missing");
    expect((await call(attachmentRoute, path, { params, as: customer })).status).toBe(403);
    expect((await call(attachmentRoute, path, { params })).status).toBe(401);
    const missing = await call(attachmentRoute, path, { params: { ...params, index: "1" }, as: staff });
    expect([missing.status, missing.body.error?.code]).toEqual([404, "NOT_FOUND"]);
  });
});
