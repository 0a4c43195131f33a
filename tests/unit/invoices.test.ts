import { describe, expect, it } from "vitest";
import { isValidTckn, isValidVkn } from "@/lib/invoices/identity";
import { formatInvoiceNumber, invoiceDate } from "@/lib/invoices/numbers";
import { amountInWords, numberInWords } from "@/lib/invoices/words";

describe("amount in Turkish words", () => {
  it("prints the total as invoices do", () => {
    expect(amountInWords(123_450)).toBe("Yalnız bin iki yüz otuz dört Türk lirası elli kuruş");
    expect(amountInWords(100_000)).toBe("Yalnız bin Türk lirası");
    expect(amountInWords(5)).toBe("Yalnız beş kuruş");
    expect(amountInWords(0)).toBe("Yalnız sıfır Türk lirası");
    expect(amountInWords(1_999_999)).toBe(
      "Yalnız on dokuz bin dokuz yüz doksan dokuz Türk lirası doksan dokuz kuruş",
    );
  });

  it("says bin and yüz without bir, but bir milyon", () => {
    expect(numberInWords(100)).toBe("yüz");
    expect(numberInWords(1_100)).toBe("bin yüz");
    expect(numberInWords(101_001)).toBe("yüz bir bin bir");
    expect(numberInWords(1_000_000)).toBe("bir milyon");
    expect(numberInWords(2_001_000)).toBe("iki milyon bin");
    expect(numberInWords(16)).toBe("on altı");
    expect(numberInWords(90)).toBe("doksan");
    expect(numberInWords(86_000_000_000)).toBe("seksen altı milyar");
  });
});

describe("identity numbers", () => {
  it("checks the TCKN's two check digits", () => {
    expect(isValidTckn("10000000146")).toBe(true);
    expect(isValidTckn("10000000147")).toBe(false);
    expect(isValidTckn("10000000156")).toBe(false);
    expect(isValidTckn("00000000146")).toBe(false);
    expect(isValidTckn("1000000014")).toBe(false);
    expect(isValidTckn("1000000014a")).toBe(false);
  });

  it("checks the VKN's check digit", () => {
    expect(isValidVkn("1234567890")).toBe(true);
    expect(isValidVkn("4840847211")).toBe(true);
    expect(isValidVkn("1234567891")).toBe(false);
    expect(isValidVkn("4840847212")).toBe(false);
    expect(isValidVkn("123456789")).toBe(false);
  });
});

describe("invoice numbers", () => {
  it("are a 3-letter series, the year and 9 digits", () => {
    expect(formatInvoiceNumber("CRS", 2026, 1)).toBe("CRS2026000000001");
    expect(formatInvoiceNumber("CRI", 2027, 123_456_789)).toBe("CRI2027123456789");
  });

  it("take the year and date of Istanbul, whatever the server's zone", () => {
    expect(invoiceDate(new Date("2026-12-31T21:30:00Z"))).toEqual({ year: 2027, text: "01.01.2027" });
    expect(invoiceDate(new Date("2026-12-31T20:59:00Z"))).toEqual({ year: 2026, text: "31.12.2026" });
  });
});
