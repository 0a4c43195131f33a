import { count, sql } from "drizzle-orm";
import { type Database, rows } from "@/db/client";
import { orders } from "@/db/schema";
import { addItem } from "@/lib/cart/service";
import { newCartId } from "@/lib/cart/token";
import { checkoutSchema } from "@/lib/checkout/schemas";
import { placeOrder } from "@/lib/checkout/service";
import { applyCoupon } from "@/lib/coupons/service";
import { isAppError } from "@/lib/errors";
import { refundOrder } from "@/lib/orders/refunds";
import { transitionOrder } from "@/lib/orders/staff";
import { confirmFromProvider } from "@/lib/payments/events";
import type { PaymentSession } from "@/lib/payments/provider";
import { DEMO_STAFF } from "./staff";

/**
 * A month of orders for the demo store, so a newcomer's first look at /admin shows a working shop: every
 * order goes through the store's own services (cart, checkout, staff transitions, refunds, the card
 * provider), dated over the last 30 days, so stock, the ledger, code usage and the dashboard agree with it.
 * Card orders (paid, failed, waiting) are made only when a card provider is there to take them
 * (`payCard`: the simulated iyzico of `npm run dev`); the rest pay on delivery or by bank transfer.
 */

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

const SHOPPERS = [
  { name: "Ayşe Yılmaz", city: "İstanbul", district: "Kadıköy", postalCode: "34710" },
  { name: "Mehmet Demir", city: "Ankara", district: "Çankaya", postalCode: "06420" },
  { name: "Zeynep Kaya", city: "İzmir", district: "Karşıyaka", postalCode: "35540" },
  { name: "Emre Şahin", city: "Bursa", district: "Nilüfer", postalCode: "16110" },
  { name: "Elif Çelik", city: "Antalya", district: "Muratpaşa", postalCode: "07100" },
  { name: "Can Öztürk", city: "İstanbul", district: "Beşiktaş", postalCode: "34353" },
];

/** The same month every time (a seeded generator), so two demo stores look alike. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Fate =
  | "awaiting"
  | "processing"
  | "shipped"
  | "delivered"
  | "cancelled"
  | "partially_refunded"
  | "refunded"
  | "paid"
  | "payment_failed"
  | "pending_payment";

/** Today's orders, one of each card outcome when a provider takes cards. */
const TODAY_WITH_CARDS: Fate[] = ["paid", "payment_failed", "pending_payment", "awaiting"];

/** What becomes of an order placed `age` days ago (older orders have gone further). */
function fateOf(age: number, roll: number, cards: boolean): Fate {
  if (age <= 1) return roll < 0.6 ? "awaiting" : cards && roll < 0.8 ? "paid" : "processing";
  if (age <= 4) return roll < 0.5 ? "processing" : roll < 0.9 ? "shipped" : "cancelled";
  if (roll < 0.08) return "cancelled";
  if (roll < 0.14) return "refunded";
  if (roll < 0.22) return "partially_refunded";
  return age <= 8 && roll < 0.5 ? "shipped" : "delivered";
}

