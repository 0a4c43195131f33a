import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { POST as checkoutRoute } from "@/app/api/checkout/route";
import { GET as districtsRoute } from "@/app/api/locations/tr/provinces/[code]/districts/route";
import { GET as provincesRoute } from "@/app/api/locations/tr/provinces/route";
import { users } from "@/db/schema";
import { createAddress, getAddress } from "@/lib/accounts/addresses";
import { DUMMY_HASH } from "@/lib/accounts/password";
import { addressSchema } from "@/lib/accounts/schemas";
import { getDb } from "@/lib/db";
import { addressForm } from "@/lib/forms/account";
import { parseForm } from "@/lib/forms/parse";
import { validate } from "@/lib/validation";
import { messages } from "@/messages";
import {
  cartWith,
  checkoutInput,
  clearCardProviderEnv,
  oneSku,
  place,
  q,
  uniqueEmail,
} from "./checkout-support";

clearCardProviderEnv();
// The checkout route checks its body before it looks for the shopper's cart: no session is reached.
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => null }));

const get = (path: string, language = "tr") =>
  new NextRequest(`http://localhost:3000${path}`, { headers: { "accept-language": language } });

describe("GET /api/locations/tr/…", () => {
  it("lists the 81 provinces, publicly cacheable", async () => {
    const response = await provincesRoute(get("/api/locations/tr/provinces"), {
      params: Promise.resolve({}),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    const body = (await response.json()) as { code: string; name: string }[];
    expect(body).toHaveLength(81);
    expect(body[0]).toEqual({ code: "01", name: "Adana" });
    expect(body).toContainEqual({ code: "34", name: "İstanbul" });
    expect(body).toContainEqual({ code: "63", name: "Şanlıurfa" });
  });

  it("lists a province's districts; an unknown province is 404 NOT_FOUND in the request's language", async () => {
    const districts = (code: string, language?: string) =>
      districtsRoute(get(`/api/locations/tr/provinces/${code}/districts`, language), {
        params: Promise.resolve({ code }),
      });
    const istanbul = await districts("34");
    expect(istanbul.status).toBe(200);
    expect(istanbul.headers.get("cache-control")).toMatch(/^public/);
    const body = (await istanbul.json()) as { code: string; name: string }[];
    expect(body).toContainEqual({ code: "kadikoy", name: "Kadıköy" });
    expect(body.map((d) => d.name)).not.toContain("Çankaya");

    for (const [code, language] of [
      ["99", "tr"],
      ["00", "en"],
      ["İstanbul", "tr"],
    ] as const) {
      const missing = await districts(code, language);
      expect(missing.status).toBe(404);
      expect(missing.headers.get("cache-control") ?? "").not.toMatch(/public/);
      expect((await missing.json()).error).toMatchObject({
        code: "NOT_FOUND",
        message: messages[language].errors.NOT_FOUND,
      });
    }
  });
});

const body = {
  email: "adres@example.com",
  shippingAddress: {
    name: "Ayşe Yılmaz",
    line1: "Bağdat Caddesi 12",
    district: "Kadıköy",
    city: "İstanbul",
    postalCode: "34710",
    country: "TR",
    phone: "+905551112233",
  },
  shippingMethod: "standard",
  paymentMethod: "cash_on_delivery",
};

async function postCheckout(address: Record<string, unknown>, language: "tr" | "en") {
  const response = await checkoutRoute(
    new NextRequest("http://localhost:3000/api/checkout", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "accept-language": language,
        "idempotency-key": `locations-${randomBytes(6).toString("hex")}`,
      },
      body: JSON.stringify({ ...body, shippingAddress: { ...body.shippingAddress, ...address } }),
    }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, body: await response.json() };
}

describe("a Turkish address is checked against the list", () => {
  it("POST /api/checkout: an unknown province or district is 400 at its field, in the request's language", async () => {
    const tr = messages.tr.account.validation;
    const en = messages.en.account.validation;
    const province = await postCheckout({ city: "Istanbull" }, "tr");
    expect(province.status).toBe(400);
    expect(province.body.error.code).toBe("VALIDATION_FAILED");
    expect(province.body.error.details.fields).toEqual({ "shippingAddress.city": tr.provinceTr });

    const district = await postCheckout({ city: "Ankara", district: "Kadıköy" }, "en");
    expect(district.status).toBe(400);
    expect(district.body.error.details.fields).toEqual({
      "shippingAddress.district": en.districtTr.replace("{province}", "Ankara"),
    });

    const missing = await postCheckout({ district: undefined }, "tr");
    expect(missing.body.error.details.fields).toEqual({
      "shippingAddress.district": messages.tr.forms.required,
    });

    // The billing address follows the same rules.
    const billing = await checkoutRoute(
      new NextRequest("http://localhost:3000/api/checkout", {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": "locations-billing-1" },
        body: JSON.stringify({ ...body, billingAddress: { ...body.shippingAddress, district: "Nowhere" } }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(billing.status).toBe(400);
    expect(Object.keys((await billing.json()).error.details.fields)).toEqual(["billingAddress.district"]);
  });

  it("other countries keep free text", () => {
    expect(
      validate(
        addressSchema,
        { ...body.shippingAddress, country: "DE", city: "Berlin", district: "", postalCode: "10115" },
        "tr",
      ),
    ).toMatchObject({ city: "Berlin", district: "" });
  });

  it("a checkout typed the ASCII way stores the proper names on the order", async () => {
    const db = getDb();
    const item = await oneSku(db, "LOC", 5);
    const cartId = await cartWith(db, [[item.sku, 1]]);
    const { orderNo } = await place(
      db,
      cartId,
      checkoutInput(uniqueEmail("konum"), {
        paymentMethod: "cash_on_delivery",
        address: { city: "ISTANBUL", district: "kadikoy" },
      }),
    );
    const [row] = await q<{ city: string; district: string }>(
      db,
      sql`select shipping_address->>'city' as city, shipping_address->>'district' as district
          from orders where order_no = ${orderNo}`,
    );
    expect(row).toEqual({ city: "İstanbul", district: "Kadıköy" });
  });

  it("the address book's form refuses at its inputs and stores the proper names", async () => {
    const form = (values: Record<string, string>) => {
      const data = new FormData();
      for (const [name, value] of Object.entries({
        name: "Ayşe Yılmaz",
        line1: "Bağdat Caddesi 12",
        postalCode: "34710",
        country: "TR",
        phone: "0555 111 22 33",
        ...values,
      })) {
        data.append(name, value);
      }
      return data;
    };
    const refused = parseForm(addressForm, form({ city: "Stambul", district: "Kadıköy" }), "tr");
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.state.fields).toEqual({ city: messages.tr.account.validation.provinceTr });
      expect(refused.values).toMatchObject({ city: "Stambul", district: "Kadıköy" });
    }
    const noDistrict = parseForm(addressForm, form({ city: "İstanbul" }), "en");
    expect(noDistrict.ok ? {} : noDistrict.state.fields).toEqual({ district: messages.en.forms.required });

    const parsed = parseForm(addressForm, form({ city: "izmir", district: "KARSIYAKA" }), "tr");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { id: _id, defaultShipping: _s, defaultBilling: _b, ...address } = parsed.data;
    const db = getDb();
    const [user] = await db
      .insert(users)
      .values({ email: uniqueEmail("defter"), name: "Defter", passwordHash: DUMMY_HASH })
      .returning({ id: users.id });
    if (!user) throw new Error("no user");
    const saved = await createAddress(db, user.id, address);
    expect(await getAddress(db, user.id, saved.id)).toMatchObject({ city: "İzmir", district: "Karşıyaka" });
  });
});
