// Properties of the CIDR math over random vSwitch blocks (/16 to /29) and addresses: membership,
// reserved edges, usable count, masks and the integer round trip.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cidrContains,
  intToIpv4,
  ipv4ToInt,
  isIpv4,
  isReservedInCidr,
  netmaskOf,
  parseCidr,
  parseIpv4,
  usableAddressCount,
  VSWITCH_MAX_PREFIX,
  VSWITCH_MIN_PREFIX,
} from "../../src/core/address";

const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const prefix = fc.integer({ min: VSWITCH_MIN_PREFIX, max: VSWITCH_MAX_PREFIX });
const block = fc.tuple(u32, prefix).map(([base, p]) => parseCidr(`${intToIpv4(base)}/${p}`)!);

describe("address properties", () => {
  it("round-trips every 32-bit integer through dotted-quad text", () => {
    fc.assert(
      fc.property(u32, (n) => {
        const text = intToIpv4(n);
        expect(isIpv4(text)).toBe(true);
        expect(ipv4ToInt(text)).toBe(n);
      }),
    );
  });

  it("round-trips every valid dotted quad through the integer form", () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(fc.tuple(octet, octet, octet, octet), (o) => {
        const text = o.join(".");
        expect(intToIpv4(ipv4ToInt(text))).toBe(text);
      }),
    );
  });

  it("places an address inside a block exactly when its network bits match", () => {
    fc.assert(
      fc.property(block, u32, (c, a) => {
        const sameNetwork = Math.floor(a / c.size) === Math.floor(c.first / c.size);
        expect(cidrContains(c, a)).toBe(sameNetwork);
      }),
    );
  });

  it("aligns the block on its size and spans 2^(32-n) addresses", () => {
    fc.assert(
      fc.property(block, (c) => {
        expect(c.size).toBe(2 ** (32 - c.prefixLength));
        expect(c.first % c.size).toBe(0);
        expect(c.last - c.first + 1).toBe(c.size);
      }),
    );
  });

  it("reserves exactly the first address and the last three", () => {
    fc.assert(
      fc.property(block, fc.integer({ min: 0, max: 2 ** 16 - 1 }), (c, offset) => {
        const a = c.first + (offset % c.size);
        const expected = a === c.first || a >= c.last - 2;
        expect(isReservedInCidr(c, a)).toBe(expected);
      }),
    );
  });

  it("counts usable addresses as the block size minus four, and they are the unreserved ones", () => {
    fc.assert(
      fc.property(block, (c) => {
        expect(usableAddressCount(c)).toBe(2 ** (32 - c.prefixLength) - 4);
        expect(isReservedInCidr(c, c.first + 1)).toBe(false);
        expect(isReservedInCidr(c, c.last - 3)).toBe(false);
        expect(isReservedInCidr(c, c.first)).toBe(true);
        expect(isReservedInCidr(c, c.last - 2)).toBe(true);
      }),
    );
  });

  it("renders /16 to /29 masks with exactly n leading one bits", () => {
    fc.assert(
      fc.property(prefix, (p) => {
        const mask = ipv4ToInt(netmaskOf(p));
        const ones = mask.toString(2).padStart(32, "0");
        expect(ones).toBe("1".repeat(p) + "0".repeat(32 - p));
        // The mask keeps the network bits: applying it to the last address gives the first.
        const c = parseCidr(`10.20.30.40/${p}`)!;
        expect((c.last & mask) >>> 0).toBe(c.first);
      }),
    );
  });
  it("parses exactly the language isIpv4 accepts, to the same integer", () => {
    // Strings built from the characters that matter (digits, dots, signs, spaces, x) hit the edges:
    // leading zeros, empty octets, 256+, too few or many dots.
    const chars = fc.constantFrom("0", "1", "2", "5", "9", ".", ".", ".", "+", " ", "x", "\u0661");
    const near = fc.array(chars, { minLength: 0, maxLength: 16 }).map((a) => a.join(""));
    const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom("00", "01", "010", "", "255", "256"));
    const quadish = fc.array(octet, { minLength: 3, maxLength: 5 }).map((a) => a.join("."));
    fc.assert(
      fc.property(fc.oneof(near, quadish, fc.string()), (text) => {
        const n = parseIpv4(text);
        expect(n !== undefined).toBe(isIpv4(text));
        if (n !== undefined) expect(n).toBe(ipv4ToInt(text));
      }),
      { numRuns: 2000 },
    );
  });
});
