// DescribeInstances, DescribeInstanceAttribute and DescribeInstanceTypes (docs/alibaba-api.md): what a
// client needs to find an ENI's instance, its state and its type's ENI limits.
import { instanceNotFound, invalidParameter } from "../errors";
import { paginate } from "../paging";
import { instanceJson } from "../render";
import type { Instance } from "../state";
import { inRegion, type ActionDef } from "./context";

export const describeInstances: ActionDef = {
  name: "DescribeInstances",
  product: "Ecs",
  mutation: false,
  run(ctx) {
    const p = ctx.params;
    const ids = p.jsonArray("InstanceIds", 100);
    const sgId = p.string("SecurityGroupId");
    const vSwitchId = p.string("VSwitchId");
    const vpcId = p.string("VpcId");
    const status = p.string("Status");
    const type = p.string("InstanceType");
    const all: Instance[] = [];
    if (inRegion(ctx)) {
      const idSet = ids ? new Set(ids) : undefined;
      for (const inst of ctx.state.instances.values()) {
        if (idSet && !idSet.has(inst.instanceId)) continue;
        if (sgId !== undefined && !inst.securityGroupIds.includes(sgId)) continue;
        if (vSwitchId !== undefined && inst.vSwitchId !== vSwitchId) continue;
        if (vpcId !== undefined && inst.vpcId !== vpcId) continue;
        if (status !== undefined && inst.status !== status) continue;
        if (type !== undefined && inst.instanceType !== type) continue;
        all.push(inst);
      }
    }
    const page = paginate(all, p, { minResults: 10, maxResults: 100, defaultResults: 10, maxPageSize: 100, defaultPageSize: 10 });
    return { ...page.fields, Instances: { Instance: page.items.map((i) => instanceJson(ctx.state, i, ctx.faults)) } };
  },
};

export const describeInstanceAttribute: ActionDef = {
  name: "DescribeInstanceAttribute",
  product: "Ecs",
  mutation: false,
  run(ctx) {
    const id = ctx.params.required("InstanceId");
    const inst = ctx.state.instances.get(id);
    if (!inst) throw instanceNotFound(id);
    const full = instanceJson(ctx.state, inst, undefined);
    // The attribute call has no NetworkInterfaces block and no InstanceTypeFamily.
    const { NetworkInterfaces: _n, InstanceTypeFamily: _f, ...rest } = full;
    return rest;
  },
};

export const describeInstanceTypes: ActionDef = {
  name: "DescribeInstanceTypes",
  product: "Ecs",
  mutation: false,
  run(ctx) {
    const p = ctx.params;
    const wanted = p.repeatList("InstanceTypes", 10);
    const family = p.string("InstanceTypeFamily");
    const maxResults = p.integer("MaxResults");
    if (maxResults !== undefined && (maxResults < 1 || maxResults > 1600)) throw invalidParameter("MaxResults", "must be 1-1600");
    const wantedSet = wanted.length > 0 ? new Set(wanted) : undefined;
    const all = [...ctx.state.instanceTypes.values()].filter(
      (t) => (!wantedSet || wantedSet.has(t.instanceTypeId)) && (family === undefined || t.instanceTypeId.startsWith(`${family}.`)),
    );
    const page = paginate(all, p, { minResults: 1, maxResults: 1600, defaultResults: 1600 });
    return {
      NextToken: page.fields["NextToken"],
      InstanceTypes: {
        InstanceType: page.items.map((t) => ({
          InstanceTypeId: t.instanceTypeId,
          InstanceTypeFamily: t.instanceTypeId.split(".").slice(0, 2).join("."),
          CpuCoreCount: t.cpuCoreCount,
          MemorySize: t.memorySize,
          EniQuantity: t.eniQuantity,
          EniPrivateIpAddressQuantity: t.eniPrivateIpAddressQuantity,
          EniIpv6AddressQuantity: t.eniIpv6AddressQuantity ?? 0,
          EniTotalQuantity: t.eniQuantity,
          EniTrunkSupported: false,
          InstanceFamilyLevel: "EnterpriseLevel",
        })),
      },
    };
  },
};
