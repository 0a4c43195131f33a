import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { refusedRange } from "@/lib/net/address";
import { checkUrlWith, type Guard } from "@/lib/net/outbound";

const REFUSED_V4: [string, string][] = [
  ["0.0.0.0", "unspecified"],
  ["0.255.255.255", "unspecified"],
  ["10.0.0.1", "private"],
  ["10.255.255.255", "private"],
  ["100.64.0.1", "cgnat"],
  ["100.127.255.254", "cgnat"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["169.254.169.254", "link-local"],
  ["169.254.0.1", "link-local"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.0.0.170", "reserved"],
  ["192.88.99.1", "reserved"],
  ["192.168.1.1", "private"],
  ["198.18.0.1", "benchmarking"],
  ["198.19.255.255", "benchmarking"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "broadcast"],
];

const ALLOWED_V4 = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.215.14",
  "100.63.255.255", // just below CGNAT
  "100.128.0.0", // just above
  "172.15.255.255", // just below 172.16/12
  "172.32.0.0", // just above
  "169.253.255.255",
  "198.17.255.255",
  "198.20.0.0",
  "223.255.255.255",
  // Documentation ranges: allowed, nothing routes them.
  "192.0.2.1",
  "198.51.100.7",
  "203.0.113.9",
];

const REFUSED_V6: [string, string][] = [
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback"],
  ["fc00::1", "unique-local"],
  ["fd12:3456:789a::1", "unique-local"],
  ["fe80::1", "link-local"],
  ["fe80::1%eth0", "link-local"],
  ["febf:ffff::1", "link-local"],
  ["ff02::1", "multicast"],
  ["ff0e::101", "multicast"],
  ["fec0::1", "reserved"], // deprecated site-local
  ["100::1", "reserved"], // discard-only
  ["4000::1", "reserved"], // outside global unicast
  ["64:ff9b:1::1", "private"], // local-use NAT64
  ["2001::1", "tunnel"], // Teredo
  ["2002:7f00:1::1", "tunnel"], // 6to4 of 127.0.0.1
  ["2001:2::1", "benchmarking"],
];

const ALLOWED_V6 = ["2606:4700:4700::1111", "2a00:1450:4001:80e::200e", "2001:db8::1", "2c0f:fb50::1"];

/** Every IPv6 spelling of an IPv4 address that reaches it (or is judged as it). */
function v6Forms(v4: string): string[] {
  const [a, b, c, d] = v4.split(".").map(Number) as [number, number, number, number];
  const hex = (x: number, y: number) => ((x << 8) | y).toString(16);
  const tail = `${hex(a, b)}:${hex(c, d)}`;
  return [
    `::ffff:${v4}`, // IPv4-mapped, dotted
    `::ffff:${tail}`, // IPv4-mapped, hex
    `0:0:0:0:0:ffff:${tail}`,
    `::ffff:0:${tail}`, // IPv4-translated
    `::${tail}`, // IPv4-compatible
    `64:ff9b::${v4}`, // NAT64
    `64:ff9b::${tail}`,
  ];
}

describe("refusedRange", () => {
  it.each(REFUSED_V4)("refuses %s (%s)", (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each(ALLOWED_V4)("allows %s", (address) => {
    expect(refusedRange(address)).toBeNull();
  });

  it.each(REFUSED_V6)("refuses %s (%s)", (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each(ALLOWED_V6)("allows %s", (address) => {
    expect(refusedRange(address)).toBeNull();
  });

  it.each(REFUSED_V4.filter(([a]) => a !== "0.0.0.0"))(
    "refuses every IPv6 form of %s as %s",
    (address, range) => {
      for (const form of v6Forms(address)) expect([form, refusedRange(form)]).toEqual([form, range]);
    },
  );

  it("judges every IPv6 form of any IPv4 address as that address", () => {
    const v4 = fc
      .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
      .map((parts) => parts.join("."))
      // ::0.0.0.x are :: and ::1 themselves (and IPv4-compatible 0/8 has its own names).
      .filter((address) => !address.startsWith("0."));
    fc.assert(
      fc.property(v4, (address) => {
        const verdict = refusedRange(address);
        for (const form of v6Forms(address)) expect(refusedRange(form)).toBe(verdict);
      }),
      { numRuns: 2000 },
    );
  });

  it("calls anything that is not an address invalid", () => {
    for (const text of ["", "localhost", "0x7f.1", "2130706433", "127.1", "1.2.3.4.5", "::g", "[::1"]) {
      expect([text, refusedRange(text)]).toEqual([text, "invalid"]);
    }
  });
});

describe("checkOutboundUrl's rules before any DNS", () => {
  const noDns: Guard = {
    resolve: () => {
      throw new Error("a numeric host must not be looked up");
    },
    allowedHosts: new Set(),
  };

  const reason = async (url: string) =>
    checkUrlWith(noDns, url).then(
      () => null,
      (error: { code?: string; details?: { reason?: string } }) => `${error.code}:${error.details?.reason}`,
    );

  it.each([
    "http://2130706433/",
    "http://0x7f.1/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://127.0.0.1./",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[0:0:0:0:0:ffff:7f00:1]/",
    "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
    "http://169.254.169.254/latest/meta-data/",
    "http://0xa9.0xfe.0xa9.0xfe/",
    "http://0/",
    "https://10.1.2.3:8443/hook",
    "http://[fd00::1]/",
    "http://%31%32%37.0.0.1/",
  ])("refuses %s by its address", async (url) => {
    expect(await reason(url)).toBe("URL_NOT_ALLOWED:address");
  });

  it.each([
    ["ftp://example.com/", "scheme"],
    ["file:///etc/passwd", "scheme"],
    ["gopher://127.0.0.1:6379/_", "scheme"],
    ["javascript:alert(1)", "scheme"],
    ["https://user:secret@example.com/", "credentials"],
    ["https://user@example.com/", "credentials"],
    ["not a url", "invalid"],
    ["http://[::1/", "invalid"],
  ])("refuses %s (%s)", async (url, why) => {
    expect(await reason(url)).toBe(`URL_NOT_ALLOWED:${why}`);
  });

  it("allows a public numeric host", async () => {
    expect(await reason("https://93.184.215.14/hook")).toBeNull();
    expect(await reason("http://[2606:4700:4700::1111]:8080/")).toBeNull();
  });
});
