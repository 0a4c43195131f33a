import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { addresses, users } from "@/db/schema";
import {
  createAddress,
  defaultAddress,
  deleteAddress,
  getAddress,
  listAddresses,
  MAX_ADDRESSES,
  setDefaultAddress,
  updateAddress,
} from "@/lib/accounts/addresses";
import { DUMMY_HASH } from "@/lib/accounts/password";
import { type Address, addressSchema } from "@/lib/accounts/schemas";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { check, validate } from "@/lib/validation";

let db: Database;

beforeAll(() => {
  db = getDb();
});

async function newUser(): Promise<string> {
  const [row] = await db
    .insert(users)
    .values({
      email: `adres-${randomBytes(5).toString("hex")}@example.com`,
      name: "Adres Sahibi",
      passwordHash: DUMMY_HASH,
    })
    .returning({ id: users.id });
  if (!row) throw new Error("no user");
  return row.id;
}

const istanbul = {
  name: "Ayşe Yılmaz",
  line1: "Bağdat Cad. No: 12 D: 4",
  district: "Kadıköy",
  city: "İstanbul",
  postalCode: "34710",
  country: "TR",
  phone: "0532 111 22 33",
};

function address(overrides: Record<string, unknown> = {}): Address {
  return validate(addressSchema, { ...istanbul, ...overrides }, "tr");
}

function problems(input: Record<string, unknown>, locale: "tr" | "en" = "tr"): Record<string, string> {
  const result = check(addressSchema, { ...istanbul, ...input }, locale);
  return result.ok ? {} : result.fields;
}

async function rejection(work: () => Promise<unknown>): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a rejection");
}

describe("addressSchema", () => {
  it("normalizes a Turkish address: phone to +90…, country upper-case, İl and İlçe to their names, missing line2 to empty", () => {
    expect(address({ country: " tr ", line2: undefined, city: "ISTANBUL", district: "kadikoy" })).toEqual({
      name: "Ayşe Yılmaz",
      line1: "Bağdat Cad. No: 12 D: 4",
      line2: "",
      district: "Kadıköy",
      city: "İstanbul",
      postalCode: "34710",
      country: "TR",
      phone: "+905321112233",
    });
    for (const phone of [
      "+905321112233",
      "+90 532 111 22 33",
      "05321112233",
      "0 (532) 111-22-33",
      "5321112233",
    ]) {
      expect(address({ phone }).phone).toBe("+905321112233");
    }
    expect(address({ postalCode: " 06100 " }).postalCode).toBe("06100");
    expect(address({ postalCode: "81000" }).postalCode).toBe("81000");
    expect(address({ postalCode: "01000" }).postalCode).toBe("01000");
  });

  it("refuses Turkish postal codes outside provinces 01–81 and non-mobile or malformed phones, in the shopper's language", () => {
    const postal = "Posta kodu 5 haneli olmalı ve il kodu (01–81) ile başlamalı.";
    for (const postalCode of ["00123", "82000", "99999", "3471", "347100", "34A10", ""]) {
      expect(problems({ postalCode }).postalCode, postalCode).toBe(postal);
    }
    const phone = "Cep telefonu numarasını +905XXXXXXXXX veya 05XXXXXXXXX biçiminde girin.";
    for (const bad of [
      "02121112233",
      "+902121112233",
      "0532111223",
      "053211122334",
      "+49 30 1234567",
      "abc",
    ]) {
      expect(problems({ phone: bad }).phone, bad).toBe(phone);
    }
    expect(problems({ phone: "0532" }, "en").phone).toBe(
      "Enter the mobile number as +905XXXXXXXXX or 05XXXXXXXXX.",
    );
    // Every broken field is reported at once, not one per submit.
    expect(Object.keys(problems({ name: "", city: " ", postalCode: "1", phone: "1" })).sort()).toEqual([
      "city",
      "name",
      "phone",
      "postalCode",
    ]);
  });

  it("applies generic rules elsewhere and accepts only ISO 3166-1 alpha-2 countries", () => {
    expect(
      address({ country: "de", postalCode: "10115", phone: "+49 30 1234567", city: "Berlin" }),
    ).toMatchObject({
      country: "DE",
      postalCode: "10115",
      phone: "+49301234567",
    });
    expect(address({ country: "GB", postalCode: "sw1a 1aa", phone: "020 7946 0958" })).toMatchObject({
      postalCode: "SW1A 1AA",
      phone: "02079460958",
    });
    expect(problems({ country: "DE", postalCode: "1" }).postalCode).toBeDefined();
    expect(problems({ country: "DE", postalCode: "12345678901" }).postalCode).toBeDefined();
    expect(problems({ country: "DE", postalCode: "10115", phone: "123456" }).phone).toBeDefined();
    expect(problems({ country: "DE", postalCode: "10115", phone: "1".repeat(21) }).phone).toBeDefined();
    for (const country of ["XX", "UK", "TUR", "T", "EU", ""]) {
      expect(problems({ country }).country, country).toBe("Geçerli bir ülke kodu seçin (ör. TR).");
    }
    expect(problems({ line1: "x".repeat(201) }).line1).toBe("En fazla 200 karakter olabilir.");
  });
});

