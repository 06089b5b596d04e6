// DescribeNetworkInterfaces and DescribeNetworkInterfaceAttribute (docs/alibaba-api.md).
import { invalidParameter } from "../errors";
import { paginate } from "../paging";
import { eniJson } from "../render";
import type { Eni } from "../state";
import { inRegion, requireEni, type ActionDef } from "./context";

const STATUSES = new Set(["Available", "Attaching", "InUse", "Detaching", "Deleting"]);

export const describeNetworkInterfaces: ActionDef = {
  name: "DescribeNetworkInterfaces",
  product: "Ecs",
  mutation: false,
  run(ctx) {
    const p = ctx.params;
    const ids = p.repeatList("NetworkInterfaceId", 100);
    const ips = p.repeatList("PrivateIpAddress", 100);
    const vSwitchId = p.string("VSwitchId");
    const vpcId = p.string("VpcId");
    const instanceId = p.string("InstanceId");
    const type = p.string("Type");
    const status = p.string("Status");
    const primaryIp = p.string("PrimaryIpAddress");
    const sgId = p.string("SecurityGroupId");
    const name = p.string("NetworkInterfaceName");
    if (type !== undefined && type !== "Primary" && type !== "Secondary") throw invalidParameter("Type", `"${type}" is not Primary or Secondary`);
    if (status !== undefined && !STATUSES.has(status)) throw invalidParameter("Status", `"${status}" is not a network interface status`);
    const all: Eni[] = [];
    if (inRegion(ctx)) {
      const idSet = ids.length > 0 ? new Set(ids) : undefined;
      const ipSet = ips.length > 0 ? new Set(ips) : undefined;
      for (const eni of ctx.state.enis.values()) {
        if (idSet && !idSet.has(eni.networkInterfaceId)) continue;
        if (vSwitchId !== undefined && eni.vSwitchId !== vSwitchId) continue;
        if (vpcId !== undefined && eni.vpcId !== vpcId) continue;
        if (instanceId !== undefined && (eni.instanceId !== instanceId || eni.status === "Available")) continue;
        if (type !== undefined && eni.type !== type) continue;
        if (status !== undefined && eni.status !== status) continue;
        if (primaryIp !== undefined && eni.primaryIpAddress !== primaryIp) continue;
        // The real filter only matches secondary ENIs; primary ENIs are found via DescribeInstances.
        if (sgId !== undefined && (eni.type !== "Secondary" || !eni.securityGroupIds.includes(sgId))) continue;
        if (name !== undefined && eni.name !== name) continue;
        if (ipSet && !eni.secondaryIpAddresses.some((ip) => ipSet.has(ip)) && !ipSet.has(eni.primaryIpAddress)) continue;
        all.push(eni);
      }
    }
    const page = paginate(all, p, { minResults: 10, maxResults: 500, defaultResults: 10, maxPageSize: 1000, defaultPageSize: 10 });
    return {
      ...page.fields,
      NetworkInterfaceSets: { NetworkInterfaceSet: page.items.map((e) => eniJson(ctx.state, e, ctx.faults)) },
    };
  },
};

export const describeNetworkInterfaceAttribute: ActionDef = {
  name: "DescribeNetworkInterfaceAttribute",
  product: "Ecs",
  mutation: false,
  run(ctx) {
    const eni = requireEni(ctx, ctx.params.required("NetworkInterfaceId"));
    return eniJson(ctx.state, eni, ctx.faults);
  },
};
