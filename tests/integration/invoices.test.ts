import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import type Stripe from "stripe";
import { extractText } from "unpdf";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as creditNoteRoute } from "@/app/api/orders/[orderNo]/credit-notes/[number]/route";
import { GET as invoiceRoute } from "@/app/api/orders/[orderNo]/invoice/route";
import { findUserById, type PublicUser } from "@/lib/accounts/users";
import { checkoutSchema } from "@/lib/checkout/schemas";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import type { InvoiceDocument } from "@/lib/invoices/document";
import { submitToEarsiv } from "@/lib/invoices/earsiv";
import { renderInvoicePdf } from "@/lib/invoices/pdf";
import { rememberOrder } from "@/lib/orders/access";
import { refundOrder } from "@/lib/orders/refunds";
import { transitionOrder } from "@/lib/orders/staff";
import { confirmFromProvider, receiveStripeEvent } from "@/lib/payments/events";
import { check } from "@/lib/validation";
import { BASE, makeUser, newKey, offlineOrder, unpaidCardOrder } from "./admin-support";
import {
  cartWith,
  checkoutInput,
  oneSku,
  place,
  q,
  startFakeStripeEnv,
  uniqueEmail,
} from "./checkout-support";

// Invoices and credit notes: issued with the payment or the staff confirmation, once per order; their
// PDF (text read back with a PDF parser); the download route's access; the e-Arşiv job.

const session = vi.hoisted(() => ({ user: null as PublicUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string) => {
      jar.set(name, value);
    },
  }),
}));

const fake = await startFakeStripeEnv();
const db = getDb();
const staff = { actor: "Deniz (staff)", locale: "tr" as const };

afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  jar.clear();
  session.user = null;
});

async function pay(intentId: string) {
  const { event } = await fake.succeed(intentId);
  return receiveStripeEvent(db, event as unknown as Stripe.Event);
}

async function documentsOf(orderId: string) {
  return q<{ kind: string; number: string; document: InvoiceDocument }>(
    db,
    sql`select kind, number, document from invoices where order_id = ${orderId} order by id`,
  );
}

async function pdfText(document: InvoiceDocument) {
  const { text } = await extractText(new Uint8Array(await renderInvoicePdf(document)), { mergePages: true });
  return text;
}

const download = (orderNo: string) =>
  invoiceRoute(new NextRequest(`${BASE}/api/orders/${orderNo}/invoice`), {
    params: Promise.resolve({ orderNo }),
  });

describe("invoice buyer at checkout", () => {
  const parse = (invoice: unknown) =>
    check(checkoutSchema, { ...checkoutInput("a@example.com"), invoice }, "tr");

  it("defaults to an individual and checks the TCKN and the company's VKN", () => {
    expect(parse(undefined).ok).toBe(true);
    expect(parse({ type: "individual", nationalId: "10000000146" })).toMatchObject({
      ok: true,
      data: { invoice: { type: "individual", nationalId: "10000000146" } },
    });
    expect(parse({ type: "individual", nationalId: "10000000147" })).toEqual({
      ok: false,
      fields: { "invoice.nationalId": "Geçerli bir T.C. Kimlik No girin (11 hane)." },
    });
    expect(parse({ type: "corporate" })).toEqual({
      ok: false,
      fields: {
        "invoice.name": "Şirket unvanını girin.",
        "invoice.taxOffice": "Vergi dairesini girin.",
        "invoice.taxNumber": "Vergi kimlik numarasını girin.",
      },
    });
    const wrongVkn = check(
      checkoutSchema,
      {
        ...checkoutInput("a@example.com"),
        invoice: { type: "corporate", name: "Ağaç Ltd.", taxOffice: "Üsküdar", taxNumber: "1234567891" },
      },
      "en",
    );
    expect(wrongVkn).toEqual({
      ok: false,
      fields: { "invoice.taxNumber": "Enter a valid tax number (10 digits)." },
    });
  });
});