describe("address book", () => {
  it("adds, reads, edits and deletes, and never shows or touches another user's addresses", async () => {
    const owner = await newUser();
    const stranger = await newUser();
    const saved = await createAddress(db, owner, address());
    expect(saved).toMatchObject({ phone: "+905321112233", isDefaultShipping: true, isDefaultBilling: true });
    expect(await getAddress(db, owner, saved.id)).toMatchObject({ id: saved.id, city: "İstanbul" });
    expect(await getAddress(db, stranger, saved.id)).toBeNull();
    expect(await listAddresses(db, stranger)).toEqual([]);

    const edited = await updateAddress(
      db,
      owner,
      saved.id,
      address({ city: "Ankara", district: "Çankaya", postalCode: "06100" }),
    );
    expect(edited).toMatchObject({ city: "Ankara", postalCode: "06100", isDefaultShipping: true });

    for (const attempt of [
      () =>
        updateAddress(
          db,
          stranger,
          saved.id,
          address({ city: "İzmir", district: "Konak", postalCode: "35210" }),
        ),
      () => deleteAddress(db, stranger, saved.id),
      () => setDefaultAddress(db, stranger, saved.id, "shipping"),
    ]) {
      expect((await rejection(attempt)).code).toBe("NOT_FOUND");
    }
    expect(await getAddress(db, owner, saved.id)).toMatchObject({ city: "Ankara" });
    await deleteAddress(db, owner, saved.id);
    expect(await listAddresses(db, owner)).toEqual([]);
  });

  it("keeps exactly one default shipping and one default billing address", async () => {
    const user = await newUser();
    const defaults = async () => {
      const rows = await listAddresses(db, user);
      return {
        shipping: rows.filter((r) => r.isDefaultShipping).map((r) => r.name),
        billing: rows.filter((r) => r.isDefaultBilling).map((r) => r.name),
      };
    };
    const home = await createAddress(db, user, address({ name: "Ev" }));
    const office = await createAddress(db, user, address({ name: "Ofis" }));
    expect(await defaults()).toEqual({ shipping: ["Ev"], billing: ["Ev"] });

    const depot = await createAddress(db, user, address({ name: "Depo" }), { defaultShipping: true });
    expect(await defaults()).toEqual({ shipping: ["Depo"], billing: ["Ev"] });

    await setDefaultAddress(db, user, office.id, "billing");
    expect(await defaults()).toEqual({ shipping: ["Depo"], billing: ["Ofis"] });
    expect((await defaultAddress(db, user, "billing"))?.id).toBe(office.id);

    await updateAddress(db, user, home.id, address({ name: "Ev" }), {
      defaultShipping: true,
      defaultBilling: true,
    });
    expect(await defaults()).toEqual({ shipping: ["Ev"], billing: ["Ev"] });

    // Concurrent default changes still leave one of each.
    await Promise.all([
      setDefaultAddress(db, user, office.id, "shipping"),
      setDefaultAddress(db, user, depot.id, "shipping"),
      setDefaultAddress(db, user, depot.id, "billing"),
      setDefaultAddress(db, user, office.id, "billing"),
    ]);
    const after = await defaults();
    expect(after.shipping).toHaveLength(1);
    expect(after.billing).toHaveLength(1);

    // Deleting a default hands the role to the newest remaining address.
    const shippingDefault = await defaultAddress(db, user, "shipping");
    await deleteAddress(db, user, shippingDefault?.id ?? "");
    expect((await defaults()).shipping).toHaveLength(1);
  });

  it("holds at most 20 addresses, also when many are added at once", async () => {
    const user = await newUser();
    const results = await Promise.allSettled(
      Array.from({ length: MAX_ADDRESSES + 5 }, (_, i) =>
        createAddress(db, user, address({ name: `Adres ${i}` })),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(MAX_ADDRESSES);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(5);
    for (const r of refused) {
      expect(r.reason).toMatchObject({
        code: "VALIDATION_FAILED",
        details: { reason: "ADDRESS_LIMIT", max: 20 },
      });
    }
    const stored = await db.select({ id: addresses.id }).from(addresses).where(eq(addresses.userId, user));
    expect(stored).toHaveLength(MAX_ADDRESSES);
    const defaults = await db
      .select({ id: addresses.id })
      .from(addresses)
      .where(and(eq(addresses.userId, user), eq(addresses.isDefaultShipping, true)));
    expect(defaults).toHaveLength(1);

    // Deleting one makes room for one.
    await deleteAddress(db, user, stored[0]?.id ?? "");
    await createAddress(db, user, address({ name: "Yeni" }));
    expect((await rejection(() => createAddress(db, user, address()))).details.reason).toBe("ADDRESS_LIMIT");
  });
});
