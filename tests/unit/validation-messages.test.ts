import { describe, expect, it } from "vitest";
import { z } from "zod";
import { addressSchema, registerSchema } from "@/lib/accounts/schemas";
import { checkoutFormSchema, checkoutSchema, idempotencyKeySchema } from "@/lib/checkout/schemas";
import { addressForm } from "@/lib/forms/account";
import { parseForm } from "@/lib/forms/parse";
import type { Locale } from "@/lib/i18n/locale";
import { check } from "@/lib/validation";

/** Words of zod's own messages (English and its Turkish locale) and of conform's. */
const LIBRARY_WORDS =
  /invalid input|invalid option|too (small|big)|expected|received|geçersiz (değer|girdi|seçenek)|çok (küçük|büyük)|beklenen|alınan/i;

/** What zod itself would say about the same input, in both its languages. */
function zodTexts(schema: z.ZodType, input: unknown): string[] {
  const texts: string[] = [];
  for (const locale of [z.locales.en(), z.locales.tr()]) {
    const result = schema.safeParse(input, { error: locale.localeError });
    if (!result.success) texts.push(...result.error.issues.map((issue) => issue.message));
  }
  return texts;
}

function expectStoreWords(messages: string[], zodSays: string[] = []) {
  expect(messages.length).toBeGreaterThan(0);
  for (const message of messages) {
    expect(message).not.toMatch(LIBRARY_WORDS);
    expect(zodSays).not.toContain(message);
    expect(message.trim()).not.toBe("");
  }
}

const address = {
  name: "Ayşe Yılmaz",
  line1: "Bağdat Caddesi 12",
  district: "Kadıköy",
  city: "İstanbul",
  postalCode: "34710",
  country: "TR",
  phone: "+905551112233",
};

/** Bad bodies of every kind: missing, wrong types, too long, unknown choices, unknown places. */
const badCheckouts: unknown[] = [
  undefined,
  null,
  "text",
  [],
  {},
  {
    email: 1,
    shippingAddress: 2,
    shippingMethod: [],
    paymentMethod: {},
    expectedTotal: "x",
    installments: 1.5,
  },
  {
    email: "not-an-email",
    shippingAddress: { ...address, name: "x".repeat(500), city: "Istanbull", country: "ZZ", phone: null },
    billingAddress: { ...address, district: "Çankaya" },
    shippingMethod: "teleport",
    paymentMethod: "barter",
    expectedTotal: -5,
    installments: 99,
  },
  {
    email: "a@b.co",
    shippingAddress: { ...address, city: 34, district: ["Kadıköy"], postalCode: 34710, line2: {} },
    shippingMethod: "standard",
    paymentMethod: "cash_on_delivery",
    installments: 0,
  },
  { email: "a@b.co", shippingAddress: { ...address, district: "" }, shippingMethod: "standard" },
];

describe("no library text reaches a page or an API answer", () => {
  for (const locale of ["tr", "en"] as Locale[]) {
    it(`checkout, address and registration bodies (${locale})`, () => {
      const cases: [z.ZodType, unknown][] = [
        ...badCheckouts.map((input) => [checkoutSchema, input] as [z.ZodType, unknown]),
        [addressSchema, { ...address, city: "Ankara" }],
        [addressSchema, { ...address, city: "", district: "x".repeat(300) }],
        [addressSchema, 42],
        [registerSchema, { email: "", password: 5, name: "x".repeat(500) }],
        [registerSchema, { email: ["a"], password: "short" }],
        [registerSchema, "nope"],
        [idempotencyKeySchema, "short"],
        [idempotencyKeySchema, "ünicode-key-with-spaces in it"],
        [idempotencyKeySchema, undefined],
        // A rule whose text was spelled inline in English: still the store's words.
        [z.object({ code: z.string().refine(() => false, "Inline English text") }), { code: "x" }],
      ];
      for (const [schema, input] of cases) {
        const result = check(schema, input, locale);
        expect(result.ok).toBe(false);
        if (result.ok) continue;
        expectStoreWords(Object.values(result.fields), zodTexts(schema, input));
        expect(Object.values(result.fields)).not.toContain("Inline English text");
      }
    });

    it(`checkout and address book forms (${locale})`, () => {
      const posts: [z.ZodType, Record<string, string | string[]>][] = [
        [checkoutFormSchema, {}],
        [
          checkoutFormSchema,
          {
            idempotencyKey: "x",
            email: "@",
            "shipping.city": "Narnia",
            "shipping.district": "Kadıköy",
            "shipping.country": "TR",
            "shipping.postalCode": "ABCDE",
            shippingMethod: "teleport",
            paymentMethod: "barter",
            expectedTotal: "lots",
            installments: ["1", "2"],
          },
        ],
        [addressForm, { city: "İstanbul", district: "Çankaya", country: "TR", id: "x".repeat(100) }],
        [addressForm, { city: "Ankara", country: "TR", defaultShipping: "maybe" }],
      ];
      for (const [schema, post] of posts) {
        const data = new FormData();
        for (const [name, value] of Object.entries(post)) {
          for (const one of Array.isArray(value) ? value : [value]) data.append(name, one);
        }
        const parsed = parseForm(schema, data, locale);
        expect(parsed.ok).toBe(false);
        if (parsed.ok) continue;
        expectStoreWords(Object.values(parsed.state.fields ?? {}));
      }
    });
  }

  it("an empty box and a wrong value get different words", () => {
    const empty = check(checkoutSchema, { ...(badCheckouts[8] as object), email: undefined }, "tr");
    const wrong = check(checkoutSchema, { ...(badCheckouts[8] as object), email: 5 }, "tr");
    expect(empty.ok || empty.fields.email).toBe("Bu alan zorunludur.");
    expect(wrong.ok || wrong.fields.email).toBe("Bu değer geçerli değil.");
  });
});
