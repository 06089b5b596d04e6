// The IPv4-prefix side of Assign/Unassign/CreateNetworkInterface: `Ipv4Prefix.N` or `Ipv4PrefixCount`
// (1-10, not both), and the answers to a prefix that is malformed, outside the vSwitch's prefix
// reservations, taken, or not there. No prefix-specific error codes are documented, so these are the
// closest documented ones (see the emulator README).
import type { AddressPicker } from "../address-picker";
import { ApiError, invalidParameter } from "../errors";
import type { Params } from "../params";
import { parsePrefix } from "../prefixes";
import { describeStanding, type AccountState, type Eni, type VSwitch } from "../state";

export const MAX_PREFIXES_PER_CALL = 10;

export interface PrefixRequest {
  listed: string[];
  count: number | undefined;
}

export function prefixRequest(p: Params): PrefixRequest {
  const listed = p.repeatList("Ipv4Prefix", MAX_PREFIXES_PER_CALL);
  const count = p.integer("Ipv4PrefixCount", 1, MAX_PREFIXES_PER_CALL);
  if (listed.length > 0 && count !== undefined) throw invalidParameter("Ipv4PrefixCount", "Ipv4Prefix.N and Ipv4PrefixCount cannot be specified together");
  return { listed, count };
}

export function wantsPrefixes(r: PrefixRequest): boolean {
  return r.listed.length > 0 || r.count !== undefined;
}

/** How many prefixes the request adds. */
export function prefixCount(r: PrefixRequest): number {
  return r.listed.length > 0 ? r.listed.length : (r.count ?? 0);
}

/** Explicit prefixes for `eni` (or a new ENI) in `vsw`: aligned /28s, each once, inside a prefix
 *  reservation, overlapping no address or prefix in use. */
export function checkPrefixes(state: AccountState, eni: Eni | undefined, vsw: VSwitch, prefixes: readonly string[]): void {
  const seen = new Set<string>();
  for (const prefix of prefixes) {
    if (!parsePrefix(prefix)) throw invalidParameter("Ipv4Prefix.N", `"${prefix}" is not an aligned IPv4 /28 (e.g. 10.0.1.16/28)`);
    if (seen.has(prefix)) throw new ApiError(403, "InvalidIp.IpRepeated", `The specified IPv4 prefix "${prefix}" is repeated in the request.`);
    seen.add(prefix);
  }
  for (const prefix of prefixes) {
    const standing = state.prefixStanding(vsw, prefix);
    if (standing.kind === "outside") {
      throw new ApiError(403, "InvalidVSwitchId.IpInvalid", `The specified IPv4 prefix "${prefix}" ${describeStanding(standing, vsw)}.`);
    }
    if (standing.kind === "taken") {
      const whose = standing.owner === eni?.networkInterfaceId ? "this network interface" : standing.owner;
      throw new ApiError(403, "InvalidIp.IpAssigned", `The specified IPv4 prefix "${prefix}" overlaps addresses already assigned to ${whose}.`);
    }
  }
}

/** The explicit prefixes once checked, or `count` picked from the free /28s of the reservations. */
export function choosePrefixes(state: AccountState, eni: Eni | undefined, vsw: VSwitch, r: PrefixRequest, picker: AddressPicker): string[] {
  if (r.listed.length > 0) {
    checkPrefixes(state, eni, vsw, r.listed);
    return r.listed;
  }
  const count = r.count ?? 0;
  const free = state.freePrefixCount(vsw);
  if (free < count) {
    throw new ApiError(403, "InvalidVSwitchId.IpNotEnough", `The specified VSwitch "${vsw.vSwitchId}" has not enough IpAddress: ${free} free /28 prefixes in its reserved CIDR blocks, ${count} asked.`);
  }
  return state.pickPrefixes(vsw, count, picker);
}
