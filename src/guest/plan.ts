// Input validation and the normalized plan every OS renderer works from: addresses parsed, sorted
// numerically, each with its stable alias number; netmask and gateway derived from the vSwitch block.
import {
  gatewayOf,
  intToIpv4,
  ipv4ToInt,
  isIpv4,
  isReservedInCidr,
  netmaskOf,
  parseCidr,
  VSWITCH_MAX_PREFIX,
  VSWITCH_MIN_PREFIX,
  type Cidr,
} from "../core/address";
import { createHash } from "node:crypto";
import { GUEST_OS_ALIASES, GUEST_OS_FAMILIES, GuestConfigError, type GuestConfigInput, type GuestOsAlias, type GuestOsFamily } from "./types";

export interface PlannedAddress {
  readonly address: string;
  readonly value: number;
  /**
   * Offset of the address inside the vSwitch block (172.16.0.10 in 172.16.0.0/24 -> 10). Unique per
   * block and a function of the address alone, so adding or removing other addresses never renumbers
   * this one: an alias file or label written yesterday still names the same address today.
   */
  readonly alias: number;
}

export interface GuestPlan {
  readonly os: GuestOsFamily;
  readonly interfaceName: string;
  readonly cidr: Cidr;
  /** Network address / prefix, host bits cleared (what the vSwitch really covers). */
  readonly cidrBlock: string;
  readonly prefixLength: number;
  readonly netmask: string;
  readonly gateway: string;
  /** Ascending by numeric value; empty when the resource lets go of everything. */
  readonly addresses: readonly PlannedAddress[];
  readonly primaryIpAddress: string | undefined;
  /** Names the resource's files, blocks and state records on the guest. */
  readonly resourceKey: string;
}

/** Linux device names: IFNAMSIZ is 16 bytes including the NUL. */
const LINUX_NAME_MAX = 15;
/** Names become part of file paths; this alphabet cannot climb out of the directory. */
const LINUX_NAME = /^[A-Za-z0-9_.-]+$/;
/** Windows aliases such as "Ethernet 2" carry single inner spaces; they only appear inside a quoted
 *  PowerShell literal and (spaces turned into dashes) a file name. */
const WINDOWS_NAME = /^[A-Za-z0-9_.-]+(?: [A-Za-z0-9_.-]+)*$/;
const WINDOWS_NAME_MAX = 128;

export function isGuestOsFamily(value: unknown): value is GuestOsFamily {
  return typeof value === "string" && (GUEST_OS_FAMILIES as readonly string[]).includes(value);
}

/** The family a `guestOs` value names, directly or through an image alias; undefined if neither. */
export function resolveGuestOs(value: unknown): GuestOsFamily | undefined {
  if (isGuestOsFamily(value)) return value;
  return typeof value === "string" && Object.hasOwn(GUEST_OS_ALIASES, value) ? GUEST_OS_ALIASES[value as GuestOsAlias] : undefined;
}

/** Every accepted `guestOs` value, families first: for messages and help. */
export function guestOsNames(): string[] {
  return [...GUEST_OS_FAMILIES, ...Object.keys(GUEST_OS_ALIASES)];
}

export const DEFAULT_RESOURCE_KEY = "default";
const RESOURCE_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const RESOURCE_KEY_MAX = 64;

/**
 * A resource key for any resource name: the name itself when it is already a valid key, else the name
 * with other characters turned into "-", shortened, plus 8 hex digits of its SHA-256 so that two names
 * that clean up alike ("a b", "a/b") still get different keys.
 */
export function guestResourceKey(name: string): string {
  if (RESOURCE_KEY.test(name)) return name;
  const cleaned = name.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, RESOURCE_KEY_MAX - 9);
  const hash = createHash("sha256").update(name, "utf8").digest("hex").slice(0, 8);
  return cleaned === "" ? `r-${hash}` : `${cleaned}-${hash}`;
}

export function defaultInterfaceName(os: GuestOsFamily): string {
  // "eth0" means nothing to Windows; "Ethernet" is the first adapter's alias on Alibaba's
  // English Windows Server images.
  return os === "windows" ? "Ethernet" : "eth0";
}

