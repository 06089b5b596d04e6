// Two secondary private IPv4 addresses on the primary ENI of i-bp1demoweb01 (the demo seed).
// `pulumi preview` fails, before any API call, if either address is invalid, taken or over a limit.
import * as pulumi from "@pulumi/pulumi";
import { SecondaryPrivateIpAddresses } from "eni-ips";

const config = new pulumi.Config();
const ips = new SecondaryPrivateIpAddresses("web01-ips", {
  networkInterfaceId: config.get("networkInterfaceId") ?? "eni-bp1demoweb01",
  privateIpAddresses: ["10.0.1.101", "10.0.1.102"],
});

export const addresses = ips.privateIpAddresses;
export const vSwitchId = ips.vSwitchId;
