// README's "RAM permissions" documents are the least-privilege policy: every action the cloud layer can
// send through the SDK clients is granted by one of them (derived from the source's SDK calls, so a new
// call that is not documented fails here), the preview document grants reads only, and the README shows
// exactly what `ramPolicy()` builds (the permission a Forbidden.RAM message names comes from the same list).
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { permissionFor, ramPolicy } from "../../src/cloud/permissions";

const ROOT = path.resolve(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** The JSON blocks of README's "RAM permissions" section, parsed. */
function readmePolicies(): unknown[] {
  const start = README.indexOf("### RAM permissions");
  expect(start).toBeGreaterThan(-1);
  const body = README.indexOf("\n", start) + 1;
  const next = README.slice(body).search(/^#{1,3} /m);
  const section = README.slice(body, next < 0 ? undefined : body + next);
  return [...section.matchAll(/^```json\n([\s\S]*?)^```/gm)].map((m) => JSON.parse(m[1]!));
}

/** Every `<client>.<ecs|vpc>.<method>(` call outside the emulator, as the RAM action it needs: the
 *  product is the SDK client's, the action the method's name with its first letter upper-cased. */
function sdkCallsInSource(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "emulator") walk(full);
      } else if (entry.name.endsWith(".ts")) {
        for (const m of fs.readFileSync(full, "utf8").matchAll(/\.(ecs|vpc)\.([a-z][A-Za-z0-9]*)\(/g)) {
          found.add(`${m[1]}:${m[2]![0]!.toUpperCase()}${m[2]!.slice(1)}`);
        }
      }
    }
  };
  walk(path.join(ROOT, "src"));
  return found;
}

const actionsOf = (policy: unknown): string[] => (policy as { Statement: Array<{ Action: string[] }> }).Statement.flatMap((s) => s.Action);

describe("README's RAM policy", () => {
  it("shows the read, apply and guest-apply documents exactly as ramPolicy() builds them", () => {
    expect(readmePolicies()).toEqual([ramPolicy("read"), ramPolicy("apply"), ramPolicy("guest-apply")]);
  });

  it("grants every action the cloud layer calls through the SDK, under the product permissionFor() names", () => {
    const calls = sdkCallsInSource();
    // Not vacuous: the reads preview needs and both mutations are among the calls found.
    for (const known of ["ecs:DescribeNetworkInterfaces", "vpc:DescribeVSwitchAttributes", "ecs:AssignPrivateIpAddresses", "ecs:UnassignPrivateIpAddresses"]) {
      expect(calls).toContain(known);
    }
    const granted = new Set(readmePolicies().flatMap(actionsOf));
    for (const call of calls) {
      expect(granted, `README's RAM policy lacks ${call}`).toContain(call);
      expect(permissionFor(call.split(":")[1]!)).toBe(call);
    }
  });

  it("lets preview read only: its document holds Describe and List actions, no mutation", () => {
    const read = actionsOf(readmePolicies()[0]);
    expect(read.length).toBeGreaterThan(0);
    for (const action of read) expect(action).toMatch(/^(ecs|vpc):(Describe|List)[A-Z]/);
  });
});
