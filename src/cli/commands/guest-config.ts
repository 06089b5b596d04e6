// `eni-ips guest-config`: print the OS network configuration for one resource's secondary addresses,
// as text a person can paste (files, then commands), the converging script, cloud-init user-data, a
// NetworkManager keyfile, or the GuestConfig JSON for other tools; with --apply, runs the script on an
// instance through Cloud Assistant (guest-apply.ts).
import { parseArgs } from "node:util";
import { GUEST_OS_ALIASES, GUEST_OS_FAMILIES, GuestConfigError, renderGuestConfig, type GuestConfig } from "../../guest";
import { GUEST_SCRIPT_TIMEOUT_SECONDS } from "../../cloud/cloud-assistant";
import { runGuarded } from "../guard";
import { EXIT_OK, UsageError, type CliIo, type Command } from "../io";
import { escapeTerminal, quoted } from "../terminal-text";

const FORMATS = ["text", "json", "script", "cloud-init", "keyfile"] as const;
type Format = (typeof FORMATS)[number];

const HELP = `usage: eni-ips guest-config --os OS --cidr CIDR [--interface NAME] [--primary IP] [--resource KEY]
                           [--format ${FORMATS.join("|")} | --apply INSTANCE_ID [--timeout SECONDS]] ADDRESS...

Print the guest OS configuration that brings one resource's secondary private IPv4 addresses up on an
interface. With --resource and no address: what removes everything that resource configured.
With --apply: run that converging script on the instance through Cloud Assistant instead, and wait
for it (credentials and region as for every command: ALIBABA_CLOUD_* variables or the default chain).

options:
  --os OS            ${GUEST_OS_FAMILIES.join(" | ")}
                     (networkmanager also as ${Object.keys(GUEST_OS_ALIASES).join(", ")})
  --cidr CIDR        the vSwitch CIDR block (netmask and gateway come from it)
  --interface NAME   device (default eth0) or, for windows, interface alias (default Ethernet)
  --primary IP       the ENI's primary address (required by networkmanager; windows: used when turning
                     a DHCP adapter static)
  --resource KEY     the resource owning the addresses; names its files on the guest (default "default")
  --format FORMAT    text (default): "# file: PATH", the content, then "# run:" and the commands;
                     json: the GuestConfig object; script: the converging script (sh, or PowerShell);
                     cloud-init: #cloud-config user-data running that script at first boot;
                     keyfile: a NetworkManager profile for images built offline (networkmanager only)
  --apply INSTANCE   run the script on this instance (RunCommand, RunShellScript or, for windows,
                     RunPowerShellScript); prints what it printed. Exit 0 when it succeeded, 1 when
                     the instance's agent cannot run it (rule 15) or it failed or timed out (its exit
                     code and last lines on stderr), 2 for usage, credentials or API errors
  --region REGION    the instance's region (default ALIBABA_CLOUD_REGION_ID)
  --timeout SECONDS  how long the script may run (default ${GUEST_SCRIPT_TIMEOUT_SECONDS})
`;

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

export const guestConfig: Command = async (argv, io) => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        os: { type: "string" },
        cidr: { type: "string" },
        interface: { type: "string" },
        primary: { type: "string" },
        resource: { type: "string" },
        format: { type: "string" },
        apply: { type: "string" },
        region: { type: "string" },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    // node:util reports unknown options and missing values as TypeErrors; to the user that is usage.
    throw new UsageError(`${escapeTerminal(error instanceof Error ? error.message : String(error))}\n\n${HELP}`, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  if (values.os === undefined) throw new UsageError(`--os is required (${GUEST_OS_FAMILIES.join(", ")})`);
  if (values.cidr === undefined) throw new UsageError("--cidr is required (the vSwitch CIDR block, e.g. 172.16.0.0/24)");
  if (values.apply !== undefined && values.format !== undefined) throw new UsageError("--apply runs the script; it takes no --format");
  if (values.apply === undefined && (values.region !== undefined || values.timeout !== undefined)) throw new UsageError("--region and --timeout go with --apply INSTANCE_ID");
  const format = values.format ?? "text";
  if (!isFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not ${quoted(format)}`);
  // No address means "remove this resource's addresses": only when the resource is named on purpose.
  if (positionals.length === 0 && values.resource === undefined) {
    throw new UsageError("give at least one secondary private IP address (or --resource KEY and none, to render the removal of that resource's addresses)");
  }

  let config: GuestConfig;
  try {
    config = renderGuestConfig({
      os: values.os,
      cidrBlock: values.cidr,
      addresses: positionals,
      ...(values.interface !== undefined ? { interfaceName: values.interface } : {}),
      ...(values.primary !== undefined ? { primaryIpAddress: values.primary } : {}),
      ...(values.resource !== undefined ? { resourceKey: values.resource } : {}),
    });
  } catch (error) {
    if (error instanceof GuestConfigError) throw new UsageError(escapeTerminal(error.message), { cause: error });
    throw error;
  }

  if (values.apply !== undefined) return applyConfig(io, config, values.apply, values.region, values.timeout);
  io.stdout.write(formatConfig(config, format));
  return EXIT_OK;
};

async function applyConfig(io: CliIo, config: GuestConfig, instanceId: string, regionArg: string | undefined, timeoutArg: string | undefined): Promise<number> {
  if (!/^i-[A-Za-z0-9]+$/.test(instanceId)) throw new UsageError(`--apply takes an instance id such as i-bp1example, not ${quoted(instanceId)}`);
  const timeoutSeconds = timeoutArg === undefined ? GUEST_SCRIPT_TIMEOUT_SECONDS : Number(timeoutArg);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 86_400) {
    throw new UsageError(`--timeout takes whole seconds from 1 to 86400, not ${quoted(String(timeoutArg))}`);
  }
  const regionId = (regionArg ?? io.env["ALIBABA_CLOUD_REGION_ID"] ?? "").trim();
  if (regionId === "") throw new UsageError("--apply needs a region: --region REGION or ALIBABA_CLOUD_REGION_ID");
  const { applyOnInstance } = await import("../guest-apply.js");
  return runGuarded(io, "guest-config", () => applyOnInstance(io, config, { instanceId, regionId, timeoutSeconds }));
}

function formatConfig(config: GuestConfig, format: Format): string {
  switch (format) {
    case "text":
      return formatText(config);
    case "json":
      return `${JSON.stringify(config, null, 2)}\n`;
    case "script":
      return config.script;
    case "cloud-init":
      if (config.cloudInit === undefined) {
        throw new UsageError(`--format cloud-init: Windows images do not read #cloud-config; use --format script (PowerShell)`);
      }
      return config.cloudInit;
    case "keyfile":
      if (config.keyfile === undefined) throw new UsageError(`--format keyfile is for --os networkmanager (and its aliases), not ${config.os}`);
      return config.keyfile.content;
  }
}

export function formatText(config: GuestConfig): string {
  const out: string[] = [];
  for (const file of config.files) {
    out.push(`# file: ${file.path}`);
    if (file.mode !== undefined) out.push(`# mode: ${file.mode}`);
    out.push(file.content.endsWith("\n") ? file.content.slice(0, -1) : file.content, "");
  }
  out.push("# run:", ...config.commands, "");
  for (const note of config.notes) out.push(`# note: ${note}`);
  return `${out.join("\n")}\n`;
}

