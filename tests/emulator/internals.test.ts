// Small pieces with sharp edges: the nonce window's memory bound, the loopback check guarding the
// admin endpoints, NextToken encoding, repeat-list ordering.
import { describe, expect, it } from "vitest";
import { NonceCache } from "../../src/emulator/nonce-cache";
import { decodeToken, encodeToken } from "../../src/emulator/paging";
import { Params, parseQueryPairs } from "../../src/emulator/params";
import { isLoopback } from "../../src/emulator/admin-guard";

describe("nonce cache", () => {
  it("refuses a nonce within the window and forgets it after", () => {
    const c = new NonceCache(1000);
    expect(c.use("a", 0)).toBe(true);
    expect(c.use("a", 999)).toBe(false);
    expect(c.use("a", 1001)).toBe(true);
  });

  it("stays within its capacity, dropping the oldest first", () => {
    const c = new NonceCache(60_000, 100);
    for (let i = 0; i < 1000; i++) c.use(`n${i}`, i);
    expect(c.size).toBeLessThanOrEqual(100);
    expect(c.use("n999", 1000)).toBe(false);
    expect(c.use("n0", 1000)).toBe(true);
  });
});

describe("admin guard", () => {
  it("treats only loopback peers as local", () => {
    for (const a of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) expect(isLoopback(a)).toBe(true);
    for (const a of ["10.0.0.5", "::ffff:10.0.0.5", "192.168.1.1", "fe80::1", undefined]) expect(isLoopback(a)).toBe(false);
  });
});

describe("params", () => {
  it("orders repeat lists by index, not by string", () => {
    const p = new Params(parseQueryPairs("X.10=ten&X.2=two&X.1=one&X.x=bad&Y.1=y"));
    expect(p.repeatList("X")).toEqual(["one", "two", "ten"]);
  });
  it("round-trips NextToken and refuses foreign ones", () => {
    expect(decodeToken(encodeToken(1234))).toBe(1234);
    expect(() => decodeToken("AAAAAdDWBF2")).toThrow(/NextToken/);
  });
});
