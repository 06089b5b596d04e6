// `eni-ips guest-config`: print the OS network configuration for secondary addresses, as text a person
// can paste (files, then commands) or as the GuestConfig JSON for other tools.
import { parseArgs } from "node:util";
import { GUEST_OS_FAMILIES, GuestConfigError, renderGuestConfig, type GuestConfig } from "../../guest";
import { EXIT_OK, UsageError, type Command } from "../io";

const HELP = `usage: eni-ips guest-config --os OS --cidr CIDR [--interface NAME] [--primary IP] [--format text|json] ADDRESS...

Print the guest OS configuration that brings secondary private IPv4 addresses up on an interface.

options:
  --os OS            ${GUEST_OS_FAMILIES.join(" | ")}
  --cidr CIDR        the vSwitch CIDR block (netmask and gateway come from it)
  --interface NAME   device (default eth0) or, for windows, interface alias (default Ethernet)
  --primary IP       the ENI's primary address (windows: used when turning a DHCP adapter static)
  --format FORMAT    text (default): "# file: PATH", the content, then "# run:" and the commands;
                     json: the GuestConfig object
`;

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
        format: { type: "string", default: "text" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    // node:util reports unknown options and missing values as TypeErrors; to the user that is usage.
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  if (values.os === undefined) throw new UsageError(`--os is required (${GUEST_OS_FAMILIES.join(", ")})`);
  if (values.cidr === undefined) throw new UsageError("--cidr is required (the vSwitch CIDR block, e.g. 172.16.0.0/24)");
  if (values.format !== "text" && values.format !== "json") throw new UsageError(`--format must be text or json, not "${values.format}"`);
  if (positionals.length === 0) throw new UsageError("give at least one secondary private IP address");

  let config: GuestConfig;
  try {
    config = renderGuestConfig({
      os: values.os,
      cidrBlock: values.cidr,
      addresses: positionals,
      ...(values.interface !== undefined ? { interfaceName: values.interface } : {}),
      ...(values.primary !== undefined ? { primaryIpAddress: values.primary } : {}),
    });
  } catch (error) {
    if (error instanceof GuestConfigError) throw new UsageError(error.message, { cause: error });
    throw error;
  }

  io.stdout.write(values.format === "json" ? `${JSON.stringify(config, null, 2)}\n` : formatText(config));
  return EXIT_OK;
};

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

