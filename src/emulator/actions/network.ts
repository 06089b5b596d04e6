// DescribeSecurityGroups (ECS) and the VPC product's DescribeVSwitchAttributes / DescribeVSwitches
// (docs/alibaba-api.md): the capacity facts behind the quota and exhaustion rules.
import { ApiError, missingParameter } from "../errors";
import { paginate } from "../paging";
import { vSwitchJson } from "../render";
import type { ActionDef } from "./context";

export const describeSecurityGroups: ActionDef = {
  name: "DescribeSecurityGroups",
  product: "Ecs",
  mutation: false,
  run(ctx) {
    const p = ctx.params;
    const region = p.required("RegionId");
    const one = p.string("SecurityGroupId");
    const many = p.jsonArray("SecurityGroupIds", 100);
    const vpcId = p.string("VpcId");
    const type = p.string("SecurityGroupType");
    const withCounts = p.boolean("IsQueryEcsCount") ?? false;
    if (type !== undefined && type !== "normal" && type !== "enterprise") {
      throw new ApiError(400, "InvalidParameter", `The specified parameter "SecurityGroupType" is not valid: "${type}" is not normal or enterprise`);
    }
    const ids = one !== undefined || many !== undefined ? new Set([...(one !== undefined ? [one] : []), ...(many ?? [])]) : undefined;
    const all = region !== ctx.state.regionId ? [] : [...ctx.state.securityGroups.values()].filter(
      (g) => (!ids || ids.has(g.securityGroupId)) && (vpcId === undefined || g.vpcId === vpcId) && (type === undefined || g.type === type),
    );
    const page = paginate(all, p, { minResults: 10, maxResults: 100, defaultResults: 10, maxPageSize: 50, defaultPageSize: 10 });
    return {
      RegionId: region,
      ...page.fields,
      SecurityGroups: {
        SecurityGroup: page.items.map((g) => {
          // Deprecated, "for reference only" (the DescribeSecurityGroups page): instances, not the private IPs the
          // quota counts, so a client that sums addresses from them is wrong here as in the cloud.
          const instances = ctx.state.securityGroupInstances(g);
          const capacity = ctx.state.securityGroupCapacity(g);
          return {
            SecurityGroupId: g.securityGroupId,
            SecurityGroupName: g.name ?? "",
            SecurityGroupType: g.type,
            VpcId: g.vpcId,
            Description: "",
            CreationTime: "2024-05-01T08:00:00Z",
            ResourceGroupId: "",
            ServiceManaged: false,
            Tags: { Tag: [] },
            ...(withCounts ? { EcsCount: instances, AvailableInstanceAmount: Math.max(0, capacity - instances) } : {}),
          };
        }),
      },
    };
  },
};

export const describeVSwitchAttributes: ActionDef = {
  name: "DescribeVSwitchAttributes",
  product: "Vpc",
  mutation: false,
  run(ctx) {
    const id = ctx.params.required("VSwitchId");
    const region = ctx.params.string("RegionId");
    const vsw = region === undefined || region === ctx.state.regionId ? ctx.state.vSwitches.get(id) : undefined;
    if (!vsw) throw new ApiError(404, "InvalidVswitchID.NotFound", `Specified virtual switch "${id}" does not exist.`);
    return vSwitchJson(ctx.state, vsw);
  },
};

export const describeVSwitches: ActionDef = {
  name: "DescribeVSwitches",
  product: "Vpc",
  mutation: false,
  run(ctx) {
    const p = ctx.params;
    const region = p.string("RegionId");
    const vpcId = p.string("VpcId");
    if (region === undefined && vpcId === undefined) throw missingParameter("RegionId");
    const id = p.string("VSwitchId");
    const zoneId = p.string("ZoneId");
    const name = p.string("VSwitchName");
    const all = region !== undefined && region !== ctx.state.regionId ? [] : [...ctx.state.vSwitches.values()].filter(
      (v) => (vpcId === undefined || v.vpcId === vpcId) && (id === undefined || v.vSwitchId === id) && (zoneId === undefined || v.zoneId === zoneId) && (name === undefined || v.name === name),
    );
    const pageNumber = p.integer("PageNumber", 1) ?? 1;
    const pageSize = p.integer("PageSize", 1, 50) ?? 10;
    const start = (pageNumber - 1) * pageSize;
    return {
      TotalCount: all.length,
      PageNumber: pageNumber,
      PageSize: pageSize,
      VSwitches: { VSwitch: all.slice(start, start + pageSize).map((v) => vSwitchJson(ctx.state, v)) },
    };
  },
};
