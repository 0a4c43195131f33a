import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DUMMY_HASH, passwords } from "@/lib/accounts/password";
import {
  normalizeGenericPhone,
  normalizeGenericPostalCode,
  normalizeTurkishPhone,
  normalizeTurkishPostalCode,
} from "@/lib/accounts/schemas";
import { clientIp } from "@/lib/auth/ip";
import { decide } from "@/lib/auth/policy";
import { loginPath, safeNextPath } from "@/lib/auth/redirect";
import { issueSignInTicket, verifySignInTicket } from "@/lib/auth/ticket";
import { check } from "@/lib/validation";

describe("safeNextPath (no open redirect through next=)", () => {
  it("keeps same-site relative paths with their query and hash", () => {
    expect(safeNextPath("/cart")).toBe("/cart");
    expect(safeNextPath("/account/addresses?x=1#top")).toBe("/account/addresses?x=1#top");
    expect(safeNextPath("/products?q=%C3%A7anta")).toBe("/products?q=%C3%A7anta");
    expect(safeNextPath("/a/../admin")).toBe("/admin");
  });

  it.each([
    "https://evil.example",
    "http://evil.example/cart",
    "//evil.example",
    "//evil.example/cart",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/ /evil.example",
    "javascript:alert(1)",
    "cart",
    "",
    `/${"a".repeat(2001)}`,
  ])("refuses %j", (value) => {
    expect(safeNextPath(value)).toBeNull();
  });

  it("keeps percent-encoded characters encoded (harmless)", () => {
    expect(safeNextPath("/%0a/evil.example")).toBe("/%0a/evil.example");
    expect(new URL(safeNextPath("/%2F%2Fevil.example") ?? "", "https://shop.example").origin).toBe(
      "https://shop.example",
    );
  });

  it("refuses what is not a string", () => {
    expect(safeNextPath(undefined)).toBeNull();
    expect(safeNextPath(null)).toBeNull();
    expect(safeNextPath(["/cart"])).toBeNull();
  });

  it("builds /login?next=… only with a safe target", () => {
    expect(loginPath("/account/addresses")).toBe("/login?next=%2Faccount%2Faddresses");
    expect(loginPath("https://evil.example")).toBe("/login");
    expect(loginPath(null)).toBe("/login");
  });
});

describe("clientIp", () => {
  it("takes the first X-Forwarded-For entry, else X-Real-IP, else 'unknown'", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": " 203.0.113.7 , 10.0.0.1" }))).toBe("203.0.113.7");
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientIp(new Headers({ "x-forwarded-for": "", "x-real-ip": "198.51.100.2" }))).toBe(
      "198.51.100.2",
    );
    expect(clientIp(new Headers({ "x-forwarded-for": "2001:DB8::1" }))).toBe("2001:db8::1");
    expect(clientIp(new Headers())).toBe("unknown");
    expect(clientIp(new Headers({ "x-forwarded-for": "x".repeat(500) }))).toHaveLength(64);
  });
});

describe("sign-in tickets", () => {
  const secret = "s".repeat(32);
  it("round-trips within a minute and refuses forged, foreign or stale tickets", () => {
    const now = new Date("2026-11-21T10:00:00Z");
    const ticket = issueSignInTicket("u_abc", secret, now);
    expect(verifySignInTicket(ticket, secret, now)).toBe("u_abc");
    expect(verifySignInTicket(ticket, secret, new Date(now.getTime() + 59_000))).toBe("u_abc");
    expect(verifySignInTicket(ticket, secret, new Date(now.getTime() + 61_000))).toBeNull();
    expect(verifySignInTicket(ticket, "t".repeat(32), now)).toBeNull();
    expect(verifySignInTicket(ticket.replace("u_abc", "u_abd"), secret, now)).toBeNull();
    expect(verifySignInTicket(`${ticket}x`, secret, now)).toBeNull();
    expect(verifySignInTicket(undefined, secret, now)).toBeNull();
    expect(verifySignInTicket("a.b", secret, now)).toBeNull();
  });
});

describe("authorization decision", () => {
  it("anonymous → unauthorized; customers → forbidden for staff and admin; staff not admin", () => {
    expect(decide(null, "user")).toBe("unauthorized");
    expect(decide(null, "staff")).toBe("unauthorized");
    expect(decide({ role: "customer" }, "user")).toBe("ok");
    expect(decide({ role: "customer" }, "staff")).toBe("forbidden");
    expect(decide({ role: "customer" }, "admin")).toBe("forbidden");
    expect(decide({ role: "staff" }, "staff")).toBe("ok");
    expect(decide({ role: "staff" }, "admin")).toBe("forbidden");
    expect(decide({ role: "admin" }, "staff")).toBe("ok");
    expect(decide({ role: "admin" }, "admin")).toBe("ok");
  });
});

describe("password hashing parameters", () => {
  it("the dummy hash uses the same argon2id parameters as real hashes (so it costs the same)", async () => {
    expect(DUMMY_HASH.startsWith("$argon2id$")).toBe(true);
    expect(passwords.needsRehash(DUMMY_HASH)).toBe(false);
    expect(passwords.needsRehash(DUMMY_HASH.replace("t=2", "t=1"))).toBe(true);
    expect(await passwords.verify(DUMMY_HASH, "")).toBe(false);
  });
});

describe("address normalizers", () => {
  it("Turkish phones and postal codes", () => {
    expect(normalizeTurkishPhone("+90 (555) 111 22 33")).toBe("+905551112233");
    expect(normalizeTurkishPhone("0555.111.22.33")).toBe("+905551112233");
    expect(normalizeTurkishPhone("0212 111 22 33")).toBeNull();
    expect(normalizeTurkishPostalCode("34 710")).toBe("34710");
    expect(normalizeTurkishPostalCode("00710")).toBeNull();
    expect(normalizeTurkishPostalCode("82710")).toBeNull();
  });
  it("generic phones and postal codes", () => {
    expect(normalizeGenericPhone("+1 (212) 555-0100")).toBe("+12125550100");
    expect(normalizeGenericPhone("++12125550100")).toBeNull();
    expect(normalizeGenericPostalCode("  ec1a  1bb ")).toBe("EC1A 1BB");
    expect(normalizeGenericPostalCode("-12")).toBeNull();
    expect(normalizeGenericPostalCode("A")).toBeNull();
    expect(normalizeGenericPostalCode("12345678901")).toBeNull();
  });
});

describe("validation messages named by key", () => {
  const schema = z.object({
    code: z.string().refine((v) => v.length <= 3, { params: { i18n: "account.validation.tooLong", max: 3 } }),
    other: z.string().refine(() => false, { params: { i18n: "account.validation.noSuchKey" } }),
  });
  it("renders the key's message in the requested language, filling in parameters", () => {
    const tr = check(schema, { code: "abcd", other: "x" }, "tr");
    const en = check(schema, { code: "abcd", other: "x" }, "en");
    expect(tr.ok ? {} : tr.fields).toMatchObject({ code: "En fazla 3 karakter olabilir." });
    expect(en.ok ? {} : en.fields).toMatchObject({ code: "At most 3 characters." });
    // An unknown key falls back to zod's own (localized) message rather than showing the key.
    expect(en.ok ? "" : en.fields.other).not.toContain("noSuchKey");
  });
});
