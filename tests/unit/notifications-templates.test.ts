import { describe, expect, it } from "vitest";
import type { Env } from "@/lib/env";
import { EMAIL_KINDS, type EmailKind, type EmailMessage } from "@/lib/notifications/emails";
import { EmailContentError, type EmailOrder, renderOrderEmail } from "@/lib/notifications/templates";
import { transportFor } from "@/lib/notifications/transport";
import { messages } from "@/messages";

const site = { storeName: "Çarşı", appUrl: "https://carsi.example/" };

const order: EmailOrder = {
  orderNo: "SF-2026-001234",
  currency: "TRY",
  locale: "tr",
  billingName: "Ayşe Yılmaz",
  taxIncluded: true,
  subtotal: 159_800,
  discount: 15_980,
  shipping: 0,
  tax: 23_970,
  fees: 1_500,
  total: 145_320,
  items: [
    { name: "Pamuklu Tişört", variantName: "Siyah / M", qty: 2, lineTotal: 99_800 },
    { name: "Kupa <Özel>", variantName: "Beyaz", qty: 1, lineTotal: 60_000 },
  ],
};

function message(kind: EmailKind, locale: "tr" | "en", data?: EmailMessage["data"]): EmailMessage {
  return { kind, to: "ayse@example.com", locale, orderNo: order.orderNo, data };
}

const DATA: Record<EmailKind, EmailMessage["data"]> = {
  order_received: undefined,
  payment_confirmed: undefined,
  payment_failed: undefined,
  shipped: { carrier: "Yurtiçi Kargo", trackingNo: "YK123456789" },
  out_for_delivery: {
    carrier: "Yurtiçi Kargo",
    trackingNo: "YK123456789",
    trackingUrl: "https://kargo.example/takip?no=YK123456789",
  },
  delivered: undefined,
  refunded: { amount: 60_000 },
  return_requested: { returnNo: "IAD-2026-001001" },
  return_approved: { returnNo: "IAD-2026-001001" },
  return_rejected: { returnNo: "IAD-2026-001001" },
  return_received: { returnNo: "IAD-2026-001001" },
};

describe("order email templates", () => {
  it("renders every kind in Turkish and English with different subjects, the items and the totals", async () => {
    for (const kind of EMAIL_KINDS) {
      const tr = await renderOrderEmail(message(kind, "tr", DATA[kind]), order, site);
      const en = await renderOrderEmail(message(kind, "en", DATA[kind]), order, site);
      expect(tr.subject).not.toBe(en.subject);
      expect(tr.subject).toContain(order.orderNo);
      expect(en.subject).toContain(order.orderNo);
      for (const email of [tr, en]) {
        expect(email.html).toContain("Çarşı");
        expect(email.html).toContain("Ayşe Yılmaz");
        expect(email.html).toContain("Pamuklu Tişört");
        expect(email.html).toContain("Siyah / M");
        // Escaped by React, never raw markup from a product name.
        expect(email.html).toContain("Kupa &lt;Özel&gt;");
        expect(email.text).toContain("Pamuklu Tişört");
        expect(email.text).toContain(order.orderNo);
      }
      expect(tr.html).toContain('lang="tr"');
      expect(en.html).toContain('lang="en"');
      // Totals in the order's currency and the message's language.
      expect(tr.html).toContain("₺1.453,20");
      expect(tr.html).toContain("₺998,00");
      expect(tr.html).toContain("−₺159,80");
      expect(tr.html).toContain("₺15,00");
      expect(tr.html).toContain("Dahil KDV");
      expect(tr.html).toContain("₺239,70");
      expect(tr.text).toContain("₺1.453,20");
      expect(en.html).toContain("TRY");
      expect(en.html).toContain("1,453.20");
    }
  });

  it("uses the message namespace of both languages with the same keys", () => {
    const keys = (value: unknown, prefix = ""): string[] =>
      typeof value === "object" && value
        ? Object.entries(value).flatMap(([k, v]) => keys(v, `${prefix}${k}.`))
        : [prefix];
    expect(keys(messages.en.email).sort()).toEqual(keys(messages.tr.email).sort());
  });

  it("shows the carrier, the tracking number and the tracking link for a shipped order", async () => {
    const email = await renderOrderEmail(message("shipped", "tr", DATA.shipped), order, site);
    expect(email.html).toContain("Yurtiçi Kargo");
    expect(email.html).toContain("YK123456789");
    expect(email.html).toContain('href="https://carsi.example/orders/track"');
    expect(email.text).toContain("YK123456789");
  });

  it("links the carrier's tracking page when the event names it", async () => {
    const email = await renderOrderEmail(
      message("out_for_delivery", "tr", DATA.out_for_delivery),
      order,
      site,
    );
    expect(email.subject).toBe("Siparişiniz dağıtımda (SF-2026-001234)");
    expect(email.html).toContain('href="https://kargo.example/takip?no=YK123456789"');
  });

  it("shows the refunded amount", async () => {
    const tr = await renderOrderEmail(message("refunded", "tr", DATA.refunded), order, site);
    expect(tr.html).toContain("İade tutarı");
    expect(tr.html).toContain("₺600,00");
    const en = await renderOrderEmail(message("refunded", "en", DATA.refunded), order, site);
    expect(en.html).toContain("Refunded amount");
  });

  it("links a failed payment to the order page to try again", async () => {
    const email = await renderOrderEmail(message("payment_failed", "en", undefined), order, site);
    expect(email.html).toContain('href="https://carsi.example/orders/SF-2026-001234"');
    expect(email.html).toContain("Try the payment again");
  });

  it("refuses events that lack what they must show", async () => {
    await expect(
      renderOrderEmail(message("shipped", "tr", { carrier: "Aras" }), order, site),
    ).rejects.toThrow(EmailContentError);
    await expect(renderOrderEmail(message("refunded", "tr", { amount: "10" }), order, site)).rejects.toThrow(
      EmailContentError,
    );
  });
});

describe("email delivery settings", () => {
  it("sends through Resend only with RESEND_API_KEY, else keeps emails in the mailbox", () => {
    const base: Pick<Env, "RESEND_API_KEY" | "NODE_ENV"> = { NODE_ENV: "test", RESEND_API_KEY: undefined };
    expect(transportFor(base).name).toBe("mailbox");
    expect(transportFor({ ...base, RESEND_API_KEY: "re_123" }).name).toBe("resend");
  });
});
