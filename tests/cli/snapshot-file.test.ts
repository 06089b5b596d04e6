// The snapshot file format: round trip, strict checks on load, and the staleness warning.
import { describe, expect, it } from "vitest";
import type { AccountFacts } from "../../src/core/types";
import { SnapshotFileError } from "../../src/cli/input-error";
import { createSnapshot, normalizeFacts, parseSnapshot, planScope, serializeSnapshot, staleSnapshotWarning } from "../../src/cli/snapshot-file";

const FACTS: AccountFacts = {
  enis: [
    { networkInterfaceId: "eni-b", status: "InUse", type: "Primary", vSwitchId: "vsw-1", instanceId: "i-1", securityGroupIds: ["sg-1"], primaryIpAddress: "10.0.0.9", privateIpAddresses: ["10.0.0.9", "10.0.0.3"] },
    { networkInterfaceId: "eni-a", status: "Available", type: "Secondary", vSwitchId: "vsw-1", securityGroupIds: ["sg-1"], primaryIpAddress: "10.0.0.4", privateIpAddresses: ["10.0.0.4"] },
  ],
  vSwitches: [{ vSwitchId: "vsw-1", cidrBlock: "10.0.0.0/24", availableIpAddressCount: 249 }],
  instances: [{ instanceId: "i-1", status: "Running", instanceType: "ecs.g6.large" }],
  instanceTypes: [{ instanceTypeId: "ecs.g6.large", eniPrivateIpAddressQuantity: 6 }],
  securityGroups: [{ securityGroupId: "sg-1", securityGroupType: "normal", privateIpAddressCount: 3 }],
};

function snapshotError(text: string): SnapshotFileError {
  try {
    parseSnapshot(text, "snap.json");
  } catch (error) {
    if (error instanceof SnapshotFileError) return error;
    throw error;
  }
  throw new Error("expected a SnapshotFileError");
}

