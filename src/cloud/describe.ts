// Describe calls with paging and batching, mapped to facts. Limits come from the API: at most 100
// ENI ids per DescribeNetworkInterfaces (NetworkInterfaceId.N) and 500 per page; 100 instances per
// DescribeInstances (InstanceIds JSON array) and per page; 10 types per DescribeInstanceTypes;
// 100 groups per DescribeSecurityGroups. Every function takes a `ReadCall` that already retries.
import type { CidrReservationFacts, EniFacts, InstanceTypeFacts, SecurityGroupFacts, VSwitchFacts } from "../core/types";
import { isApiError } from "./errors";
import { mapCidrReservations, mapInstances, mapInstanceTypes, mapNetworkInterfaces, mapSecurityGroups, mapVSwitch, nextToken, type MappedInstance } from "./mapping";
import type { RawBody, ReadAction, RequestFields } from "./transport";

export type ReadCall = (action: ReadAction, request: RequestFields) => Promise<RawBody>;

export const ENI_PAGE_SIZE = 500;
export const ENI_ID_BATCH = 100;
export const INSTANCE_PAGE_SIZE = 100;
export const INSTANCE_ID_BATCH = 100;
export const INSTANCE_TYPE_BATCH = 10;
export const SECURITY_GROUP_BATCH = 100;
/** A server that keeps answering with a token is broken; stop rather than loop forever. */
const MAX_PAGES = 10_000;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Follows NextToken until a page comes back without one. */
export async function allPages(call: ReadCall, action: ReadAction, request: RequestFields): Promise<RawBody[]> {
  const pages: RawBody[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await call(action, token === undefined ? request : { ...request, nextToken: token });
    pages.push(page);
    token = nextToken(page);
    if (token === undefined || seen.has(token)) return pages;
    seen.add(token);
  }
  return pages;
}

/** ENIs by id; unknown ids are simply absent. */
export async function describeEnisById(call: ReadCall, regionId: string, ids: readonly string[]): Promise<EniFacts[]> {
  const out: EniFacts[] = [];
  for (const batch of chunks([...new Set(ids)], ENI_ID_BATCH)) {
    try {
      for (const page of await allPages(call, "DescribeNetworkInterfaces", { regionId, networkInterfaceId: batch, maxResults: ENI_PAGE_SIZE })) {
        out.push(...mapNetworkInterfaces(page));
      }
    } catch (error) {
      // Some endpoints answer NotFound for a batch holding one unknown id; ask one by one then.
      if (!isApiError(error, "InvalidEniId.NotFound", "InvalidNetworkInterfaceId.NotFound")) throw error;
      if (batch.length > 1) {
        for (const id of batch) out.push(...(await describeEnisById(call, regionId, [id])));
      }
    }
  }
  return out;
}

/** Every ENI matching a filter. `securityGroupId` matches secondary ENIs only on the real API. */
export async function listEnis(call: ReadCall, regionId: string, filter: { vSwitchId: string } | { securityGroupId: string }): Promise<EniFacts[]> {
  const out: EniFacts[] = [];
  for (const page of await allPages(call, "DescribeNetworkInterfaces", { regionId, ...filter, maxResults: ENI_PAGE_SIZE })) {
    out.push(...mapNetworkInterfaces(page));
  }
  return out;
}

/** Every ENI of the region, primary and secondary: DescribeNetworkInterfaces with no filter but the
 *  region, paged. Costs one read per 500 ENIs, so callers list once and reuse the result. */
export async function listRegionEnis(call: ReadCall, regionId: string): Promise<EniFacts[]> {
  const out: EniFacts[] = [];
  for (const page of await allPages(call, "DescribeNetworkInterfaces", { regionId, maxResults: ENI_PAGE_SIZE })) {
    out.push(...mapNetworkInterfaces(page));
  }
  return out;
}

export async function describeInstancesById(call: ReadCall, regionId: string, ids: readonly string[]): Promise<MappedInstance[]> {
  const out: MappedInstance[] = [];
  for (const batch of chunks([...new Set(ids)], INSTANCE_ID_BATCH)) {
    for (const page of await allPages(call, "DescribeInstances", { regionId, instanceIds: JSON.stringify(batch), maxResults: INSTANCE_PAGE_SIZE })) {
      out.push(...mapInstances(page));
    }
  }
  return out;
}

/** Instances in a security group: the way to see the group's primary ENIs. */
export async function listInstancesBySecurityGroup(call: ReadCall, regionId: string, securityGroupId: string): Promise<MappedInstance[]> {
  const out: MappedInstance[] = [];
  for (const page of await allPages(call, "DescribeInstances", { regionId, securityGroupId, maxResults: INSTANCE_PAGE_SIZE })) {
    out.push(...mapInstances(page));
  }
  return out;
}

export async function describeInstanceTypes(call: ReadCall, regionId: string, ids: readonly string[]): Promise<InstanceTypeFacts[]> {
  const out: InstanceTypeFacts[] = [];
  for (const batch of chunks([...new Set(ids)], INSTANCE_TYPE_BATCH)) {
    for (const page of await allPages(call, "DescribeInstanceTypes", { regionId, instanceTypes: batch })) {
      out.push(...mapInstanceTypes(page));
    }
  }
  return out;
}

export async function describeSecurityGroups(
  call: ReadCall,
  regionId: string,
  ids: readonly string[],
): Promise<Pick<SecurityGroupFacts, "securityGroupId" | "securityGroupType">[]> {
  const out: Pick<SecurityGroupFacts, "securityGroupId" | "securityGroupType">[] = [];
  for (const batch of chunks([...new Set(ids)], SECURITY_GROUP_BATCH)) {
    for (const page of await allPages(call, "DescribeSecurityGroups", { regionId, securityGroupIds: JSON.stringify(batch), maxResults: 100 })) {
      out.push(...mapSecurityGroups(page));
    }
  }
  return out;
}

/** Page size of ListVSwitchCidrReservations (1-100). */
export const RESERVATION_PAGE_SIZE = 100;

/**
 * undefined when the vSwitch does not exist. Without its prefix reservations (vSwitchReservations):
 * the available count moves with every address assigned, the reservations do not.
 */
export async function describeVSwitch(call: ReadCall, regionId: string, vSwitchId: string): Promise<VSwitchFacts | undefined> {
  try {
    return mapVSwitch(await call("DescribeVSwitchAttributes", { regionId, vSwitchId }), vSwitchId);
  } catch (error) {
    if (isApiError(error, "InvalidVswitchID.NotFound", "InvalidVSwitchId.NotFound", "InvalidVSwitchID.NotFound")) return undefined;
    throw error;
  }
}

/** A vSwitch's prefix reservations (VPC ListVSwitchCidrReservations), which IPv4 prefixes come from and single addresses never do. */
export async function vSwitchReservations(call: ReadCall, regionId: string, vSwitchId: string): Promise<CidrReservationFacts[]> {
  const out: CidrReservationFacts[] = [];
  const request = { regionId, vSwitchId, vSwitchCidrReservationType: "prefix", maxResults: RESERVATION_PAGE_SIZE };
  for (const page of await allPages(call, "ListVSwitchCidrReservations", request)) out.push(...mapCidrReservations(page, vSwitchId));
  return out;
}
