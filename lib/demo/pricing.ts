import { sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { coupons, feeRules, shippingMethods, shippingRates, shippingZones, taxRates } from "@/db/schema";

/** Province codes (first two digits of a Turkish postal code) per price region. */
const MARMARA = ["41", "59", "16", "54", "77", "11", "22", "39", "10", "17", "81"];
const EAST = [
  "65",
  "04",
  "36",
  "76",
  "75",
  "25",
  "24",
  "69",
  "49",
  "13",
  "56",
  "73",
  "30",
  "72",
  "21",
  "47",
  "63",
  "02",
  "44",
  "23",
  "62",
  "12",
  "27",
  "79",
  "46",
  "31",
  "80",
  "08",
  "53",
  "61",
  "29",
];
const ALL_PROVINCES = Array.from({ length: 81 }, (_, i) => String(i + 1).padStart(2, "0"));
const ANATOLIA = ALL_PROVINCES.filter((p) => p !== "34" && !MARMARA.includes(p) && !EAST.includes(p));

const KG = 1000;
/** Brackets by billable weight: up to 1, 3, 5, 10, 20 kg (prices in kuruş, KDV included). */
const brackets = (prices: [number, number, number, number, number]) =>
  [1, 3, 5, 10, 20].map((kg, i) => ({ maxGrams: kg * KG, price: prices[i] as number }));

interface SeedMethod {
  code: "standard" | "express" | "same_day";
  nameTr: string;
  nameEn: string;
  carrier: string;
  eta: [number, number];
  freeThreshold: number | null;
  extraPerKg: number;
  rates: { maxGrams: number; price: number }[];
}

const STANDARD = { code: "standard", nameTr: "Standart teslimat", nameEn: "Standard delivery" } as const;
const EXPRESS = { code: "express", nameTr: "Hızlı teslimat", nameEn: "Express delivery" } as const;

const zones: {
  code: string;
  nameTr: string;
  nameEn: string;
  countries: string[];
  postalPrefixes: string[];
  chargesTax: boolean;
  methods: SeedMethod[];
}[] = [
  {
    code: "istanbul",
    nameTr: "İstanbul",
    nameEn: "Istanbul",
    countries: ["TR"],
    postalPrefixes: ["34"],
    chargesTax: true,
    methods: [
      {
        ...STANDARD,
        carrier: "Yurtiçi Kargo",
        eta: [1, 2],
        freeThreshold: 75000,
        extraPerKg: 500,
        rates: brackets([4990, 6490, 7990, 10990, 15990]),
      },
      {
        ...EXPRESS,
        carrier: "Aras Kargo",
        eta: [1, 1],
        freeThreshold: null,
        extraPerKg: 800,
        rates: brackets([8990, 10990, 12990, 16990, 22990]),
      },
      {
        code: "same_day",
        nameTr: "Aynı gün teslimat",
        nameEn: "Same-day delivery",
        carrier: "MNG Kargo",
        eta: [0, 0],
        freeThreshold: null,
        extraPerKg: 1000,
        rates: brackets([14990, 17990, 21990, 27990, 34990]),
      },
    ],
  },
  {
    code: "marmara",
    nameTr: "Marmara",
    nameEn: "Marmara",
    countries: ["TR"],
    postalPrefixes: MARMARA,
    chargesTax: true,
    methods: [
      {
        ...STANDARD,
        carrier: "Yurtiçi Kargo",
        eta: [1, 3],
        freeThreshold: 75000,
        extraPerKg: 600,
        rates: brackets([5990, 7490, 8990, 12490, 17990]),
      },
      {
        ...EXPRESS,
        carrier: "Aras Kargo",
        eta: [1, 2],
        freeThreshold: null,
        extraPerKg: 900,
        rates: brackets([9990, 11990, 13990, 18490, 24990]),
      },
    ],
  },
  {
    code: "anadolu",
    nameTr: "İç Anadolu, Ege, Akdeniz ve Karadeniz",
    nameEn: "Central Anatolia, Aegean, Mediterranean and Black Sea",
    countries: ["TR"],
    postalPrefixes: ANATOLIA,
    chargesTax: true,
    methods: [
      {
        ...STANDARD,
        carrier: "Yurtiçi Kargo",
        eta: [2, 4],
        freeThreshold: 75000,
        extraPerKg: 700,
        rates: brackets([6990, 8490, 9990, 13990, 19990]),
      },
      {
        ...EXPRESS,
        carrier: "MNG Kargo",
        eta: [1, 2],
        freeThreshold: null,
        extraPerKg: 1000,
        rates: brackets([11990, 13990, 15990, 20990, 27990]),
      },
    ],
  },
  {
    code: "dogu",
    nameTr: "Doğu ve Güneydoğu Anadolu",
    nameEn: "Eastern and South-eastern Anatolia",
    countries: ["TR"],
    postalPrefixes: EAST,
    chargesTax: true,
    methods: [
      {
        ...STANDARD,
        carrier: "PTT Kargo",
        eta: [3, 5],
        freeThreshold: 100000,
        extraPerKg: 900,
        rates: brackets([8990, 10990, 12990, 17990, 24990]),
      },
      {
        ...EXPRESS,
        carrier: "Aras Kargo",
        eta: [2, 3],
        freeThreshold: null,
        extraPerKg: 1200,
        rates: brackets([14990, 16990, 19990, 25990, 33990]),
      },
    ],
  },
  {
    code: "international",
    nameTr: "Yurt dışı",
    nameEn: "International",
    countries: ["DE", "NL", "FR", "BE", "AT", "GB", "GR", "BG", "AZ", "US"],
    postalPrefixes: [],
    chargesTax: false,
    methods: [
      {
        ...STANDARD,
        carrier: "PTT Kargo",
        eta: [7, 14],
        freeThreshold: null,
        extraPerKg: 15000,
        rates: brackets([79990, 119990, 159990, 249990, 399990]),
      },
    ],
  },
];

const DAY = 24 * 60 * 60 * 1000;

/** Shipping zones and rate tables, KDV rates, fees and the demo discount codes. Idempotent. */
export async function seedPricing(tx: Transaction, now: Date): Promise<void> {
  await tx
    .insert(taxRates)
    .values([
      { taxClass: "standard", rateBp: 2000 },
      { taxClass: "reduced", rateBp: 1000 },
      { taxClass: "super_reduced", rateBp: 100 },
      { taxClass: "zero", rateBp: 0 },
    ])
    .onConflictDoNothing();

  await tx
    .insert(feeRules)
    .values([
      {
        kind: "cash_on_delivery",
        nameTr: "Kapıda ödeme hizmet bedeli",
        nameEn: "Cash on delivery fee",
        amount: 2990,
      },
      { kind: "gift_wrap", nameTr: "Hediye paketi", nameEn: "Gift wrapping", amount: 4990 },
    ])
    .onConflictDoNothing();

  for (const [position, zone] of zones.entries()) {
    const { methods, ...values } = zone;
    const [saved] = await tx
      .insert(shippingZones)
      .values({ ...values, position })
      .onConflictDoUpdate({ target: shippingZones.code, set: { ...values, position } })
      .returning({ id: shippingZones.id });
    if (!saved) continue;
    for (const method of methods) {
      const { rates, eta, ...rest } = method;
      const methodValues = { ...rest, zoneId: saved.id, etaMinDays: eta[0], etaMaxDays: eta[1] };
      const [savedMethod] = await tx
        .insert(shippingMethods)
        .values(methodValues)
        .onConflictDoUpdate({ target: [shippingMethods.zoneId, shippingMethods.code], set: methodValues })
        .returning({ id: shippingMethods.id });
      if (!savedMethod) continue;
      await tx.delete(shippingRates).where(sql`${shippingRates.methodId} = ${savedMethod.id}`);
      await tx.insert(shippingRates).values(rates.map((rate) => ({ ...rate, methodId: savedMethod.id })));
    }
  }

  await tx
    .insert(coupons)
    .values([
      { code: "HOSGELDIN10", type: "percent", value: 10, stackable: true },
      { code: "100TL", type: "fixed", value: 10000, minOrder: 75000 },
      { code: "KARGOBEDAVA", type: "free_shipping", stackable: true },
      { code: "YAZ2025", type: "percent", value: 25, expiresAt: new Date(now.getTime() - 30 * DAY) },
      { code: "ILKSIPARIS", type: "percent", value: 15, usageLimit: 1 },
      { code: "KITAP20", type: "percent", value: 20, appliesToCategories: ["kitap"], maxDiscount: 20000 },
      { code: "YILBASI", type: "percent", value: 20, startsAt: new Date(now.getTime() + 30 * DAY) },
    ])
    .onConflictDoNothing();
}
