// CreateNetworkInterface, AttachNetworkInterface, DetachNetworkInterface, DeleteNetworkInterface:
// enough ENI lifecycle for failover scenarios (move an ENI and its addresses to another instance).
// Attach, detach and delete are asynchronous in the cloud (their ECS API pages): Attaching, Detaching and
// Deleting stay visible for limits.transitionMs, then settle lazily on the next request.
import { ipv4ToInt } from "../../core/address";
import { ApiError, ecsStateAllowsEniChanges, instanceNotFound, invalidEcsState, invalidEniState, invalidParameter, missingParameter, securityGroupNotFound } from "../errors";
import { eniJson } from "../render";
import { macFor, type Eni } from "../state";
import { inRegion, requireEni, type ActionDef } from "./context";
import { checkPrefixes, choosePrefixes, prefixCount, prefixRequest, wantsPrefixes } from "./prefix-params";

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const createNetworkInterface: ActionDef = {
  name: "CreateNetworkInterface",
  product: "Ecs",
  mutation: true,
  idempotent: true,
  run(ctx) {
    const p = ctx.params;
    const vSwitchId = p.required("VSwitchId");
    const one = p.string("SecurityGroupId");
    const many = p.repeatList("SecurityGroupIds", 10);
    if (one !== undefined && many.length > 0) throw invalidParameter("SecurityGroupIds.N", "SecurityGroupId and SecurityGroupIds.N cannot be specified together");
    const sgIds = one !== undefined ? [one] : [...new Set(many)];
    if (sgIds.length === 0) throw missingParameter("SecurityGroupId");
    const region = inRegion(ctx);
    const vsw = region ? ctx.state.vSwitches.get(vSwitchId) : undefined;
    if (!vsw) throw new ApiError(404, "InvalidVSwitchId.NotFound", `The specified VSwitch "${vSwitchId}" does not exist.`);
    for (const id of sgIds) {
      const sg = ctx.state.securityGroups.get(id);
      if (!sg) throw securityGroupNotFound(id);
      if (sg.vpcId !== vsw.vpcId) throw new ApiError(403, "InvalidOperation.VpcMismatch", `Security group ${id} and vSwitch ${vSwitchId} are in different VPCs.`);
    }
    const types = new Set(sgIds.map((id) => ctx.state.securityGroups.get(id)?.type));
    if (types.size > 1) throw invalidParameter("SecurityGroupIds.N", "basic and advanced security groups cannot be mixed");
    const primary = p.string("PrimaryIpAddress");
    const listed = p.repeatList("PrivateIpAddress", 50);
    const count = p.integer("SecondaryPrivateIpAddressCount", 1);
    if (listed.length > 0 && count !== undefined) throw invalidParameter("SecondaryPrivateIpAddressCount", "PrivateIpAddress.N and SecondaryPrivateIpAddressCount cannot be specified together");
    const prefixes = prefixRequest(p);
    if (wantsPrefixes(prefixes) && (listed.length > 0 || count !== undefined)) {
      throw invalidParameter("Ipv4Prefix.N", "IPv4 prefixes (Ipv4Prefix.N, Ipv4PrefixCount) cannot be given with PrivateIpAddress.N or SecondaryPrivateIpAddressCount");
    }
    const explicit = primary !== undefined ? [primary, ...listed] : listed;
    const seen = new Set<string>();
    for (const ip of explicit) {
      if (seen.has(ip)) throw new ApiError(403, "InvalidIp.IpRepeated", `The specified IP "${ip}" is repeated in the request.`);
      seen.add(ip);
      const problem = ctx.state.addressProblem(vsw, ip);
      if (problem?.includes("already used")) throw new ApiError(400, "InvalidPrivateIpAddress.Duplicated", `Specified private IP address "${ip}" is duplicated.`);
      if (problem) throw new ApiError(403, "InvalidVSwitchId.IpInvalid", `The specified IpAddress "${ip}" is not valid in VSwitch CIDR block "${vsw.cidrBlock}": ${problem}.`);
    }
    if (prefixes.listed.length > 0) checkPrefixes(ctx.state, undefined, vsw, prefixes.listed);
    const autoCount = (primary === undefined ? 1 : 0) + (count ?? 0);
    const addressCount = explicit.length + autoCount;
    // Each prefix counts as one address toward the ENI's limit and the group's quota.
    const total = addressCount + prefixCount(prefixes);
    if (total > ctx.state.limits.availableEniIpLimit) {
      throw new ApiError(403, "InvalidOperation.Ipv4CountExceeded", `A new network interface may hold at most ${ctx.state.limits.availableEniIpLimit} private IPv4 addresses, ${total} requested.`);
    }
    // Creating a NIC in a vSwitch without room: the code RunInstances documents for the same condition.
    if (ctx.state.availableCount(vsw) < addressCount) throw new ApiError(400, "QuotaExceeded.PrivateIpAddress", "Don't have enough private IPs in this switch.");
    for (const id of sgIds) {
      const sg = ctx.state.securityGroups.get(id);
      if (sg?.type !== "normal") continue;
      const used = ctx.state.securityGroupUsage(sg);
      const quota = ctx.state.securityGroupCapacity(sg);
      if (used + total > quota) throw new ApiError(403, "SecurityGroupInstanceLimitExceed", `The maximum number of instances in a security group is exceeded: ${id} holds ${used} of ${quota} private IP addresses.`);
    }
    const chosenPrefixes = wantsPrefixes(prefixes) ? choosePrefixes(ctx.state, undefined, vsw, prefixes, ctx.picker) : [];
    const auto = ctx.state.pickAddresses(vsw, autoCount, ctx.picker, new Set(explicit.map(ipv4ToInt)));
    const primaryIp = primary ?? (auto.shift() as string);
    const id = ctx.state.newId("eni");
    const eni: Eni = {
      networkInterfaceId: id,
      type: "Secondary",
      status: "Available",
      vpcId: vsw.vpcId,
      vSwitchId: vsw.vSwitchId,
      zoneId: vsw.zoneId,
      securityGroupIds: sgIds,
      primaryIpAddress: primaryIp,
      secondaryIpAddresses: [],
      ipv4Prefixes: [],
      instanceId: undefined,
      macAddress: macFor(id),
      name: p.string("NetworkInterfaceName") ?? "",
      description: p.string("Description") ?? "",
      creationTime: isoSeconds(ctx.now),
      settlesTo: undefined,
    };
    ctx.state.enis.set(id, eni);
    ctx.state.claim(eni, primaryIp);
    ctx.state.addSecondary(eni, [...listed, ...auto]);
    ctx.state.addPrefixes(eni, chosenPrefixes);
    const { NetworkInterfaceId, Status, Type, VpcId, VSwitchId, ZoneId, PrivateIpAddress, MacAddress, SecurityGroupIds, PrivateIpSets, Ipv4PrefixSets, NetworkInterfaceName, Description, OwnerId, ResourceGroupId, Tags } =
      eniJson(ctx.state, eni, undefined);
    return { NetworkInterfaceId, Status, Type, VpcId, VSwitchId, ZoneId, PrivateIpAddress, MacAddress, SecurityGroupIds, PrivateIpSets, Ipv4PrefixSets, NetworkInterfaceName, Description, OwnerId, ResourceGroupId, Tags };
  },
};