describe("issuing", () => {
  it("invoices a card order once when it is paid, however often the notification comes", async () => {
    const order = await unpaidCardOrder(db, "INV-CARD", { qty: 3 });
    expect(await documentsOf(order.orderId)).toEqual([]);
    const { event } = await fake.succeed(order.intentId);
    // The webhook twice at once, and the shopper's return from the payment page asking Stripe meanwhile.
    await Promise.all([
      receiveStripeEvent(db, event as unknown as Stripe.Event),
      receiveStripeEvent(db, event as unknown as Stripe.Event),
      confirmFromProvider(db, order.orderNo),
    ]);
    await receiveStripeEvent(db, event as unknown as Stripe.Event);
    const docs = await documentsOf(order.orderId);
    expect(docs).toHaveLength(1);
    expect(docs[0]?.number).toMatch(/^CRS\d{4}\d{9}$/);
    const [row] = await q<{ subtotal: string; tax: string; total: string }>(
      db,
      sql`select subtotal, tax, total from orders where id = ${order.orderId}`,
    );
    const doc = docs[0]?.document as InvoiceDocument;
    expect(doc.totals.total).toBe(Number(row?.total));
    expect(doc.totals.tax).toBe(Number(row?.tax));
    expect(doc.taxes.reduce((sum, t) => sum + t.amount, 0)).toBe(Number(row?.tax));
    expect(doc.buyer).toMatchObject({ type: "individual", name: "Ayşe Yılmaz" });
  });

  it("invoices an offline order when staff confirm it, with the company chosen at checkout", async () => {
    const item = await oneSku(db, "INV-CORP", 10, 123_450);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const invoice = {
      type: "corporate",
      name: "Çağrı Işık Ticaret Ltd. Şti.",
      taxOffice: "Kadıköy",
      taxNumber: "4840847211",
    };
    const placed = await place(
      db,
      cartId,
      checkoutInput(uniqueEmail("corp"), { paymentMethod: "bank_transfer", invoice }),
    );
    expect(await documentsOf(placed.orderId)).toEqual([]);
    await transitionOrder(db, placed.orderNo, { to: "processing" }, staff);
    const [doc] = await documentsOf(placed.orderId);
    expect(doc?.document.buyer).toMatchObject(invoice);

    const text = await pdfText(doc?.document as InvoiceDocument);
    const seller = doc?.document.seller;
    expect(text).toContain(seller?.taxNumber);
    expect(text).toContain(seller?.legalName);
    expect(text).toContain("Çağrı Işık Ticaret Ltd. Şti.");
    expect(text).toContain("4840847211");
    expect(text).toContain(doc?.number);
    for (const tax of doc?.document.taxes ?? []) {
      expect(text).toContain(`Hesaplanan KDV (%${tax.rateBp / 100})`);
      expect(text).toContain(
        new Intl.NumberFormat("tr-TR", { style: "currency", currency: "TRY" }).format(tax.amount / 100),
      );
    }
    const total = doc?.document.totals.total ?? 0;
    expect(text).toContain(
      new Intl.NumberFormat("tr-TR", { style: "currency", currency: "TRY" }).format(total / 100),
    );
    expect(text).toContain(doc?.document.amountInWords);
    expect(doc?.document.amountInWords).toMatch(/^Yalnız .* Türk lirası/);
  });

  it("prints the order's own KDV figures, one line per item and the shipping", async () => {
    const order = await offlineOrder(db, "INV-FIG", { qty: 2, price: 99_990 });
    await transitionOrder(db, order.orderNo, { to: "processing" }, staff);
    const [doc] = await documentsOf(order.orderId);
    const [row] = await q<{ pricing: { taxLines: unknown } }>(
      db,
      sql`select pricing from orders where id = ${order.orderId}`,
    );
    expect(doc?.document.taxes).toEqual(row?.pricing.taxLines);
    const lines = doc?.document.lines ?? [];
    expect(lines.reduce((sum, l) => sum + l.amount, 0)).toBe(doc?.document.totals.total);
    expect(lines.reduce((sum, l) => sum + l.tax, 0)).toBe(doc?.document.totals.tax);
  });
});

