// The action registry: name -> handler, per product version (ECS 2014-05-26, VPC 2016-04-28).
import { describeCloudAssistantStatus, describeInvocationResults, describeInvocations, invokeCommand, runCommand } from "./cloud-assistant";
import { createVSwitchCidrReservation, listVSwitchCidrReservations } from "./cidr-reservations";
import type { ActionDef } from "./context";
import { attachNetworkInterface, createNetworkInterface, deleteNetworkInterface, detachNetworkInterface } from "./eni-lifecycle";
import { describeInstanceAttribute, describeInstances, describeInstanceTypes } from "./instances";
import { describeSecurityGroups, describeVSwitchAttributes, describeVSwitches } from "./network";
import { describeNetworkInterfaceAttribute, describeNetworkInterfaces } from "./network-interfaces";
import { assignPrivateIpAddresses, unassignPrivateIpAddresses } from "./private-ips";

export type { ActionContext, ActionDef, ActionResult } from "./context";

export const PRODUCT_VERSIONS = { Ecs: "2014-05-26", Vpc: "2016-04-28" } as const;

export const ACTIONS: ReadonlyMap<string, ActionDef> = new Map(
  [
    describeNetworkInterfaces,
    describeNetworkInterfaceAttribute,
    assignPrivateIpAddresses,
    unassignPrivateIpAddresses,
    describeInstances,
    describeInstanceAttribute,
    describeInstanceTypes,
    describeSecurityGroups,
    describeVSwitchAttributes,
    describeVSwitches,
    createNetworkInterface,
    attachNetworkInterface,
    detachNetworkInterface,
    deleteNetworkInterface,
    runCommand,
    invokeCommand,
    describeInvocationResults,
    describeInvocations,
    describeCloudAssistantStatus,
    createVSwitchCidrReservation,
    listVSwitchCidrReservations,
  ].map((a) => [a.name, a]),
);
