// AssignPrivateIpAddresses and UnassignPrivateIpAddresses with every rule of docs/alibaba-api.md:
// ENI and instance state, vSwitch membership and reserved addresses, addresses in use, per-ENI
// limit, vSwitch exhaustion, basic security-group quota; and IPv4 prefixes (the ECS IP-prefix guide), each counted as
// one address. Checks run before any change, so a refused request changes nothing.
import { cidrContains, ipv4ToInt, isIpv4, isReservedInCidr } from "../../core/address";
import { ApiError, ecsStateAllowsEniChanges, invalidEcsState, invalidEniState, invalidParameter } from "../errors";
import type { AccountState, Eni, VSwitch } from "../state";
import { parsePrefix } from "../prefixes";
import { requireEni, type ActionContext, type ActionDef } from "./context";
import { checkPrefixes, choosePrefixes, MAX_PREFIXES_PER_CALL, prefixCount, prefixRequest, wantsPrefixes } from "./prefix-params";

/** Explicit addresses per call; older docs say 10, the SDK 7.11 model 32, the API page 50. */
const MAX_ADDRESSES_PER_CALL = 50;

function checkMutableEni(ctx: ActionContext, eni: Eni): void {
  if (eni.status !== "Available" && eni.status !== "InUse") throw invalidEniState("Available or InUse", eni.status);
  if (eni.type === "Primary" && eni.instanceId !== undefined) {
    const inst = ctx.state.instances.get(eni.instanceId);
    if (inst && !ecsStateAllowsEniChanges(inst.status)) throw invalidEcsState(inst.instanceId, inst.status);
  }
}

function vSwitchOf(state: AccountState, eni: Eni): VSwitch {
  const vsw = state.vSwitches.get(eni.vSwitchId);
  if (!vsw) throw new ApiError(404, "InvalidVSwitchId.NotFound", `The specified VSwitch "${eni.vSwitchId}" does not exist.`);
  return vsw;
}

function checkAddressesForAssign(state: AccountState, eni: Eni, vsw: VSwitch, addresses: readonly string[]): void {
  const seen = new Set<string>();
  for (const ip of addresses) {
    if (!isIpv4(ip)) throw invalidParameter("PrivateIpAddress.N", `"${ip}" is not a valid IPv4 address`);
    if (seen.has(ip)) throw new ApiError(403, "InvalidIp.IpRepeated", `The specified IP "${ip}" is repeated in the request.`);
    seen.add(ip);
  }
  for (const ip of addresses) {
    const n = ipv4ToInt(ip);
    if (!cidrContains(vsw.cidr, n) || isReservedInCidr(vsw.cidr, n)) {
      throw new ApiError(403, "InvalidVSwitchId.IpInvalid", `The specified IpAddress "${ip}" is not valid in VSwitch CIDR block "${vsw.cidrBlock}".`);
    }
    const owner = state.ownerOf(vsw.vSwitchId, ip);
    if (owner === eni.networkInterfaceId) throw new ApiError(403, "InvalidIp.IpAssigned", `The specified IP "${ip}" is already assigned to ${owner}.`);
    if (owner !== undefined) throw new ApiError(400, "InvalidPrivateIpAddress.Duplicated", `Specified private IP address "${ip}" is duplicated (in use by another network interface).`);
    const reserved = state.reservationAt(vsw, n);
    if (reserved) {
      throw new ApiError(403, "InvalidVSwitchId.IpInvalid", `The specified IpAddress "${ip}" is inside the reserved CIDR block ${reserved.cidrBlock} (${reserved.vSwitchCidrReservationId}) of VSwitch "${vsw.vSwitchId}", kept for IPv4 prefixes.`);
    }
  }
}

/** Per-ENI, vSwitch (for single addresses) and security-group capacity for `adding` more addresses
 *  or prefixes (each prefix counts as one). */
function checkCapacity(state: AccountState, eni: Eni, vsw: VSwitch, adding: number, singleAddresses: boolean): void {
  const { limit, source } = state.eniIpLimit(eni);
  const current = state.eniIpTotal(eni);
  if (current + adding > limit) {
    throw new ApiError(403, "InvalidOperation.Ipv4CountExceeded", `The number of private IPv4 addresses on ${eni.networkInterfaceId} would be ${current + adding} (each IPv4 prefix counts as one), over the limit of ${limit} (${source}).`);
  }
  if (singleAddresses && state.availableCount(vsw) < adding) {
    throw new ApiError(403, "InvalidVSwitchId.IpNotEnough", `The specified VSwitch "${vsw.vSwitchId}" has not enough IpAddress.`);
  }
  for (const sgId of eni.securityGroupIds) {
    const sg = state.securityGroups.get(sgId);
    if (!sg || sg.type !== "normal") continue;
    const used = state.securityGroupUsage(sg);
    const quota = state.securityGroupCapacity(sg);
    if (used + adding > quota) {
      throw new ApiError(403, "SecurityGroupInstanceLimitExceed", `The maximum number of instances in a security group is exceeded: ${sgId} holds ${used} of ${quota} private IP addresses.`);
    }
  }
}

