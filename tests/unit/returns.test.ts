import { describe, expect, it } from "vitest";
import { RETURN_STATUSES } from "@/db/schema/returns";
import { ibanSchema, isTurkishIban } from "@/lib/fields";
import { returnRequestForm, returnTransitionForm } from "@/lib/forms/returns";
import { canMoveReturn } from "@/lib/returns/state";

describe("the return state machine", () => {
  it("allows exactly requested → approved | rejected, approved → received → refunded", () => {
    const allowed = RETURN_STATUSES.flatMap((from) =>
      RETURN_STATUSES.filter((to) => canMoveReturn(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual([
      "requested→approved",
      "requested→rejected",
      "approved→received",
      "received→refunded",
    ]);
  });
});

describe("Turkish IBANs", () => {
  it("accept a valid checksum with spaces and lower case, refuse a wrong digit, length or country", () => {
    expect(ibanSchema.parse("tr33 0006 1005 1978 6457 8413 26")).toBe("TR330006100519786457841326");
    expect(isTurkishIban("TR320010009999901234567890")).toBe(true);
    expect(isTurkishIban("TR330006100519786457841327")).toBe(false);
    expect(isTurkishIban("TR33000610051978645784132")).toBe(false);
    expect(isTurkishIban("DE89370400440532013000")).toBe(false);
  });
});

describe("the return forms", () => {
  it("the order page's request: lines with a quantity above 0, each with its reason", () => {
    const form = {
      orderNo: "SF-2026-001001",
      sku: ["A-1", "B-2"],
      "qty:A-1": 2,
      "reason:A-1": "size_fit",
      "qty:B-2": 0,
      "reason:B-2": "damaged",
      note: "  ",
    };
    expect(returnRequestForm.parse(form)).toEqual({
      orderNo: "SF-2026-001001",
      request: { lines: [{ sku: "A-1", qty: 2, reason: "size_fit" }] },
    });
  });

  it("the staff's `received`: every line with what arrived and whether it is restocked", () => {
    const parsed = returnTransitionForm.parse({
      returnNo: "IAD-2026-001001",
      to: "received",
      sku: ["A-1", "B-2"],
      "qty:A-1": 1,
      "restock:A-1": "on",
    });
    expect(parsed.move).toEqual({
      to: "received",
      lines: [
        { sku: "A-1", qty: 1, restock: true },
        { sku: "B-2", qty: 0, restock: false },
      ],
    });
  });
});
