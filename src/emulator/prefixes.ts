// IPv4 prefixes and vSwitch CIDR reservations (the ECS IP-prefix guide and SDK models; the VPC CreateVSwitchCidrReservation page): a
// prefix is an aligned /28 taken from a prefix-type reservation of the ENI's vSwitch; a reservation is
// a proper subset of the vSwitch CIDR, /28 or larger, clear of the system-reserved addresses and of the
// other reservations, at most ten per vSwitch. The parsing and the rules live here; the state applies them.
import { cidrContains, IPV4_PREFIX_LENGTH, IPV4_PREFIX_SIZE, isReservedInCidr, parseAlignedCidr, type Cidr } from "../core/address";

export { parseAlignedCidr };
export const PREFIX_LENGTH = IPV4_PREFIX_LENGTH;
export const PREFIX_SIZE = IPV4_PREFIX_SIZE;
/** Reserved IPv4 CIDR blocks per vSwitch (the CreateVSwitchCidrReservation page). */
export const MAX_RESERVATIONS_PER_VSWITCH = 10;

export interface Reservation {
  vSwitchCidrReservationId: string;
  vSwitchId: string;
  cidrBlock: string;
  cidr: Cidr;
  type: "prefix";
  name: string;
  description: string;
  creationTime: string;
}

/** An aligned IPv4 /28, the only prefix ECS assigns. */
export function parsePrefix(text: string): Cidr | undefined {
  const cidr = parseAlignedCidr(text);
  return cidr && cidr.prefixLength === PREFIX_LENGTH ? cidr : undefined;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** Why `cidr` cannot be a new reservation of a vSwitch (`vswCidr`, holding `existing`), or undefined. */
export function reservationProblem(vswCidr: Cidr, existing: readonly Reservation[], text: string, cidr: Cidr | undefined): string | undefined {
  if (!cidr) return `"${text}" is not an IPv4 CIDR block with its host bits clear`;
  if (cidr.prefixLength <= vswCidr.prefixLength || !cidrContains(vswCidr, cidr.first) || !cidrContains(vswCidr, cidr.last)) {
    return `${text} is not a proper subset of the vSwitch CIDR ${vswCidr.cidrBlock}`;
  }
  if (cidr.prefixLength > PREFIX_LENGTH) return `${text}: a reserved CIDR block is /${PREFIX_LENGTH} or larger`;
  if (isReservedInCidr(vswCidr, cidr.first) || isReservedInCidr(vswCidr, cidr.last)) {
    return `${text} contains system-reserved addresses of ${vswCidr.cidrBlock} (the first and the last three)`;
  }
  const clash = existing.find((r) => overlaps(r.cidr, cidr));
  if (clash) return `${text} overlaps the reserved CIDR block ${clash.cidrBlock} (${clash.vSwitchCidrReservationId})`;
  if (existing.length >= MAX_RESERVATIONS_PER_VSWITCH) return `the vSwitch already has ${MAX_RESERVATIONS_PER_VSWITCH} reserved IPv4 CIDR blocks`;
  return undefined;
}

/** Starts of the aligned /28 blocks of the reservations, in address order. */
export function prefixBlocks(reservations: readonly Reservation[]): number[] {
  const out: number[] = [];
  for (const r of [...reservations].sort((a, b) => a.cidr.first - b.cidr.first)) {
    for (let start = r.cidr.first; start + PREFIX_SIZE - 1 <= r.cidr.last; start += PREFIX_SIZE) out.push(start);
  }
  return out;
}
