// Public shapes of the guest renderers and their one error class. Plain data so the CLI can print it as
// JSON and other tools (cloud-init templates, Ansible) can consume it without our code.

/** OS families whose configuration we render; order is the order the CLI help lists them. */
export const GUEST_OS_FAMILIES = ["rhel", "debian", "sles", "netplan", "windows"] as const;
export type GuestOsFamily = (typeof GUEST_OS_FAMILIES)[number];

export interface GuestConfigInput {
  readonly os: GuestOsFamily | string;
  /** Linux device (eth0) or Windows interface alias (Ethernet). */
  readonly interfaceName?: string;
  /** Secondary private IPv4 addresses of the ENI, in any order. */
  readonly addresses: readonly string[];
  /** The vSwitch CIDR block: netmask and gateway come from it. */
  readonly cidrBlock: string;
  /** The ENI's primary address; Windows needs it to turn a DHCP adapter static. */
  readonly primaryIpAddress?: string;
}

export interface GuestFile {
  /** Absolute path on the guest. */
  readonly path: string;
  readonly content: string;
  /** Octal permission string such as "0644"; absent means the OS default is fine. */
  readonly mode?: string;
}

export interface GuestConfig {
  readonly os: GuestOsFamily;
  /** Write these first, in order. */
  readonly files: readonly GuestFile[];
  /** Then run these, in order, as root / Administrator. */
  readonly commands: readonly string[];
  /** What a person should know before running the commands. */
  readonly notes: readonly string[];
}

export type GuestConfigErrorCode =
  | "unknown_os"
  | "invalid_interface"
  | "invalid_cidr"
  | "invalid_ip"
  | "outside_cidr"
  | "reserved_ip"
  | "duplicate_ip"
  | "primary_ip"
  | "no_addresses"
  | "label_too_long";

/** Bad input to renderGuestConfig; `code` is stable, `value` is the offending input. */
export class GuestConfigError extends Error {
  override readonly name = "GuestConfigError";
  readonly code: GuestConfigErrorCode;
  readonly value: string | undefined;

  constructor(code: GuestConfigErrorCode, message: string, value?: string) {
    super(message);
    this.code = code;
    this.value = value;
  }
}