describe("credit notes", () => {
  it("issues one per refund, for the refunded units, in their own series", async () => {
    const order = await unpaidCardOrder(db, "INV-REF", { qty: 3 });
    expect(await pay(order.intentId)).toBe("applied");
    const first = await refundOrder(
      db,
      order.orderNo,
      { items: [{ sku: order.item.sku, qty: 1, restock: true }], reason: "damaged" },
      newKey(),
      staff,
    );
    await refundOrder(db, order.orderNo, { amount: 1_000, reason: "goodwill" }, newKey(), staff);
    const docs = await documentsOf(order.orderId);
    expect(docs.map((d) => d.kind)).toEqual(["invoice", "credit_note", "credit_note"]);
    const [invoice, byUnits, byAmount] = docs.map((d) => d.document);
    expect(byUnits?.number).toMatch(/^CRI\d{13}$/);
    expect(byUnits?.invoiceNumber).toBe(invoice?.number);
    expect(byUnits?.totals.total).toBe(first.body.refund.amount);
    expect(byUnits?.lines).toMatchObject([{ sku: order.item.sku, qty: 1 }]);
    expect(byAmount?.totals.total).toBe(1_000);
    expect(byAmount?.taxes.reduce((sum, t) => sum + t.amount, 0)).toBeGreaterThan(0);
    const text = await pdfText(byUnits as InvoiceDocument);
    expect(text).toContain("e-Arşiv İade Faturası");
    expect(text).toContain(invoice?.number);
  });

  it("gives back the whole invoice's KDV when a paid order is cancelled", async () => {
    const order = await unpaidCardOrder(db, "INV-CAN", { qty: 2 });
    await pay(order.intentId);
    await transitionOrder(db, order.orderNo, { to: "cancelled" }, staff);
    const [invoice, credit] = (await documentsOf(order.orderId)).map((d) => d.document);
    expect(credit?.kind).toBe("credit_note");
    expect(credit?.totals.total).toBe(invoice?.totals.total);
    expect(credit?.taxes.map((t) => [t.rateBp, t.amount])).toEqual(
      invoice?.taxes.map((t) => [t.rateBp, t.amount]),
    );
  });
});

describe("GET /api/orders/{orderNo}/invoice", () => {
  it("answers 409 INVOICE_NOT_READY before payment, then the PDF; 404 for a stranger", async () => {
    const owner = await makeUser(db, "customer");
    const order = await unpaidCardOrder(db, "INV-DL");
    await db.execute(sql`update orders set user_id = ${owner.id} where id = ${order.orderId}`);
    session.user = await findUserById(db, owner.id);

    const early = await download(order.orderNo);
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe("INVOICE_NOT_READY");

    await pay(order.intentId);
    const ok = await download(order.orderNo);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/pdf");
    const { text } = await extractText(new Uint8Array(await ok.arrayBuffer()), { mergePages: true });
    expect(text).toContain("Ayşe Yılmaz");

    const stranger = await makeUser(db, "customer");
    session.user = await findUserById(db, stranger.id);
    const refused = await download(order.orderNo);
    expect(refused.status).toBe(404);
    session.user = null;
    expect((await download(order.orderNo)).status).toBe(404);
    expect((await download("SF-1999-000000")).status).toBe(404);

    // A guest sees it from the browser that placed the order, as the order page.
    await rememberOrder(order.orderNo);
    expect((await download(order.orderNo)).status).toBe(200);
  });

  it("serves the order's credit notes by number", async () => {
    const order = await unpaidCardOrder(db, "INV-CNDL");
    await pay(order.intentId);
    await refundOrder(db, order.orderNo, { amount: 500, reason: "goodwill" }, newKey(), staff);
    const [, credit] = await documentsOf(order.orderId);
    await rememberOrder(order.orderNo);
    const get = (number: string) =>
      creditNoteRoute(new NextRequest(`${BASE}/api/orders/${order.orderNo}/credit-notes/${number}`), {
        params: Promise.resolve({ orderNo: order.orderNo, number }),
      });
    expect((await get(credit?.number ?? "")).status).toBe(200);
    expect((await get("CRI2026999999999")).status).toBe(404);
  });
});

