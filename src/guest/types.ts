// Public shapes of the guest renderers and their one error class. Plain data so the CLI can print it as
// JSON and other tools (cloud-init templates, Ansible, Cloud Assistant) can consume it without our code.

/** OS families whose configuration we render; order is the order the CLI help lists them. */
export const GUEST_OS_FAMILIES = ["rhel", "networkmanager", "debian", "sles", "netplan", "windows"] as const;
export type GuestOsFamily = (typeof GUEST_OS_FAMILIES)[number];

/**
 * Image names accepted in place of a family. Only NetworkManager images have aliases: the family name
 * says nothing to someone who knows their image as "Alibaba Cloud Linux 3" or "Rocky".
 */
export type GuestOsAlias = "alinux3" | "anolis8" | "rhel8" | "rhel9" | "rocky" | "almalinux" | "centos-stream";
/** Every value `guestOs` accepts: a family or an image alias. */
export type GuestOsName = GuestOsFamily | GuestOsAlias;

export const GUEST_OS_ALIASES: Readonly<Record<GuestOsAlias, GuestOsFamily>> = {
  alinux3: "networkmanager",
  anolis8: "networkmanager",
  rhel8: "networkmanager",
  rhel9: "networkmanager",
  rocky: "networkmanager",
  almalinux: "networkmanager",
  "centos-stream": "networkmanager",
};

/** Cloud Assistant command type that runs `GuestConfig.script` (RunCommand's `Type`). */
export type GuestScriptType = "RunShellScript" | "RunPowerShellScript";

/**
 * Exit codes of `GuestConfig.script`, stable so that whoever runs it (Cloud Assistant, a person) can
 * tell a missing interface from a failed apply without parsing the output.
 */
export const GUEST_SCRIPT_EXIT = {
  ok: 0,
  /** The addresses are not as intended after applying (the output lists which). */
  applyFailed: 1,
  /** Not run as root / Administrator. */
  notPrivileged: 2,
  /** The interface does not exist on this instance. */
  noInterface: 3,
  /** A tool the family needs (ip, ifup, nmcli, netplan) is not installed. */
  missingTool: 4,
  /** The interface is managed by something else than the family expects (wrong guestOs). */
  wrongFamily: 5,
  /** Another eni-ips script held the interface's lock for too long. */
  locked: 6,
} as const;

export interface GuestConfigInput {
  /** A family of GUEST_OS_FAMILIES or an alias of GUEST_OS_ALIASES. */
  readonly os: GuestOsFamily | string;
  /** Linux device (eth0) or Windows interface alias (Ethernet). */
  readonly interfaceName?: string;
  /**
   * Secondary private IPv4 addresses this resource owns on the interface, in any order. Empty renders
   * the removal of everything the resource configured earlier (what a delete runs).
   */
  readonly addresses: readonly string[];
  /** The vSwitch CIDR block: netmask and gateway come from it. */
  readonly cidrBlock: string;
  /**
   * The ENI's primary address. Required by networkmanager (it stays the connection's first address);
   * Windows uses it to turn a DHCP adapter static.
   */
  readonly primaryIpAddress?: string;
  /**
   * Which resource owns `addresses`: every file, block, state record and script is named by it, so
   * several resources on one interface never undo each other. Letters, digits, "_", ".", "-", at most
   * 64 characters (see `guestResourceKey` for arbitrary names). Default "default".
   */
  readonly resourceKey?: string;
}

export interface GuestFile {
  /** Absolute path on the guest. */
  readonly path: string;
  readonly content: string;
  /** Octal permission string such as "0644"; absent means the OS default is fine. */
  readonly mode?: string;
}

export interface GuestConfig {
  /** The family, also when the input named an alias such as alinux3. */
  readonly os: GuestOsFamily;
  readonly resourceKey: string;
  /** Write these first, in order (a person's way; `script` does all of it by itself). */
  readonly files: readonly GuestFile[];
  /** Then run these, in order, as root / Administrator. */
  readonly commands: readonly string[];
  /** What a person should know before running the commands. */
  readonly notes: readonly string[];
  /**
   * One self-contained script (POSIX sh, PowerShell on Windows) that writes the files and converges
   * the interface to exactly this resource's addresses, leaving every other address alone. Safe to run
   * again; exits with GUEST_SCRIPT_EXIT codes.
   */
  readonly script: string;
  /** How Cloud Assistant runs `script`. */
  readonly scriptType: GuestScriptType;
  /** `#cloud-config` user-data that installs and runs `script` at first boot; absent for Windows. */
  readonly cloudInit?: string;
  /** networkmanager only: a complete keyfile profile of the interface, for images built offline. */
  readonly keyfile?: GuestFile;
}

export type GuestConfigErrorCode =
  | "invalid_input"
  | "unknown_os"
  | "invalid_interface"
  | "invalid_cidr"
  | "invalid_ip"
  | "outside_cidr"
  | "reserved_ip"
  | "duplicate_ip"
  | "primary_ip"
  | "missing_primary"
  | "no_addresses"
  | "invalid_resource_key"
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