export const attachNetworkInterface: ActionDef = {
  name: "AttachNetworkInterface",
  product: "Ecs",
  mutation: true,
  run(ctx) {
    const p = ctx.params;
    const eniId = p.required("NetworkInterfaceId");
    const instanceId = p.required("InstanceId");
    const eni = requireEni(ctx, eniId);
    const inst = ctx.state.instances.get(instanceId);
    if (!inst) throw instanceNotFound(instanceId);
    if (eni.type !== "Secondary") throw new ApiError(403, "InvalidOperation.InvalidEniType", `Network interface ${eniId} is a primary network interface and cannot be attached.`);
    if (eni.status !== "Available") throw invalidEniState("Available", eni.status);
    if (!ecsStateAllowsEniChanges(inst.status)) throw invalidEcsState(instanceId, inst.status);
    if (inst.vpcId !== eni.vpcId) throw new ApiError(403, "InvalidOperation.VpcMismatch", `Network interface ${eniId} and instance ${instanceId} are in different VPCs.`);
    if (inst.zoneId !== eni.zoneId) throw new ApiError(403, "InvalidOperation.AvailabilityZoneMismatch", `Network interface ${eniId} and instance ${instanceId} are in different zones.`);
    const type = ctx.state.instanceTypes.get(inst.instanceType);
    const attached = [...ctx.state.enis.values()].filter((e) => e.instanceId === instanceId && (e.type === "Primary" || e.status !== "Available")).length;
    if (type && attached >= type.eniQuantity) throw new ApiError(403, "EniPerInstanceLimitExceeded", `Instance ${instanceId} (${type.instanceTypeId}) already has ${attached} of ${type.eniQuantity} network interfaces.`);
    if (type && ctx.state.eniIpTotal(eni) > type.eniPrivateIpAddressQuantity) {
      throw new ApiError(403, "InvalidOperation.Ipv4CountExceeded", `Network interface ${eniId} holds ${ctx.state.eniIpTotal(eni)} private IPv4 addresses (prefixes counted as one), over the ${type.eniPrivateIpAddressQuantity} allowed per ENI by ${type.instanceTypeId}.`);
    }
    eni.instanceId = instanceId;
    ctx.state.transition(eni, "Attaching", "InUse", ctx.now, instanceId);
    return {};
  },
};

