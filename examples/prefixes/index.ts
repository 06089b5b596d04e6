// Two /28 prefixes for pods and two single addresses for services, on the same Available ENI
// eni-bp1demoprefix (seed.yaml: vSwitch vsw-bp1demoprefix, whose reservation
// 10.0.3.64/26 is kept for prefixes, and that ENI holding 10.0.3.64/28 already). Each prefix counts as
// one address toward the ENI's limit, so both resources are judged together in preview: asking for
// prefixCount 4 fails (rule 17, three /28s are free), and so does a service address inside a prefix.
import * as pulumi from "@pulumi/pulumi";
import { Ipv4Prefixes, SecondaryPrivateIpAddresses } from "eni-ips";

const config = new pulumi.Config();
const eni = config.get("networkInterfaceId") ?? "eni-bp1demoprefix";

const pods = new Ipv4Prefixes("pod-prefixes", {
  networkInterfaceId: eni,
  prefixCount: config.getNumber("prefixCount") ?? 2,
});

const services = new SecondaryPrivateIpAddresses("service-ips", {
  networkInterfaceId: eni,
  secondaryPrivateIpAddressCount: 2,
});

export const prefixes = pods.prefixes;
export const addresses = services.privateIpAddresses;
