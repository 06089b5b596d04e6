// Three addresses picked for the Available ENI eni-bp1demofree (the demo seed). An Available ENI
// holds at most 10 private IPs: asking for 10 here fails in preview (rule 11).
import * as pulumi from "@pulumi/pulumi";
import { SecondaryPrivateIpAddresses } from "eni-ips";

const config = new pulumi.Config();
const pool = new SecondaryPrivateIpAddresses("free-pool", {
  networkInterfaceId: config.get("networkInterfaceId") ?? "eni-bp1demofree",
  secondaryPrivateIpAddressCount: config.getNumber("count") ?? 3,
});

export const addresses = pool.privateIpAddresses;
export const primaryIpAddress = pool.primaryIpAddress;