export const detachNetworkInterface: ActionDef = {
  name: "DetachNetworkInterface",
  product: "Ecs",
  mutation: true,
  run(ctx) {
    const p = ctx.params;
    const eniId = p.required("NetworkInterfaceId");
    const instanceId = p.required("InstanceId");
    const eni = requireEni(ctx, eniId);
    const inst = ctx.state.instances.get(instanceId);
    if (!inst) throw instanceNotFound(instanceId);
    if (eni.type === "Primary") throw new ApiError(400, "InvalidOperation.DetachPrimaryEniNotAllowed", `Network interface ${eniId} is a primary network interface and cannot be detached.`);
    if (eni.status !== "InUse" && eni.status !== "Detaching") throw invalidEniState("InUse", eni.status);
    // An ENI caught mid-detach may be detached again (its instance may already have let go of it).
    if (eni.instanceId !== undefined && eni.instanceId !== instanceId) throw invalidParameter("InstanceId", `network interface ${eniId} is not attached to ${instanceId}`);
    if (!ecsStateAllowsEniChanges(inst.status)) throw invalidEcsState(instanceId, inst.status);
    // Already on its way: a second detach changes nothing (an ENI stuck without a due time gets one).
    if (eni.status === "Detaching" && eni.settlesTo !== undefined) return {};
    ctx.state.transition(eni, "Detaching", "Available", ctx.now);
    return {};
  },
};

export const deleteNetworkInterface: ActionDef = {
  name: "DeleteNetworkInterface",
  product: "Ecs",
  mutation: true,
  run(ctx) {
    const eniId = ctx.params.required("NetworkInterfaceId");
    const eni = requireEni(ctx, eniId);
    if (eni.type === "Primary") throw new ApiError(403, "InvalidOperation.InvalidEniType", `Network interface ${eniId} is a primary network interface and is released with its instance.`);
    // A second delete while the first runs changes nothing; its addresses stay taken until it is gone.
    if (eni.status === "Deleting") return {};
    if (eni.status !== "Available") throw invalidEniState("Available", eni.status);
    ctx.state.transition(eni, "Deleting", "Deleted", ctx.now);
    return {};
  },
};
