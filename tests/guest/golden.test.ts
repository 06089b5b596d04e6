// Golden files: the exact output per OS family for the README example. Regenerate deliberately with
// UPDATE_GOLDEN=1 and review the diff by eye against Alibaba's guide; a missing file fails.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatText } from "../../src/cli/commands/guest-config";
import { GUEST_OS_FAMILIES, renderGuestConfig, type GuestConfigInput } from "../../src/guest";

const GOLDEN = join(__dirname, "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** The README example: resource "web" owns two secondary addresses, given out of order, on a /24 vSwitch. */
const EXAMPLE = { cidrBlock: "172.16.0.0/24", addresses: ["172.16.0.11", "172.16.0.10"], primaryIpAddress: "172.16.0.5", resourceKey: "web" } as const;

const cases: { name: string; input: GuestConfigInput }[] = [
  ...GUEST_OS_FAMILIES.map((os) => ({ name: os, input: { ...EXAMPLE, os } })),
  // Windows without a primary address reads the DHCP lease instead; different script and notes.
  { name: "windows-no-primary", input: { os: "windows", cidrBlock: EXAMPLE.cidrBlock, addresses: EXAMPLE.addresses, resourceKey: "web" } },
  // What a delete runs: the resource lets go of everything it configured.
  { name: "rhel-removal", input: { ...EXAMPLE, os: "rhel", addresses: [] } },
];

describe("golden output per OS family", () => {
  for (const { name, input } of cases) {
    it(`renders ${name} exactly as reviewed`, () => {
      const config = renderGuestConfig(input);
      const text = formatText(config);
      const json = `${JSON.stringify(config, null, 2)}\n`;
      const textPath = join(GOLDEN, `${name}.txt`);
      const jsonPath = join(GOLDEN, `${name}.json`);
      // The script on its own, so a review reads it as the guest will (the JSON escapes it).
      const scriptPath = join(GOLDEN, `${name}.${config.scriptType === "RunPowerShellScript" ? "ps1" : "sh"}`);
      if (UPDATE) {
        writeFileSync(textPath, text);
        writeFileSync(jsonPath, json);
        writeFileSync(scriptPath, config.script);
      }
      expect(existsSync(textPath), `${textPath} missing; run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(text).toBe(readFileSync(textPath, "utf8"));
      expect(json).toBe(readFileSync(jsonPath, "utf8"));
      expect(config.script).toBe(readFileSync(scriptPath, "utf8"));
    });
  }
});
