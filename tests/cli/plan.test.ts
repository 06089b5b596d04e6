// The plan reader: structure errors carry file:line:column and what was expected; semantic problems
// (addresses, counts, conflicting arguments) are left for the core.
import { describe, expect, it } from "vitest";
import { PlanError } from "../../src/cli/input-error";
import { locateViolation, parsePlan } from "../../src/cli/plan";

function planError(text: string, file = "plan.yaml"): PlanError {
  try {
    parsePlan(text, file);
  } catch (error) {
    if (error instanceof PlanError) return error;
    throw error;
  }
  throw new Error("expected a PlanError");
}

describe("plan reader", () => {
  it("reads a YAML plan into declarations, limits and region", () => {
    const plan = parsePlan(
      [
        "regionId: cn-hangzhou",
        "limits:",
        "  profile: current",
        "  availableEniMaxIps: 12",
        "  eniMaxIps: null",
        "  instanceTypeEniIps: { ecs.g6.large: 8 }",
        "declarations:",
        "  - name: a",
        "    networkInterfaceId: eni-1",
        "    privateIpAddresses: [10.0.0.5, 10.0.0.6]",
        "  - name: b",
        "    networkInterfaceId: eni-2",
        "    secondaryPrivateIpAddressCount: 3",
        "    adoptExisting: true",
      ].join("\n"),
      "plan.yaml",
    );
    expect(plan.regionId).toBe("cn-hangzhou");
    expect(plan.limits).toEqual({ profile: "current", overrides: { availableEniMaxIps: 12, eniMaxIps: null, instanceTypeEniIps: { "ecs.g6.large": 8 } } });
    expect(plan.declarations.map((d) => d.declaration)).toEqual([
      { name: "a", networkInterfaceId: "eni-1", privateIpAddresses: ["10.0.0.5", "10.0.0.6"] },
      { name: "b", networkInterfaceId: "eni-2", secondaryPrivateIpAddressCount: 3, adoptExisting: true },
    ]);
    expect(plan.declarations[1]?.position).toEqual({ line: 11, col: 5 });
    expect(plan.declarations[1]?.properties["secondaryPrivateIpAddressCount"]).toEqual({ line: 13, col: 37 });
  });

  it("reads a JSON plan, with positions", () => {
    const plan = parsePlan('{\n  "declarations": [\n    { "name": "a", "networkInterfaceId": "eni-1",\n      "privateIpAddresses": ["10.0.0.5"] }\n  ]\n}\n', "plan.json");
    expect(plan.declarations[0]?.declaration).toEqual({ name: "a", networkInterfaceId: "eni-1", privateIpAddresses: ["10.0.0.5"] });
    expect(plan.declarations[0]?.addressItems[0]?.position).toEqual({ line: 4, col: 30 });
  });

  it("passes semantic problems through to the core instead of rejecting the plan", () => {
    const plan = parsePlan(
      [
        "declarations:",
        "  - name: bad",
        "    networkInterfaceId: eni-1",
        "    privateIpAddresses: [10.0.0.300, 7, '10.0.0.05']",
        "    secondaryPrivateIpAddressCount: -2",
      ].join("\n"),
      "plan.yaml",
    );
    expect(plan.declarations[0]?.declaration).toMatchObject({ privateIpAddresses: ["10.0.0.300", 7, "10.0.0.05"], secondaryPrivateIpAddressCount: -2 });
  });

  it("reports a YAML syntax error with its line and column", () => {
    const e = planError("declarations:\n  - name: a\n    networkInterfaceId: [eni-1\n  - name: b\n");
    expect(e.issues.length).toBeGreaterThan(0);
    expect(e.issues[0]?.line).toBe(4);
    expect(e.message).toMatch(/^plan\.yaml:4:\d+: YAML syntax error: /);
  });

  it("reports schema errors with line, column, path and what was expected", () => {
    const e = planError(
      [
        "declarations:",
        "  - name: 42",
        "    networkInterfaceId: eni-1",
        "  - networkInterfaceId: eni-2",
        "  - name: c",
        "    networkInterfaceId: eni-3",
        "    privateIpAdresses: [10.0.0.5]",
        "  - name: d",
        "    networkInterfaceId: eni-4",
        "    privateIpAddresses: 10.0.0.5",
        "    adoptExisting: yes please",
      ].join("\n"),
    );
    const lines = e.message.split("\n");
    expect(lines).toContain("plan.yaml:2:11: declarations[0].name: expected a non-empty string, got number 42");
    expect(lines).toContain("plan.yaml:4:5: declarations[1]: missing `name` (a unique name for this declaration)");
    expect(lines.find((l) => l.startsWith("plan.yaml:7:5: declarations[2].privateIpAdresses: unknown property (did you mean `privateIpAddresses`?)"))).toBeDefined();
    expect(lines.find((l) => l.startsWith("plan.yaml:10:25: declarations[3].privateIpAddresses: expected a list of IPv4 addresses"))).toBeDefined();
    expect(lines.find((l) => l.startsWith("plan.yaml:11:20: declarations[3].adoptExisting: expected true or false"))).toBeDefined();
  });

  it("requires unique declaration names, pointing at the second use", () => {
    const e = planError("declarations:\n  - name: a\n    networkInterfaceId: eni-1\n  - name: a\n    networkInterfaceId: eni-2\n");
    expect(e.message).toBe('plan.yaml:4:11: declarations[1].name: duplicate name "a" (first used on line 2); names must be unique');
  });

  it("rejects an empty plan, a missing declarations list, bad limits and unknown top-level keys", () => {
    expect(planError("").message).toMatch(/the plan is empty/);
    expect(planError("regionId: cn-hangzhou\n").message).toMatch(/^plan\.yaml:1:1: missing `declarations`/);
    expect(planError("declarations: []\nlimits:\n  availableEniMaxIps: 0\n  profile: newest\n").message.split("\n")).toEqual([
      "plan.yaml:4:12: limits.profile: expected one of default, current, got the string \"newest\"",
      "plan.yaml:3:23: limits.availableEniMaxIps: expected a positive integer, got number 0",
    ]);
    expect(planError("declaration: []\n").message).toMatch(/unknown property \(did you mean `declarations`\?\)/);
    expect(planError("declarations: []\ndeclarations: []\n").message).toMatch(/^plan\.yaml:2:1: Map keys must be unique/);
  });

  it("locates a violation on the offending address item, else the property, else the declaration", () => {
    const plan = parsePlan(
      "declarations:\n  - name: a\n    networkInterfaceId: eni-1\n    privateIpAddresses:\n      - 10.0.0.5\n      - 10.0.0.6\n",
      "plan.yaml",
    );
    expect(locateViolation(plan, "a", "privateIpAddresses", "10.0.0.6")).toEqual({ line: 6, col: 9 });
    expect(locateViolation(plan, "a", "privateIpAddresses", undefined)).toEqual({ line: 5, col: 7 });
    expect(locateViolation(plan, "a", "networkInterfaceId", "eni-1")).toEqual({ line: 3, col: 25 });
    expect(locateViolation(plan, "a", "secondaryPrivateIpAddressCount", 1)).toEqual({ line: 2, col: 5 });
    expect(locateViolation(plan, "nope", "networkInterfaceId", undefined)).toBeUndefined();
  });
});