export function planGuestConfig(input: GuestConfigInput): GuestPlan {
  // A library entry point: JavaScript callers can hand it anything.
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new GuestConfigError("invalid_input", `renderGuestConfig takes an object { os, cidrBlock, addresses, … }, got ${input === null ? "null" : Array.isArray(input) ? "a list" : typeof input}`);
  }
  const os = resolveGuestOs(input.os);
  if (os === undefined) {
    throw new GuestConfigError("unknown_os", `unknown OS family "${String(input.os)}"; expected one of ${guestOsNames().join(", ")}`, String(input.os));
  }
  const resourceKey = input.resourceKey ?? DEFAULT_RESOURCE_KEY;
  if (typeof resourceKey !== "string" || !RESOURCE_KEY.test(resourceKey)) {
    throw new GuestConfigError(
      "invalid_resource_key",
      `resource key "${String(resourceKey)}" is not allowed: use letters, digits, "_", ".", "-", starting with a letter or digit, at most ${RESOURCE_KEY_MAX} characters (guestResourceKey makes one from any name)`,
      String(resourceKey),
    );
  }
  const interfaceName = validateInterfaceName(os, input.interfaceName ?? defaultInterfaceName(os));

  const cidr = typeof input.cidrBlock === "string" ? parseCidr(input.cidrBlock) : undefined;
  if (!cidr) {
    throw new GuestConfigError("invalid_cidr", `"${String(input.cidrBlock)}" is not an IPv4 CIDR block such as 172.16.0.0/24`, String(input.cidrBlock));
  }
  if (cidr.prefixLength < VSWITCH_MIN_PREFIX || cidr.prefixLength > VSWITCH_MAX_PREFIX) {
    throw new GuestConfigError(
      "invalid_cidr",
      `vSwitch CIDR block ${input.cidrBlock} has prefix /${cidr.prefixLength}; vSwitches use /${VSWITCH_MIN_PREFIX} to /${VSWITCH_MAX_PREFIX}`,
      input.cidrBlock,
    );
  }
  const cidrBlock = `${intToIpv4(cidr.first)}/${cidr.prefixLength}`;

  const primaryIpAddress = input.primaryIpAddress;
  if (primaryIpAddress !== undefined) checkAddress(primaryIpAddress, cidr, cidrBlock, "primary address");

  // An empty list is meaningful (the resource lets go of all its addresses); a missing one is a mistake.
  if (!Array.isArray(input.addresses)) {
    const got = typeof input.addresses === "string" ? `the string ${JSON.stringify(input.addresses)} (a list of one is ${JSON.stringify([input.addresses])})` : String(input.addresses);
    throw new GuestConfigError("no_addresses", `addresses must be a list of secondary private IP addresses (empty to remove the resource's addresses), got ${got}`);
  }
  const seen = new Set<number>();
  const addresses: PlannedAddress[] = [];
  for (const address of input.addresses) {
    const value = checkAddress(address, cidr, cidrBlock, "address");
    if (seen.has(value)) throw new GuestConfigError("duplicate_ip", `address ${address} is listed twice`, address);
    if (address === primaryIpAddress) {
      throw new GuestConfigError("primary_ip", `address ${address} is the ENI's primary address, which the OS already configures; list secondary addresses only`, address);
    }
    seen.add(value);
    addresses.push({ address, value, alias: value - cidr.first });
  }
  addresses.sort((a, b) => a.value - b.value);
  // NetworkManager makes the first static address the kernel's primary one; without the ENI's primary
  // listed first, traffic within the subnet would leave from a secondary address.
  if (os === "networkmanager" && addresses.length > 0 && primaryIpAddress === undefined) {
    throw new GuestConfigError("missing_primary", "networkmanager needs the ENI's primary address: it is kept as the connection's first address, ahead of the secondary ones");
  }

  return {
    os,
    interfaceName,
    cidr,
    cidrBlock,
    prefixLength: cidr.prefixLength,
    netmask: netmaskOf(cidr.prefixLength),
    gateway: gatewayOf(cidr),
    addresses,
    primaryIpAddress,
    resourceKey,
  };
}

function validateInterfaceName(os: GuestOsFamily, name: unknown): string {
  const windows = os === "windows";
  const ok =
    typeof name === "string" &&
    (windows ? WINDOWS_NAME.test(name) && name.length <= WINDOWS_NAME_MAX : LINUX_NAME.test(name) && name.length <= LINUX_NAME_MAX) &&
    !/^\.+$/.test(name);
  if (!ok) {
    const rule = windows
      ? `letters, digits, "_", ".", "-" and single inner spaces, at most ${WINDOWS_NAME_MAX} characters`
      : `letters, digits, "_", ".", "-", at most ${LINUX_NAME_MAX} characters`;
    throw new GuestConfigError("invalid_interface", `interface name "${String(name)}" is not allowed: use ${rule}, not only dots`, String(name));
  }
  return name;
}

function checkAddress(address: unknown, cidr: Cidr, cidrBlock: string, what: string): number {
  if (!isIpv4(address)) {
    throw new GuestConfigError("invalid_ip", `${what} "${String(address)}" is not an IPv4 address in dotted-quad form`, String(address));
  }
  const value = ipv4ToInt(address);
  if (value < cidr.first || value > cidr.last) {
    throw new GuestConfigError("outside_cidr", `${what} ${address} is outside the vSwitch CIDR block ${cidrBlock}`, address);
  }
  if (isReservedInCidr(cidr, value)) {
    throw new GuestConfigError(
      "reserved_ip",
      `${what} ${address} is reserved in ${cidrBlock} (Alibaba keeps the first address and the last three, the gateway ${gatewayOf(cidr)} among them)`,
      address,
    );
  }
  return value;
}

/**
 * `eth0:10`-style labels for the families that use Linux address labels. The kernel refuses labels
 * longer than 15 characters, and a /16 block gives alias numbers up to 65531, so long device names
 * are checked here rather than failing on the guest.
 */
export function aliasLabels(plan: GuestPlan): Map<number, string> {
  const labels = new Map<number, string>();
  for (const a of plan.addresses) {
    const label = `${plan.interfaceName}:${a.alias}`;
    if (label.length > LINUX_NAME_MAX) {
      throw new GuestConfigError(
        "label_too_long",
        `alias label ${label} for ${a.address} is longer than the ${LINUX_NAME_MAX} characters Linux allows; use a shorter interface name or the netplan family`,
        a.address,
      );
    }
    labels.set(a.value, label);
  }
  return labels;
}

export function labelOf(labels: ReadonlyMap<number, string>, a: PlannedAddress): string {
  const label = labels.get(a.value);
  if (label === undefined) throw new Error(`internal: no label for ${a.address}`);
  return label;
}

/** First line of every file we write: lets our cleanup commands find our files and only ours. */
export const MANAGED_MARKER = "# Managed by eni-ips";

/** The marker line of one resource's files: cleanup matches it exactly, so it never takes another's. */
export function resourceMarker(plan: GuestPlan): string {
  return `${MANAGED_MARKER} for resource ${plan.resourceKey}`;
}
