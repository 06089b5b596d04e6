// What a snapshot covers, for `eni-ips preview --snapshot` and the policy pack alike.
import { describe, expect, it } from "vitest";
import type { FactsRequest } from "../../src/core/planned-types";
import type { AccountFacts } from "../../src/core/types";
import { snapshotGaps, type CapturedScope } from "../../src/facts/snapshot-coverage";

const facts: AccountFacts = {
  enis: [{ networkInterfaceId: "eni-a", status: "InUse", type: "Primary", vSwitchId: "vsw-a", instanceId: "i-a", securityGroupIds: ["sg-a"], primaryIpAddress: "10.0.1.5", privateIpAddresses: ["10.0.1.5"] }],
  vSwitches: [{ vSwitchId: "vsw-a", cidrBlock: "10.0.1.0/24" }],
  instances: [{ instanceId: "i-a", status: "Running", instanceType: "ecs.g6.large" }],
  instanceTypes: [{ instanceTypeId: "ecs.g6.large", eniPrivateIpAddressQuantity: 6 }],
  securityGroups: [{ securityGroupId: "sg-a", securityGroupType: "normal" }],
};
const need = (over: Partial<FactsRequest>): FactsRequest => ({ networkInterfaceIds: [], vSwitchIds: [], securityGroupIds: [], instanceIds: [], instanceTypeIds: [], ...over });
const snap = (scope: CapturedScope, regionId = "cn-hangzhou") => ({ regionId, scope, facts });

describe("what a snapshot covers", () => {
  it("a region capture covers every ENI and instance (absent ones do not exist), and the other objects it holds", () => {
    const region = snap({ kind: "region" });
    expect(snapshotGaps(region, need({ networkInterfaceIds: ["eni-a", "eni-gone"], instanceIds: ["i-a", "i-gone"], vSwitchIds: ["vsw-a"], securityGroupIds: ["sg-a"], instanceTypeIds: ["ecs.g6.large"] }), "cn-hangzhou")).toEqual({ missing: [] });
    expect(snapshotGaps(region, need({ vSwitchIds: ["vsw-b"], securityGroupIds: ["sg-b"], instanceTypeIds: ["ecs.g7.xlarge"] }), undefined).missing).toEqual(["vsw-b", "sg-b", "ecs.g7.xlarge"]);
  });

  it("a plan capture covers the ENIs and instances it lists, even absent ones, and nothing else of theirs", () => {
    const plan = snap({ kind: "plan", networkInterfaceIds: ["eni-gone"], vSwitchIds: [], securityGroupIds: [], instanceIds: [], instanceTypeIds: [] });
    expect(snapshotGaps(plan, need({ networkInterfaceIds: ["eni-gone", "eni-a"], instanceIds: ["i-a"], vSwitchIds: ["vsw-a"] }), undefined).missing).toEqual(["eni-a", "i-a"]);
  });

  it("names the snapshot's region when the plan targets another", () => {
    expect(snapshotGaps(snap({ kind: "region" }, "cn-beijing"), need({}), "cn-hangzhou")).toEqual({ otherRegion: "cn-beijing", missing: [] });
    expect(snapshotGaps(snap({ kind: "region" }, "cn-beijing"), need({}), undefined)).toEqual({ missing: [] });
  });
});