export async function seedDemoOrders(
  db: Database,
  options: {
    now?: Date;
    /** Pays (or declines) a card session at the provider, as the shopper would on its page. */
    payCard?: (session: PaymentSession, outcome: "paid" | "declined") => Promise<void>;
  },
): Promise<number> {
  const [existing] = await db.select({ n: count() }).from(orders);
  if ((existing?.n ?? 0) > 0) return 0;
  const now = options.now ?? new Date();
  // Well-stocked variants, so the month never empties a shelf the demo catalogue shows.
  const skus = (
    await rows<{ sku: string }>(
      db,
      sql`select v.sku from variants v join inventory i on i.variant_id = v.id join products p on p.id = v.product_id
        where p.active and i.on_hand - i.reserved >= 20 order by v.sku`,
    )
  ).map((row) => row.sku);
  if (skus.length === 0) return 0;
  const random = generator(20_261_104);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const staff = (at: Date) => ({ actor: DEMO_STAFF.name, locale: "tr" as const, now: at });
  let placed = 0;

  for (let age = 29; age >= 0; age--) {
    const today = age === 0 && options.payCard ? TODAY_WITH_CARDS : null;
    const perDay = today?.length ?? 1 + Math.floor(random() * 3);
    for (let n = 0; n < perDay; n++) {
      // Today's orders came in over the last hours; earlier days' through the day.
      const at = new Date(
        now.getTime() - age * DAY - (age === 0 ? 1 + n : 8 + Math.floor(random() * 12)) * HOUR,
      );
      const fate = today?.[n] ?? fateOf(age, random(), Boolean(options.payCard));
      const shopper = pick(SHOPPERS);
      const cartId = newCartId();
      const lines = 1 + Math.floor(random() * 2);
      try {
        for (let line = 0; line < lines; line++) {
          await addItem(db, { cartId }, { sku: pick(skus), qty: 1 + Math.floor(random() * 2) }, at);
        }
        if (random() < 0.25) await applyCoupon(db, { cartId, code: "HOSGELDIN10", userId: null }, at);
        const card = fate === "paid" || fate === "payment_failed" || fate === "pending_payment";
        const checkout = checkoutSchema.parse({
          email: `${shopper.name.toLocaleLowerCase("tr").split(" ")[0]}.${placed + 1}@ornek.com`
            .normalize("NFD")
            .replace(/[^\w.@-]/g, ""),
          shippingAddress: {
            name: shopper.name,
            line1: `${pick(["Atatürk", "Cumhuriyet", "İstiklal", "Bağdat"])} Caddesi No: ${1 + Math.floor(random() * 90)}`,
            district: shopper.district,
            city: shopper.city,
            postalCode: shopper.postalCode,
            country: "TR",
            phone: "+905551112233",
          },
          shippingMethod: "standard",
          paymentMethod: card ? "card" : pick(["cash_on_delivery", "bank_transfer"] as const),
          acceptedTerms: true,
        });
        const result = await placeOrder(db, { cartId, userId: null, checkout, locale: "tr" }, at);
        placed++;
        const orderNo = result.order.orderNo;
        const later = (hours: number) => new Date(Math.min(at.getTime() + hours * HOUR, now.getTime()));
        if (card && result.payment.provider !== "manual" && options.payCard && fate !== "pending_payment") {
          await options.payCard(result.payment, fate === "payment_failed" ? "declined" : "paid");
          await confirmFromProvider(db, orderNo, later(0.1));
          continue;
        }
        const steps: ("processing" | "shipped" | "delivered" | "cancelled")[] =
          fate === "awaiting" || card
            ? []
            : fate === "processing"
              ? ["processing"]
              : fate === "shipped"
                ? ["processing", "shipped"]
                : fate === "cancelled"
                  ? ["cancelled"]
                  : ["processing", "shipped", "delivered"];
        for (const [index, to] of steps.entries()) {
          await transitionOrder(
            db,
            orderNo,
            to === "shipped"
              ? { to, carrier: "Yurtiçi Kargo", trackingNo: `YK${at.getTime()}${index}` }
              : { to },
            staff(later(6 + index * 20)),
          );
        }
        if (fate === "refunded" || fate === "partially_refunded") {
          const total = result.order.totals.total;
          await refundOrder(
            db,
            orderNo,
            {
              amount: fate === "refunded" ? total : Math.max(1, Math.floor(total / 3)),
              reason: fate === "refunded" ? "Müşteri iade etti" : "Hasarlı ürün",
            },
            `demo-${orderNo}`,
            staff(later(80)),
          );
        }
      } catch (error) {
        // A demo order the stock or a code's limit refuses is left out; the month has enough.
        if (!isAppError(error)) throw error;
      }
    }
  }
  return placed;
}
