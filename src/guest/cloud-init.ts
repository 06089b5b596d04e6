// cloud-init user-data for instances created with their addresses already known: the converging
// script as a file (write_files) run once at first boot (runcmd). User-data cannot carry network
// configuration on Alibaba's datasource, and the script already knows how to apply without a restart.
import type { GuestPlan } from "./plan";
import { STATE_DIR } from "./shell-script";

export function cloudInitScriptPath(plan: GuestPlan): string {
  return `${STATE_DIR}/scripts/${plan.interfaceName}-${plan.resourceKey}.sh`;
}

export function renderCloudInit(plan: GuestPlan, script: string): string {
  const path = cloudInitScriptPath(plan);
  // A literal block scalar keeps the script byte for byte; every line is indented past the key.
  const body = script
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => (line === "" ? "" : `      ${line}`))
    .join("\n");
  return [
    "#cloud-config",
    `# eni-ips: secondary private IPv4 addresses of ${plan.interfaceName} for resource ${plan.resourceKey} (vSwitch ${plan.cidrBlock}).`,
    "write_files:",
    `  - path: ${path}`,
    "    owner: root:root",
    "    permissions: '0700'",
    "    content: |",
    body,
    "runcmd:",
    `  - [sh, ${path}]`,
    "",
  ].join("\n");
}