describe("e-Arşiv", () => {
  it("the development integrator records what would be sent; a failing one is retried", async () => {
    const order = await offlineOrder(db, "INV-EA");
    await transitionOrder(db, order.orderNo, { to: "processing" }, staff);
    const [{ id } = { id: 0 }] = await q<{ id: number }>(
      db,
      sql`select id from invoices where order_id = ${order.orderId}`,
    );
    const jobs = await q<{ n: number }>(
      db,
      sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'submit_earsiv' and key = ${`earsiv:${id}`}`,
    );
    expect(jobs[0]?.n).toBe(1);

    const broken = {
      development: {
        name: "development",
        submit: async () => {
          throw new Error("integrator unreachable");
        },
        status: async () => "pending" as const,
      },
    };
    await expect(submitToEarsiv(db, id, broken)).rejects.toThrow("integrator unreachable");
    const [failed] = await q<{ status: string; attempts: number; error: string }>(
      db,
      sql`select status, attempts, error from earsiv_submissions where invoice_id = ${id}`,
    );
    expect(failed).toEqual({ status: "failed", attempts: 1, error: "integrator unreachable" });

    // An integrator that takes the document but accepts it later: sent once, asked again on the retry.
    let accepted = false;
    const submitted: string[] = [];
    const slow = {
      development: {
        name: "development",
        submit: async (_db: unknown, { document }: { document: InvoiceDocument }) => {
          submitted.push(document.number);
          return `SLOW-${document.uuid}`;
        },
        status: async () => (accepted ? ("accepted" as const) : ("pending" as const)),
      },
    };
    await expect(submitToEarsiv(db, id, slow)).rejects.toThrow("not accepted");
    accepted = true;
    await submitToEarsiv(db, id, slow);
    expect(submitted).toHaveLength(1);
    const [slowRow] = await q<{ status: string; reference: string; attempts: number }>(
      db,
      sql`select status, reference, attempts from earsiv_submissions where invoice_id = ${id}`,
    );
    expect(slowRow).toMatchObject({ status: "accepted", attempts: 3 });
    expect(slowRow?.reference).toMatch(/^SLOW-/);

    // The development integrator, on another document.
    const other = await offlineOrder(db, "INV-EA2");
    await transitionOrder(db, other.orderNo, { to: "processing" }, staff);
    const [{ id: otherId } = { id: 0 }] = await q<{ id: number }>(
      db,
      sql`select id from invoices where order_id = ${other.orderId}`,
    );
    await submitToEarsiv(db, otherId);
    await submitToEarsiv(db, otherId);
    const [sent] = await q<{ status: string; reference: string }>(
      db,
      sql`select status, reference from earsiv_submissions where invoice_id = ${otherId}`,
    );
    expect(sent?.status).toBe("accepted");
    expect(sent?.reference).toMatch(/^DEV-/);
    const outbox = await q<{ payload: { number: string; seller: { vkn: string } } }>(
      db,
      sql`select payload from earsiv_dev_outbox where invoice_id = ${otherId}`,
    );
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.payload.seller.vkn).toMatch(/^\d{10}$/);
    expect(env().EARSIV_INTEGRATOR).toBe("development");
  });

  it("refuses to change an issued invoice", async () => {
    const order = await offlineOrder(db, "INV-IMM");
    await transitionOrder(db, order.orderNo, { to: "processing" }, staff);
    await expect(
      db.execute(sql`update invoices set document = '{}'::jsonb where order_id = ${order.orderId}`),
    ).rejects.toThrow();
  });
});
