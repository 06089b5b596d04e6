// Strict IPv4 syntax against the address corpora in tests/data, and the CIDR helpers on known values.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  gatewayOf,
  intToIpv4,
  ipv4ToInt,
  isIpv4,
  isReservedInCidr,
  netmaskOf,
  parseCidr,
  parseIpv4,
  pickFreeAddresses,
  ipv4PrefixOf,
  ipv4PrefixText,
  parseIpv4Prefix,
  usableAddressCount,
} from "../../src/core/address";

const dataDir = join(__dirname, "..", "data");
function corpus(file: string): string[] {
  // Lines are taken verbatim (leading/trailing spaces are test cases); only the final newline ends.
  return readFileSync(join(dataDir, file), "utf8").replace(/\n$/, "").split("\n");
}
const valid = corpus("ipv4-valid.txt");
const invalid = corpus("ipv4-invalid.txt");
const invalidValues = (JSON.parse(readFileSync(join(dataDir, "ipv4-invalid-values.json"), "utf8")) as { values: unknown[] }).values;

describe("isIpv4", () => {
  it("has corpora worth testing", () => {
    expect(valid.length).toBeGreaterThanOrEqual(15);
    expect(invalid.length).toBeGreaterThanOrEqual(40);
    expect(invalidValues).toContain("");
  });

  it.each(valid)("accepts %j", (a) => {
    expect(isIpv4(a)).toBe(true);
    expect(parseIpv4(a)).toBe(ipv4ToInt(a));
  });

  it.each(invalid)("refuses %j", (a) => {
    expect(isIpv4(a)).toBe(false);
    expect(parseIpv4(a)).toBeUndefined();
  });

  it.each(invalidValues.map((v) => [v]))("refuses the value %j", (v) => {
    expect(isIpv4(v)).toBe(false);
    expect(parseIpv4(v)).toBeUndefined();
  });
});

describe("CIDR helpers", () => {
  it("converts addresses to integers and back", () => {
    expect(ipv4ToInt("10.0.0.1")).toBe(167772161);
    expect(ipv4ToInt("255.255.255.255")).toBe(2 ** 32 - 1);
    expect(intToIpv4(167772161)).toBe("10.0.0.1");
  });

  it("parses a block and clears host bits", () => {
    const c = parseCidr("10.0.0.77/24");
    expect(c).toMatchObject({ prefixLength: 24, first: ipv4ToInt("10.0.0.0"), last: ipv4ToInt("10.0.0.255"), size: 256 });
  });

  it("refuses malformed blocks", () => {
    for (const bad of ["10.0.0.0", "10.0.0.0/33", "10.0.0.0/024", "10.0.0/24", "10.0.0.0/", "/24", "10.0.0.0/2 4"]) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it("reserves the first address and the last three of a /24", () => {
    const c = parseCidr("192.168.1.0/24")!;
    const reserved = ["192.168.1.0", "192.168.1.253", "192.168.1.254", "192.168.1.255"];
    const free = ["192.168.1.1", "192.168.1.252"];
    for (const a of reserved) expect(isReservedInCidr(c, ipv4ToInt(a)), a).toBe(true);
    for (const a of free) expect(isReservedInCidr(c, ipv4ToInt(a)), a).toBe(false);
    expect(usableAddressCount(c)).toBe(252);
    expect(usableAddressCount(parseCidr("10.0.0.0/29")!)).toBe(4);
    expect(gatewayOf(c)).toBe("192.168.1.253");
    expect(netmaskOf(24)).toBe("255.255.255.0");
    expect(netmaskOf(16)).toBe("255.255.0.0");
  });

  it("picks the lowest free assignable addresses", () => {
    const c = parseCidr("10.0.0.0/29")!;
    const used = new Set([ipv4ToInt("10.0.0.2")]);
    expect(pickFreeAddresses(c, used, 5).map(intToIpv4)).toEqual(["10.0.0.1", "10.0.0.3", "10.0.0.4"]);
  });

  it("never picks inside a prefix reservation, kept for IPv4 prefixes", () => {
    const c = parseCidr("10.0.0.0/26")!;
    const reserved = [parseCidr("10.0.0.16/28")!, parseCidr("10.0.0.0/28")!];
    expect(pickFreeAddresses(c, new Set([ipv4ToInt("10.0.0.32")]), 3, reserved).map(intToIpv4)).toEqual(["10.0.0.33", "10.0.0.34", "10.0.0.35"]);
  });

  it("parses IPv4 prefixes strictly: an aligned /28, a dotted quad without leading zeros", () => {
    expect(parseIpv4Prefix("10.0.3.64/28")).toBe(ipv4ToInt("10.0.3.64"));
    expect(parseIpv4Prefix("10.0.3.70/28")).toBe("not_aligned");
    expect(parseIpv4Prefix("10.0.3.64/27")).toBe("not_28");
    expect(parseIpv4Prefix("10.0.3.64/33")).toBe("not_a_prefix");
    expect(parseIpv4Prefix("10.0.03.64/28")).toBe("not_a_prefix");
    expect(parseIpv4Prefix(null)).toBe("not_a_prefix");
    expect(ipv4PrefixText(ipv4PrefixOf(ipv4ToInt("10.0.3.77")))).toBe("10.0.3.64/28");
  });
});