export const assignPrivateIpAddresses: ActionDef = {
  name: "AssignPrivateIpAddresses",
  product: "Ecs",
  mutation: true,
  idempotent: true,
  run(ctx) {
    const p = ctx.params;
    const id = p.required("NetworkInterfaceId");
    const listed = p.repeatList("PrivateIpAddress", MAX_ADDRESSES_PER_CALL);
    const count = p.integer("SecondaryPrivateIpAddressCount");
    const prefixes = prefixRequest(p);
    if (listed.length > 0 && count !== undefined) {
      throw invalidParameter("SecondaryPrivateIpAddressCount", "PrivateIpAddress.N and SecondaryPrivateIpAddressCount cannot be specified together");
    }
    const wantsAddresses = listed.length > 0 || count !== undefined;
    if (wantsAddresses && wantsPrefixes(prefixes)) {
      throw invalidParameter("Ipv4Prefix.N", "IPv4 prefixes (Ipv4Prefix.N, Ipv4PrefixCount) and private IP addresses cannot be assigned in one request");
    }
    if (!wantsAddresses && !wantsPrefixes(prefixes)) {
      throw invalidParameter("PrivateIpAddress.N", "one of PrivateIpAddress.N, SecondaryPrivateIpAddressCount, Ipv4Prefix.N or Ipv4PrefixCount is required");
    }
    if (count !== undefined && count < 1) throw invalidParameter("SecondaryPrivateIpAddressCount", `${count} is not a positive count`);
    const eni = requireEni(ctx, id);
    checkMutableEni(ctx, eni);
    const vsw = vSwitchOf(ctx.state, eni);
    if (wantsPrefixes(prefixes)) {
      if (prefixes.listed.length > 0) checkPrefixes(ctx.state, eni, vsw, prefixes.listed);
      checkCapacity(ctx.state, eni, vsw, prefixCount(prefixes), false);
      const chosen = choosePrefixes(ctx.state, eni, vsw, prefixes, ctx.picker);
      ctx.state.addPrefixes(eni, chosen);
      return {
        AssignedPrivateIpAddressesSet: {
          NetworkInterfaceId: eni.networkInterfaceId,
          PrivateIpSet: { PrivateIpAddress: [] },
          Ipv4PrefixSet: { Ipv4Prefixes: chosen },
        },
      };
    }
    let addresses: string[];
    if (listed.length > 0) {
      checkAddressesForAssign(ctx.state, eni, vsw, listed);
      checkCapacity(ctx.state, eni, vsw, listed.length, true);
      addresses = listed;
    } else {
      const n = count as number;
      checkCapacity(ctx.state, eni, vsw, n, true);
      addresses = ctx.state.pickAddresses(vsw, n, ctx.picker);
    }
    ctx.state.addSecondary(eni, addresses);
    ctx.faults.hideNew(eni.networkInterfaceId, addresses);
    return {
      AssignedPrivateIpAddressesSet: {
        NetworkInterfaceId: eni.networkInterfaceId,
        PrivateIpSet: { PrivateIpAddress: addresses },
      },
    };
  },
};

export const unassignPrivateIpAddresses: ActionDef = {
  name: "UnassignPrivateIpAddresses",
  product: "Ecs",
  mutation: true,
  run(ctx) {
    const p = ctx.params;
    const id = p.required("NetworkInterfaceId");
    const listed = p.repeatList("PrivateIpAddress", MAX_ADDRESSES_PER_CALL);
    const prefixes = [...new Set(p.repeatList("Ipv4Prefix", MAX_PREFIXES_PER_CALL))];
    if (listed.length === 0 && prefixes.length === 0) throw new ApiError(400, "MissingParameter", 'The input parameter "PrivateIpAddress.N" that is mandatory for processing this request is not supplied.');
    const eni = requireEni(ctx, id);
    checkMutableEni(ctx, eni);
    for (const prefix of prefixes) {
      if (!parsePrefix(prefix)) throw invalidParameter("Ipv4Prefix.N", `"${prefix}" is not an aligned IPv4 /28`);
      if (!eni.ipv4Prefixes.includes(prefix)) throw new ApiError(403, "InvalidIp.IpUnassigned", `The specified IPv4 prefix "${prefix}" is not assigned on this ENI.`);
    }
    const addresses = [...new Set(listed)];
    for (const ip of addresses) {
      if (!isIpv4(ip)) throw invalidParameter("PrivateIpAddress.N", `"${ip}" is not a valid IPv4 address`);
      // The primary address is not a secondary one, so the API answers as for any address it does not hold.
      if (ip === eni.primaryIpAddress) {
        throw new ApiError(403, "InvalidIp.IpUnassigned", `The specified IP "${ip}" is the primary private IP address of ${eni.networkInterfaceId} and cannot be unassigned.`);
      }
      if (!eni.secondaryIpAddresses.includes(ip)) {
        throw new ApiError(403, "InvalidIp.IpUnassigned", `The specified IP "${ip}" is not assigned on this ENI.`);
      }
    }
    ctx.state.removeSecondary(eni, addresses);
    ctx.state.removePrefixes(eni, prefixes);
    ctx.faults.forget(eni.networkInterfaceId, addresses);
    return {};
  },
};
