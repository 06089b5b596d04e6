// The failover story of the demo seed: the service addresses live on the secondary ENI
// eni-bp1demobound, today bound to i-bp1demoweb01. On failover `node failover.js` detaches the ENI
// and binds it to the standby instance; the addresses travel with the ENI, so clients keep the same
// IPs and this program does not change. `instanceId` says where they live now (after `pulumi
// refresh`), `guestConfig` is what to apply on that instance.
import * as pulumi from "@pulumi/pulumi";
import { SecondaryPrivateIpAddresses } from "eni-ips";

const config = new pulumi.Config();
const serviceEni = config.get("serviceEni") ?? "eni-bp1demobound";

const vips = new SecondaryPrivateIpAddresses("service-vips", {
  networkInterfaceId: serviceEni,
  privateIpAddresses: ["10.0.1.180", "10.0.1.181"],
  guestOs: "rhel",
  interfaceName: "eth1",
});

// A second set on the same ENI, sized by eni-ips from free addresses, for short-lived sidecars: it moves along too.
const sidecars = new SecondaryPrivateIpAddresses("sidecar-ips", {
  networkInterfaceId: serviceEni,
  secondaryPrivateIpAddressCount: 2,
});

export const serviceAddresses = vips.privateIpAddresses;
export const sidecarAddresses = sidecars.privateIpAddresses;
export const instanceId = vips.instanceId;
export const guestConfig = vips.guestConfig;
