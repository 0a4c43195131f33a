import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { lenientListQuery, listQuerySchema } from "@/lib/catalog/schemas";
import { parseQuery } from "@/lib/http";
import { resolveLocale } from "@/lib/i18n/locale";
import { allocate, parseMajor } from "@/lib/money";
import { fieldErrors } from "@/lib/validation";

describe("edge cases found in review", () => {
  it("treats empty filter fields from a GET form as not given, not as zero", () => {
    const query = lenientListQuery({
      category: "",
      brand: "",
      minPrice: "",
      maxPrice: "",
      sort: "newest",
      page: "",
    });
    expect(query).toEqual({ sort: "newest", page: 1, limit: 12 });
    expect(listQuerySchema.parse({ maxPrice: "" }).maxPrice).toBeUndefined();
  });

  it("reads Accept-Language with spaces around the parameters", () => {
    expect(resolveLocale(undefined, "en ; q=0.5")).toBe("en");
  });

  it("keeps query keys and field errors named like Object.prototype members", () => {
    const request = new NextRequest("http://localhost/api/x?toString=a&constructor=b");
    expect(parseQuery(z.object({ toString: z.string(), constructor: z.string() }), request, "en")).toEqual({
      toString: "a",
      constructor: "b",
    });
    const result = z.object({ toString: z.number() }).safeParse({ toString: "x" });
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(fieldErrors(result.error, "en"))).toEqual(["toString"]);
  });

  it("refuses weights whose sum overflows instead of returning NaN", () => {
    expect(() => allocate(100, [1e308, 1e308])).toThrow(RangeError);
  });

  it("parses amounts by the currency's own number of decimals", () => {
    expect(parseMajor("12.50", "JPY")).toBeNull();
    expect(parseMajor("1.250", "JPY")).toBe(1250);
    expect(parseMajor("12,5", "TRY")).toBe(1250);
    expect(parseMajor("12.505", "TRY")).toBe(12505 * 100);
  });
});

describe("input the database cannot store", () => {
  it("answers 400 VALIDATION_FAILED, not 500, when PostgreSQL refuses a value (e.g. U+0000 in text)", async () => {
    const { errorResponse } = await import("@/lib/http");
    const refused = Object.assign(new Error("Failed query"), {
      cause: { code: "22021", message: 'invalid byte sequence for encoding "UTF8": 0x00' },
    });
    const response = errorResponse(refused, "tr");
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(JSON.stringify(body)).not.toContain("0x00");
  });
});

describe("object-level rules on values that are not objects", () => {
  it("refuses a register body or an address that is not an object instead of throwing", async () => {
    const { addressSchema, registerSchema } = await import("@/lib/accounts/schemas");
    for (const value of ["text", 42, null, [], true]) {
      expect(registerSchema.safeParse(value).success).toBe(false);
      expect(addressSchema.safeParse(value).success).toBe(false);
    }
  });
});
