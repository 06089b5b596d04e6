// The typed-array address table behaves exactly as a Map would under any sequence of sets, bulk sets
// and deletes: across growth, rebuilds after many deletes, and the edge addresses 0 and 2^32-1.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AddressOwners } from "../../src/core/address-owners";

// Addresses from a narrow block (so sets and deletes meet the same keys) or anywhere in 32 bits.
const address = fc.oneof(fc.integer({ min: 167772160, max: 167772160 + 300 }), fc.constantFrom(0, 2 ** 32 - 1), fc.integer({ min: 0, max: 2 ** 32 - 1 }));
const owner = fc.constantFrom("eni-a", "eni-b", "eni-c");
const op = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), address, owner }),
  fc.record({ kind: fc.constant("setAll" as const), addresses: fc.array(address, { maxLength: 20 }), owner }),
  fc.record({ kind: fc.constant("delete" as const), address }),
);

describe("AddressOwners", () => {
  it("answers get, has, size and iteration as a Map given the same operations", () => {
    fc.assert(
      fc.property(fc.nat({ max: 64 }), fc.array(op, { maxLength: 400 }), (expected, ops) => {
        const table = new AddressOwners(expected);
        const model = new Map<number, string>();
        for (const o of ops) {
          if (o.kind === "set") {
            table.set(o.address, o.owner);
            model.set(o.address, o.owner);
          } else if (o.kind === "setAll") {
            table.setAll(Uint32Array.from(o.addresses), 0, o.addresses.length, o.owner);
            for (const a of o.addresses) model.set(a, o.owner);
          } else {
            expect(table.delete(o.address)).toBe(model.delete(o.address));
          }
          expect(table.size).toBe(model.size);
        }
        for (const o of ops) {
          const a = o.kind === "setAll" ? o.addresses[0] : o.address;
          if (a === undefined) continue;
          expect(table.get(a)).toBe(model.get(a));
          expect(table.has(a)).toBe(model.has(a));
        }
        expect(new Map(table)).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps every one of 100,000 addresses after growing from an empty table", () => {
    const table = new AddressOwners();
    for (let a = 0; a < 100_000; a++) table.set(167772160 + a * 7, `eni-${a % 13}`);
    expect(table.size).toBe(100_000);
    expect(table.get(167772160 + 99_999 * 7)).toBe(`eni-${99_999 % 13}`);
    expect(table.has(167772160 + 1)).toBe(false);
    for (let a = 0; a < 100_000; a += 2) table.delete(167772160 + a * 7);
    expect(table.size).toBe(50_000);
    expect(table.get(167772160 + 4 * 7)).toBeUndefined();
    expect(table.get(167772160 + 5 * 7)).toBe("eni-5");
  });
});
