// One API call = one HTTP attempt through the real SDK, in and out as wire-shaped maps: requests use
// the SDK models' field names, responses come back as the raw PascalCase body (`toMap()`), the same
// shapes docs/alibaba-api.md describes, so the mapping code and its tests work on what the API really sends.
import * as $ecs from "@alicloud/ecs20140526";
import * as $vpc from "@alicloud/vpc20160428";
import type { SdkClients } from "./clients";
import { toCloudError } from "./errors";

export type ReadAction =
  | "DescribeNetworkInterfaces"
  | "DescribeInstances"
  | "DescribeInstanceTypes"
  | "DescribeSecurityGroups"
  | "DescribeVSwitchAttributes"
  | "DescribeCloudAssistantStatus"
  | "DescribeInvocationResults"
  | "ListVSwitchCidrReservations";
export type MutationAction = "AssignPrivateIpAddresses" | "UnassignPrivateIpAddresses";
/** Runs a script on an instance (Cloud Assistant): counted as a mutation, never an ENI's. */
export type CommandAction = "RunCommand";
export type Action = ReadAction | MutationAction | CommandAction;

export const MUTATION_ACTIONS: ReadonlySet<string> = new Set<MutationAction | CommandAction>(["AssignPrivateIpAddresses", "UnassignPrivateIpAddresses", "RunCommand"]);

/** A response body as the API sends it (PascalCase keys). */
export type RawBody = Readonly<Record<string, unknown>>;
/** Request fields, named as in the SDK request models (camelCase), e.g. `{ regionId, maxResults }`. */
export type RequestFields = Record<string, unknown>;

/** Sends one request; throws CloudApiError / CloudTransportError / CloudConfigError. */
export type Transport = (action: Action, request: RequestFields) => Promise<RawBody>;

type Body = { toMap(): Record<string, unknown> } | undefined;

async function send(clients: SdkClients, action: Action, r: RequestFields): Promise<Body> {
  switch (action) {
    case "DescribeNetworkInterfaces":
      return (await clients.ecs.describeNetworkInterfaces(new $ecs.DescribeNetworkInterfacesRequest(r))).body;
    case "DescribeInstances":
      return (await clients.ecs.describeInstances(new $ecs.DescribeInstancesRequest(r))).body;
    case "DescribeInstanceTypes":
      return (await clients.ecs.describeInstanceTypes(new $ecs.DescribeInstanceTypesRequest(r))).body;
    case "DescribeSecurityGroups":
      return (await clients.ecs.describeSecurityGroups(new $ecs.DescribeSecurityGroupsRequest(r))).body;
    case "DescribeVSwitchAttributes":
      return (await clients.vpc.describeVSwitchAttributes(new $vpc.DescribeVSwitchAttributesRequest(r))).body;
    case "ListVSwitchCidrReservations":
      return (await clients.vpc.listVSwitchCidrReservations(new $vpc.ListVSwitchCidrReservationsRequest(r))).body;
    case "AssignPrivateIpAddresses":
      return (await clients.ecs.assignPrivateIpAddresses(new $ecs.AssignPrivateIpAddressesRequest(r))).body;
    case "UnassignPrivateIpAddresses":
      return (await clients.ecs.unassignPrivateIpAddresses(new $ecs.UnassignPrivateIpAddressesRequest(r))).body;
    case "DescribeCloudAssistantStatus":
      return (await clients.ecs.describeCloudAssistantStatus(new $ecs.DescribeCloudAssistantStatusRequest(r))).body;
    case "DescribeInvocationResults":
      return (await clients.ecs.describeInvocationResults(new $ecs.DescribeInvocationResultsRequest(r))).body;
    case "RunCommand":
      return (await clients.ecs.runCommand(new $ecs.RunCommandRequest(r))).body;
  }
}

/** The SDK-backed transport. `getClients` is called per request so clients can be built lazily. */
export function createSdkTransport(getClients: () => SdkClients): Transport {
  return async (action, request) => {
    try {
      const body = await send(getClients(), action, request);
      return body?.toMap() ?? {};
    } catch (error) {
      throw toCloudError(error, action);
    }
  };
}