describe("snapshot file", () => {
  it("round-trips: what is written reads back as the same facts, in a stable order", () => {
    const now = new Date("2025-01-02T03:04:05.000Z");
    const snap = createSnapshot("cn-hangzhou", planScope({ networkInterfaceIds: ["eni-b", "eni-a"], vSwitchIds: ["vsw-9"], instanceTypeIds: ["ecs.g7.large"] }), FACTS, now);
    const text = serializeSnapshot(snap);
    const back = parseSnapshot(text, "snap.json");
    expect(back).toEqual(snap);
    expect(back.format).toBe("eni-ips-snapshot");
    expect(back.version).toBe(3);
    expect(back.scope).toEqual({ kind: "plan", networkInterfaceIds: ["eni-a", "eni-b"], vSwitchIds: ["vsw-9"], securityGroupIds: [], instanceIds: [], instanceTypeIds: ["ecs.g7.large"] });
    expect(back.capturedAt).toBe("2025-01-02T03:04:05.000Z");
    // Sorted by id; the primary address keeps its place first in the address list.
    expect(back.facts.enis.map((e) => e.networkInterfaceId)).toEqual(["eni-a", "eni-b"]);
    expect(back.facts.enis[1]?.privateIpAddresses).toEqual(["10.0.0.9", "10.0.0.3"]);
    // Plain JSON, one fact per line.
    expect(JSON.parse(text)).toEqual(snap);
    expect(text.split("\n").filter((l) => l.includes('"networkInterfaceId":"eni-'))).toHaveLength(2);
  });

  it("refuses files that are not JSON, not a snapshot, or of an unknown version", () => {
    expect(snapshotError("{ nope").message).toMatch(/^snap\.json: not valid JSON/);
    expect(snapshotError('{"format":"terraform-state"}').message).toMatch(/format: expected "eni-ips-snapshot"/);
    const future = JSON.stringify({ ...createSnapshot("cn-hangzhou", { kind: "region" }, FACTS), version: 4 });
    expect(snapshotError(future).message).toMatch(/^snap\.json: version: unsupported snapshot version number 4; this eni-ips reads versions 1, 2 and 3/);
    // Versions 2 and 3 have no "enis" scope any more; version 1 has no "plan" scope yet.
    const v2enis = JSON.stringify({ ...createSnapshot("cn-hangzhou", { kind: "region" }, FACTS), scope: { kind: "enis", networkInterfaceIds: [] } });
    expect(snapshotError(v2enis).message).toMatch(/scope\.kind: expected "region" or "plan" \(snapshot version 3\)/);
  });

  it("version 3 carries IPv4 prefixes, IPv6 counts and prefix reservations, checked strictly", () => {
    const facts: AccountFacts = {
      ...FACTS,
      enis: [{ ...FACTS.enis[1]!, ipv4Prefixes: ["10.0.0.64/28"], ipv6AddressCount: 2 }, FACTS.enis[0]!],
      vSwitches: [{ vSwitchId: "vsw-1", cidrBlock: "10.0.0.0/24", availableIpAddressCount: 185, cidrReservations: [{ vSwitchCidrReservationId: "vcr-1", cidrBlock: "10.0.0.64/26" }] }],
      securityGroups: [{ securityGroupId: "sg-1", securityGroupType: "normal", privateIpAddressCount: 4, ipv6AddressCount: 2 }],
    };
    const snap = createSnapshot("cn-hangzhou", { kind: "region" }, facts);
    expect(parseSnapshot(serializeSnapshot(snap), "snap.json").facts).toEqual(normalizeFacts(facts));
    const broken = JSON.parse(serializeSnapshot(snap)) as Record<string, any>;
    broken["facts"]["enis"][0]["ipv4Prefixes"] = ["10.0.0.70/28", "10.0.0.0/28"];
    broken["facts"]["enis"][1]["ipv6AddressCount"] = -1;
    broken["facts"]["vSwitches"][0]["cidrReservations"] = [{ vSwitchCidrReservationId: "vcr-1", cidrBlock: "10.0.0.64/29" }, { vSwitchCidrReservationId: "nope", cidrBlock: "10.0.1.0/26" }];
    const issues = snapshotError(JSON.stringify(broken)).issues.map((i) => `${i.path}: ${i.message}`);
    expect(issues).toEqual([
      'facts.enis[0].ipv4Prefixes[0]: expected an aligned IPv4 /28 such as 10.0.1.64/28, got the string "10.0.0.70/28"',
      // 10.0.0.0/28 holds the ENI's own primary and both addresses of the other ENI.
      "facts.enis[0].privateIpAddresses[0]: 10.0.0.4 lies in the IPv4 prefix 10.0.0.0/28 of the ENI at facts.enis[0]; an address and a prefix never overlap",
      "facts.enis[1].ipv6AddressCount: expected a whole number of at least 0, got number -1",
      "facts.enis[1].privateIpAddresses[0]: 10.0.0.9 lies in the IPv4 prefix 10.0.0.0/28 of the ENI at facts.enis[0]; an address and a prefix never overlap",
      "facts.enis[1].privateIpAddresses[1]: 10.0.0.3 lies in the IPv4 prefix 10.0.0.0/28 of the ENI at facts.enis[0]; an address and a prefix never overlap",
      'facts.vSwitches[0].cidrReservations[0].cidrBlock: expected a CIDR block of /28 or larger with its host bits clear, such as 10.0.1.64/26, got the string "10.0.0.64/29"',
      'facts.vSwitches[0].cidrReservations[1].vSwitchCidrReservationId: expected a reservation id (vcr-…), got the string "nope"',
      "facts.vSwitches[0].cidrReservations[1].cidrBlock: 10.0.1.0/26 is not a proper part of the vSwitch's 10.0.0.0/24",
    ]);
    // Older versions never held them: a version-2 file that does was edited.
    const v2 = { ...JSON.parse(serializeSnapshot(snap)), version: 2 };
    expect(snapshotError(JSON.stringify(v2)).message).toMatch(/ipv4Prefixes is a field of snapshot version 3/);
  });

  it("reads version 1 (scope of ENIs only) into the version-2 shape", () => {
    const v1 = { format: "eni-ips-snapshot", version: 1, capturedAt: "2025-01-02T03:04:05.000Z", regionId: "cn-hangzhou", scope: { kind: "enis", networkInterfaceIds: ["eni-a", "eni-b"] }, facts: FACTS };
    const back = parseSnapshot(JSON.stringify(v1), "old.json");
    expect(back.version).toBe(1);
    expect(back.scope).toEqual({ kind: "plan", networkInterfaceIds: ["eni-a", "eni-b"], vSwitchIds: [], securityGroupIds: [], instanceIds: [], instanceTypeIds: [] });
    expect(back.facts).toEqual(FACTS);
    expect(snapshotError(JSON.stringify({ ...v1, scope: { kind: "plan" } })).message).toMatch(/scope\.kind: expected "region" or "enis" \(snapshot version 1\)/);
  });

  it("lists every broken field of a damaged snapshot by path", () => {
    const snap = JSON.parse(serializeSnapshot(createSnapshot("cn-hangzhou", { kind: "region" }, FACTS))) as Record<string, any>;
    snap["capturedAt"] = "yesterday";
    delete snap["facts"]["enis"][0]["vSwitchId"];
    snap["facts"]["instanceTypes"][0]["eniPrivateIpAddressQuantity"] = "6";
    snap["facts"]["securityGroups"] = {};
    const lines = snapshotError(JSON.stringify(snap)).message.split("\n");
    expect(lines).toEqual([
      'snap.json: capturedAt: expected an ISO 8601 date and time such as 2025-06-01T08:30:00.000Z, got the string "yesterday"',
      "snap.json: facts.enis[0].vSwitchId: expected a vSwitch id (vsw-…), got nothing",
      'snap.json: facts.instanceTypes[0].eniPrivateIpAddressQuantity: expected a whole number of at least 1, got the string "6"',
      "snap.json: facts.securityGroups: expected a list, got a mapping",
    ]);
  });

  it("warns stale_snapshot past the maximum age, and not before or when disabled", () => {
    const snap = createSnapshot("cn-hangzhou", { kind: "region" }, FACTS, new Date("2025-01-01T00:00:00Z"));
    const day = 24 * 3_600_000;
    expect(staleSnapshotWarning(snap, "s.json", day, new Date("2025-01-01T23:59:00Z"))).toBeUndefined();
    const w = staleSnapshotWarning(snap, "s.json", day, new Date("2025-01-03T12:00:00Z"));
    expect(w?.code).toBe("stale_snapshot");
    expect(w?.message).toMatch(/captured 2 days ago .* more than the allowed 24 h/);
    expect(staleSnapshotWarning(snap, "s.json", null, new Date("2030-01-01T00:00:00Z"))).toBeUndefined();
  });
});
