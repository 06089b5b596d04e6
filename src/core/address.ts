// IPv4 address and CIDR math shared by the core and the emulator. Syntax is judged strictly (what the
// ECS API accepts as a single address), then addresses become 32-bit integers so membership and
// reserved-address checks stay O(1) over hundreds of thousands of addresses.
import { Address4 } from "ip-address";

/** Dotted quad, four decimal octets 0-255, no leading zeros, no prefix: the only form ECS takes. */
const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Alibaba reserves the first address and the last three of every vSwitch CIDR. */
export const RESERVED_AT_START = 1;
export const RESERVED_AT_END = 3;

/** vSwitch masks Alibaba allows (CreateVSwitch): /16 to /29. Other masks still compute correctly. */
export const VSWITCH_MIN_PREFIX = 16;
export const VSWITCH_MAX_PREFIX = 29;

export function isIpv4(value: unknown): value is string {
  return typeof value === "string" && DOTTED_QUAD.test(value) && Address4.isValid(value);
}

/**
 * Strict parse straight to the integer form, or undefined: the same language as `isIpv4` (a property
 * test holds them equal) without the regex and the ip-address object, because validate() runs it over
 * every address of every vSwitch a run touches (hundreds of thousands).
 */
export function parseIpv4(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const len = value.length;
  if (len < 7 || len > 15) return undefined;
  let n = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < len; i++) {
    const c = value.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || ++dots > 3) return undefined;
      n = n * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return undefined; // leading zero
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return n * 256 + octet;
}

/** Integer form of a valid dotted quad; callers check `isIpv4` first. */
export function ipv4ToInt(address: string): number {
  let n = 0;
  let octet = 0;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c === 46 /* . */) {
      n = n * 256 + octet;
      octet = 0;
    } else {
      octet = octet * 10 + (c - 48);
    }
  }
  return n * 256 + octet;
}

export function intToIpv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export interface Cidr {
  readonly cidrBlock: string;
  readonly prefixLength: number;
  /** Network address as an integer. */
  readonly first: number;
  /** Broadcast address as an integer. */
  readonly last: number;
  /** Number of addresses in the block. */
  readonly size: number;
}

/** Parses `a.b.c.d/n`; host bits are cleared (the block a vSwitch really covers). */
export function parseCidr(cidrBlock: string): Cidr | undefined {
  const slash = cidrBlock.indexOf("/");
  if (slash < 0) return undefined;
  const base = cidrBlock.slice(0, slash);
  const prefixText = cidrBlock.slice(slash + 1);
  if (!isIpv4(base) || !/^(3[0-2]|[12]?\d)$/.test(prefixText)) return undefined;
  const prefixLength = Number(prefixText);
  const size = 2 ** (32 - prefixLength);
  const first = Math.floor(ipv4ToInt(base) / size) * size;
  return { cidrBlock, prefixLength, first, last: first + size - 1, size };
}

export function cidrContains(cidr: Cidr, address: number): boolean {
  return address >= cidr.first && address <= cidr.last;
}

/** The first address and the last three of the block cannot be assigned. */
export function isReservedInCidr(cidr: Cidr, address: number): boolean {
  return address < cidr.first + RESERVED_AT_START || address > cidr.last - RESERVED_AT_END;
}

/** Addresses a user may ever assign in the block (2^(32-n) - 4 for a vSwitch). */
export function usableAddressCount(cidr: Cidr): number {
  return Math.max(0, cidr.size - RESERVED_AT_START - RESERVED_AT_END);
}

/** Dotted-quad netmask of a prefix length (24 -> 255.255.255.0). */
export function netmaskOf(prefixLength: number): string {
  const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  return intToIpv4(mask);
}

/** Alibaba's vSwitch gateway: the third-last address of the block (x.x.x.253 in a /24). */
export function gatewayOf(cidr: Cidr): string {
  return intToIpv4(cidr.last - 2);
}

/**
 * The lowest `count` assignable addresses of the block not in `used` and outside the `reserved`
 * blocks (a vSwitch's prefix reservations, kept for IPv4 prefixes), in ascending order; fewer if the
 * block runs out. The provider's count picks and the emulator's lowest-first order use it.
 */
export function pickFreeAddresses(cidr: Cidr, used: Pick<ReadonlySet<number>, "has">, count: number, reserved: readonly Cidr[] = []): number[] {
  const picked: number[] = [];
  const blocks = reserved.length < 2 ? reserved : [...reserved].sort((a, b) => a.first - b.first);
  let next = 0;
  for (let a = cidr.first + RESERVED_AT_START; a <= cidr.last - RESERVED_AT_END && picked.length < count; a++) {
    while (next < blocks.length && blocks[next]!.last < a) next++;
    const block = blocks[next];
    if (block !== undefined && block.first <= a) {
      a = block.last; // skip the whole reserved block
      continue;
    }
    if (!used.has(a)) picked.push(a);
  }
  return picked;
}

// --- IPv4 prefixes -------------------------------------------------------------------------------

/** ECS assigns IPv4 prefixes as aligned /28 blocks (16 addresses) only. */
export const IPV4_PREFIX_LENGTH = 28;
export const IPV4_PREFIX_SIZE = 16;
/** Prefixes per AssignPrivateIpAddresses / CreateNetworkInterface call (Ipv4Prefix.N, Ipv4PrefixCount: 1-10). */
export const MAX_IPV4_PREFIXES_PER_CALL = 10;

/** `a.b.c.d/n` whose address is the block's first (no host bits set), else undefined. */
export function parseAlignedCidr(text: string): Cidr | undefined {
  const cidr = parseCidr(text);
  if (!cidr) return undefined;
  return text.slice(0, text.indexOf("/")) === intToIpv4(cidr.first) ? cidr : undefined;
}

/** What is wrong with a would-be IPv4 prefix: not a CIDR block, not a /28, or a /28 with host bits set. */
export type Ipv4PrefixProblem = "not_a_prefix" | "not_28" | "not_aligned";

/**
 * The first address of an aligned IPv4 /28 ("10.0.3.64/28" -> 10.0.3.64 as an integer), or what is
 * wrong with it. Strict like parseIpv4: the address is a dotted quad without leading zeros.
 */
export function parseIpv4Prefix(value: unknown): number | Ipv4PrefixProblem {
  if (typeof value !== "string") return "not_a_prefix";
  const slash = value.indexOf("/");
  const base = slash < 0 ? undefined : parseIpv4(value.slice(0, slash));
  const length = value.slice(slash + 1);
  if (base === undefined || !/^(3[0-2]|[12]?\d)$/.test(length)) return "not_a_prefix";
  if (length !== "28") return "not_28";
  return base % IPV4_PREFIX_SIZE === 0 ? base : "not_aligned";
}

/** The prefix text of a /28 block's first address. */
export function ipv4PrefixText(first: number): string {
  return `${intToIpv4(first)}/${IPV4_PREFIX_LENGTH}`;
}

/** The aligned /28 holding an address. */
export function ipv4PrefixOf(address: number): number {
  return address - (address % IPV4_PREFIX_SIZE);
}
