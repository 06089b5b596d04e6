// eni-ips's checks as a policy pack: `pulumi preview --policy-pack examples/policy-pack` checks every
// ENI, instance and eni-ips resource of the stack, whatever language the stack is written in.
// Live by default (the usual ALIBABA_CLOUD_* variables; read-only calls); offline when
// ENI_IPS_SNAPSHOT names a snapshot (`eni-ips snapshot --out snapshot.json`), e.g. in CI.
import { PolicyPack } from "@pulumi/policy";
import { eniIpsPolicies } from "eni-ips/policy";

const snapshot = process.env["ENI_IPS_SNAPSHOT"];

new PolicyPack("eni-ips", {
  description: "Secondary private IPv4 addresses: syntax, addresses in use, ENI limits, security group quotas and vSwitch capacity.",
  policies: eniIpsPolicies({
    ...(snapshot ? { snapshot } : {}),
    // Other options: profile ("current" for today's documented limits), limits, region, enforcementLevel.
  }),
});
