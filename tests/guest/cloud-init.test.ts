// The cloud-init rendering is user-data the real cloud-init accepts (`cloud-init schema`, Debian's
// cloud-init, offline), and carries the script byte for byte.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { GUEST_OS_FAMILIES, renderGuestConfig } from "../../src/guest";
import { guestToolsOptedOut, guestToolsProblem } from "./guest-root";

const problem = guestToolsProblem(["cloud-init"]);
const LINUX = GUEST_OS_FAMILIES.filter((os) => os !== "windows");

function schema(userData: string): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), "eni-ips-cloud-init-"));
  try {
    writeFileSync(join(dir, "user-data"), userData);
    const r = spawnSync("cloud-init", ["schema", "--config-file", join(dir, "user-data")], { encoding: "utf8" });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(problem !== undefined && guestToolsOptedOut())("cloud-init user-data with the real cloud-init", () => {
  for (const os of LINUX) {
    it(`${os}: cloud-init schema accepts it, and it installs and runs the script unchanged`, () => {
      if (problem !== undefined) throw new Error(`cannot run the cloud-init tests: ${problem}`);
      const config = renderGuestConfig({ os, cidrBlock: "172.16.0.0/24", addresses: ["172.16.0.11", "172.16.0.10"], primaryIpAddress: "172.16.0.5", resourceKey: "web" });
      const userData = config.cloudInit ?? "";
      expect(userData.startsWith("#cloud-config\n")).toBe(true);
      const r = schema(userData);
      expect(r.status, r.out).toBe(0);
      expect(r.out).toMatch(/Valid cloud-config/);
      const doc = parseYaml(userData) as { write_files: { path: string; content: string; permissions: string }[]; runcmd: string[][] };
      expect(doc.write_files).toEqual([{ path: "/var/lib/eni-ips/scripts/eth0-web.sh", owner: "root:root", permissions: "0700", content: config.script }]);
      expect(doc.runcmd).toEqual([["sh", "/var/lib/eni-ips/scripts/eth0-web.sh"]]);
    });
  }

  it("the schema check is real: it refuses a permissions value of the wrong type", () => {
    if (problem !== undefined) throw new Error(`cannot run the cloud-init tests: ${problem}`);
    const config = renderGuestConfig({ os: "debian", cidrBlock: "172.16.0.0/24", addresses: ["172.16.0.10"] });
    const broken = (config.cloudInit ?? "").replace("    permissions: '0700'", "    permissions: 700");
    const r = schema(broken);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/write_files\.0\.permissions/);
  });
});

describe("cloud-init user-data", () => {
  it("is not rendered for Windows, whose script is PowerShell", () => {
    const config = renderGuestConfig({ os: "windows", cidrBlock: "172.16.0.0/24", addresses: ["172.16.0.10"] });
    expect(config.cloudInit).toBeUndefined();
    expect(config.scriptType).toBe("RunPowerShellScript");
  });
});
