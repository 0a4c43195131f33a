import ipaddr from "ipaddr.js";

/**
 * Which IP addresses the store may call on behalf of a URL someone typed (webhook endpoints). Pure: no DNS,
 * no environment. IPv4 is refused by range; IPv6 must be global unicast (2000::/3) outside the tunnelling
 * prefixes, and the IPv6 forms that carry an IPv4 address (mapped, compatible, translated, NAT64) are judged
 * by the IPv4 address they carry. Documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24,
 * 2001:db8::/32) are allowed: nothing routes them, so a call there simply fails.
 */

export type RefusedRange =
  | "unspecified"
  | "loopback"
  | "private"
  | "link-local"
  | "cgnat"
  | "multicast"
  | "broadcast"
  | "reserved"
  | "benchmarking"
  | "unique-local"
  | "tunnel"
  | "invalid";

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

const cidr = (text: string): Cidr => ipaddr.parseCIDR(text);

/** Checked in order: the broadcast address before the reserved 240/4 that contains it. */
const REFUSED_V4: [Cidr, RefusedRange][] = [
  [cidr("0.0.0.0/8"), "unspecified"],
  [cidr("10.0.0.0/8"), "private"],
  [cidr("100.64.0.0/10"), "cgnat"],
  [cidr("127.0.0.0/8"), "loopback"],
  [cidr("169.254.0.0/16"), "link-local"],
  [cidr("172.16.0.0/12"), "private"],
  // IETF protocol assignments (DS-Lite, NAT64 discovery…) and the retired 6to4 relay anycast.
  [cidr("192.0.0.0/24"), "reserved"],
  [cidr("192.88.99.0/24"), "reserved"],
  [cidr("192.168.0.0/16"), "private"],
  // Network benchmarking: often used inside lab and provider networks.
  [cidr("198.18.0.0/15"), "benchmarking"],
  [cidr("224.0.0.0/4"), "multicast"],
  [cidr("255.255.255.255/32"), "broadcast"],
  [cidr("240.0.0.0/4"), "reserved"],
];

/** IPv6 prefixes whose last 32 bits are the IPv4 address the packets really go to. */
const CARRIES_V4: Cidr[] = [
  cidr("::ffff:0:0/96"), // IPv4-mapped
  cidr("::ffff:0:0:0/96"), // IPv4-translated (SIIT)
  cidr("64:ff9b::/96"), // NAT64 well-known prefix
  cidr("::/96"), // IPv4-compatible (deprecated); :: and ::1 are caught before
];

const GLOBAL_UNICAST_V6 = cidr("2000::/3");

/** Global unicast prefixes that tunnel to an address the store cannot see (Teredo, 6to4) or are not global. */
const REFUSED_GLOBAL_V6: [Cidr, RefusedRange][] = [
  [cidr("2001::/32"), "tunnel"],
  [cidr("2002::/16"), "tunnel"],
  [cidr("2001:2::/48"), "benchmarking"],
];

/** The other IPv6 ranges by name, for the error reason; anything else outside 2000::/3 is "reserved". */
const NAMED_V6: [Cidr, RefusedRange][] = [
  [cidr("::/128"), "unspecified"],
  [cidr("::1/128"), "loopback"],
  [cidr("fc00::/7"), "unique-local"],
  [cidr("fe80::/10"), "link-local"],
  [cidr("ff00::/8"), "multicast"],
  [cidr("64:ff9b:1::/48"), "private"], // local-use NAT64 (RFC 8215)
];

const inRange = (address: ipaddr.IPv4 | ipaddr.IPv6, [network, bits]: Cidr) =>
  address.kind() === network.kind() && address.match(network, bits);

function refusedV4(address: ipaddr.IPv4): RefusedRange | null {
  return REFUSED_V4.find(([range]) => inRange(address, range))?.[1] ?? null;
}

function refusedV6(address: ipaddr.IPv6): RefusedRange | null {
  const named = NAMED_V6.find(([range]) => inRange(address, range));
  if (named) return named[1];
  if (CARRIES_V4.some((range) => inRange(address, range))) {
    const bytes = address.toByteArray().slice(12);
    return refusedV4(new ipaddr.IPv4(bytes));
  }
  if (!inRange(address, GLOBAL_UNICAST_V6)) return "reserved";
  return REFUSED_GLOBAL_V6.find(([range]) => inRange(address, range))?.[1] ?? null;
}

/**
 * The range that forbids calling `address` (an IPv4 dotted quad or an IPv6 address, as DNS answers or as the
 * URL parser normalised it), or null when the store may call it. Anything unparsable is "invalid".
 */
export function refusedRange(address: string): RefusedRange | null {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return refusedV4(ipaddr.IPv4.parse(bare));
  if (!bare.includes(":") || !ipaddr.IPv6.isValid(bare)) return "invalid";
  // A zone index (fe80::1%eth0) only makes sense for link-local addresses, which are refused anyway.
  if (bare.includes("%")) return "link-local";
  return refusedV6(ipaddr.IPv6.parse(bare));
}
