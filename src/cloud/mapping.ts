// Response bodies (the API's PascalCase JSON) to the core's facts shapes. Defensive on purpose: the
// SDK turns missing fields into undefined and the API omits empty sets, so every read tolerates
// absence and nothing here throws on a partial record.
import type { CidrReservationFacts, EniFacts, InstanceFacts, InstanceTypeFacts, SecurityGroupFacts, VSwitchFacts } from "../core/types";
import type { RawBody } from "./transport";

type Obj = Readonly<Record<string, unknown>>;

function obj(value: unknown): Obj | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;
}
function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
function num(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
/** `{ Outer: { Inner: [...] } }` → the array (the API's wrapped-list convention). */
export function list(parent: unknown, outer: string, inner: string): readonly unknown[] {
  const wrapped = obj(obj(parent)?.[outer])?.[inner];
  return Array.isArray(wrapped) ? wrapped : [];
}
function strings(values: readonly unknown[]): string[] {
  return values.filter((v): v is string => typeof v === "string" && v !== "");
}

export function nextToken(body: RawBody): string | undefined {
  return str(body["NextToken"]);
}

/** Every private IPv4 on an ENI record, primary first, without duplicates. */
function privateIps(raw: Obj, primary: string | undefined): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (ip: string | undefined): void => {
    if (ip !== undefined && !seen.has(ip)) {
      seen.add(ip);
      out.push(ip);
    }
  };
  add(primary);
  for (const item of list(raw, "PrivateIpSets", "PrivateIpSet")) add(str(obj(item)?.["PrivateIpAddress"]));
  return out;
}

function primaryFromSet(raw: Obj): string | undefined {
  for (const item of list(raw, "PrivateIpSets", "PrivateIpSet")) {
    const o = obj(item);
    if (o?.["Primary"] === true || o?.["Primary"] === "true") return str(o["PrivateIpAddress"]);
  }
  return undefined;
}

/** One item of DescribeNetworkInterfaces' NetworkInterfaceSets.NetworkInterfaceSet. */
export function mapNetworkInterface(item: unknown): EniFacts | undefined {
  const raw = obj(item);
  const networkInterfaceId = str(raw?.["NetworkInterfaceId"]);
  if (raw === undefined || networkInterfaceId === undefined) return undefined;
  const primaryIpAddress = str(raw["PrivateIpAddress"]) ?? primaryFromSet(raw) ?? "";
  // Terway's rule: InstanceId can be empty on some records while Attachment.InstanceId is set.
  const instanceId = str(raw["InstanceId"]) ?? str(obj(raw["Attachment"])?.["InstanceId"]);
  const prefixes = strings(list(raw, "Ipv4PrefixSets", "Ipv4PrefixSet").map((p) => obj(p)?.["Ipv4Prefix"]));
  const ipv6 = list(raw, "Ipv6Sets", "Ipv6Set").length;
  const ipv6Prefixes = list(raw, "Ipv6PrefixSets", "Ipv6PrefixSet").length;
  return {
    networkInterfaceId,
    status: str(raw["Status"]) ?? "",
    type: str(raw["Type"]) ?? "Secondary",
    vSwitchId: str(raw["VSwitchId"]) ?? "",
    ...(instanceId === undefined ? {} : { instanceId }),
    securityGroupIds: strings(list(raw, "SecurityGroupIds", "SecurityGroupId")),
    primaryIpAddress,
    privateIpAddresses: privateIps(raw, primaryIpAddress === "" ? undefined : primaryIpAddress),
    // Only when there are some: most ENIs have none, and their records stay as they were.
    ...(prefixes.length === 0 ? {} : { ipv4Prefixes: prefixes }),
    ...(ipv6 === 0 ? {} : { ipv6AddressCount: ipv6 }),
    ...(ipv6Prefixes === 0 ? {} : { ipv6PrefixCount: ipv6Prefixes }),
  };
}

export function mapNetworkInterfaces(body: RawBody): EniFacts[] {
  return list(body, "NetworkInterfaceSets", "NetworkInterfaceSet")
    .map(mapNetworkInterface)
    .filter((e): e is EniFacts => e !== undefined);
}

export interface MappedInstance {
  readonly instance: InstanceFacts;
  readonly securityGroupIds: readonly string[];
  /** The instance's primary ENI, as far as DescribeInstances shows it (no own status field). */
  readonly primaryEni: EniFacts | undefined;
}

/** One item of DescribeInstances' Instances.Instance. */
export function mapInstance(item: unknown): MappedInstance | undefined {
  const raw = obj(item);
  const instanceId = str(raw?.["InstanceId"]);
  if (raw === undefined || instanceId === undefined) return undefined;
  const securityGroupIds = strings(list(raw, "SecurityGroupIds", "SecurityGroupId"));
  const vpc = obj(raw["VpcAttributes"]);
  const enis = list(raw, "NetworkInterfaces", "NetworkInterface").map(obj).filter((o): o is Obj => o !== undefined);
  // Only the primary ENI shares the instance's security groups; secondary ENIs bound to the instance
  // have groups of their own and are counted through DescribeNetworkInterfaces instead.
  const primaryRaw = enis.find((e) => str(e["Type"]) === "Primary") ?? (enis.length > 0 && enis.every((e) => str(e["Type"]) === undefined) ? enis[0] : undefined);
  let primaryEni: EniFacts | undefined;
  const primaryId = str(primaryRaw?.["NetworkInterfaceId"]);
  if (primaryRaw !== undefined && primaryId !== undefined) {
    const primaryIpAddress = str(primaryRaw["PrimaryIpAddress"]) ?? primaryFromSet(primaryRaw) ?? strings(list(vpc, "PrivateIpAddress", "IpAddress"))[0] ?? "";
    primaryEni = {
      networkInterfaceId: primaryId,
      // A primary ENI is bound to its instance for its whole life.
      status: "InUse",
      type: "Primary",
      vSwitchId: str(vpc?.["VSwitchId"]) ?? "",
      instanceId,
      securityGroupIds,
      primaryIpAddress,
      privateIpAddresses: privateIps(primaryRaw, primaryIpAddress === "" ? undefined : primaryIpAddress),
    };
  }
  return {
    instance: { instanceId, status: str(raw["Status"]) ?? "", instanceType: str(raw["InstanceType"]) ?? "" },
    securityGroupIds,
    primaryEni,
  };
}

export function mapInstances(body: RawBody): MappedInstance[] {
  return list(body, "Instances", "Instance")
    .map(mapInstance)
    .filter((i): i is MappedInstance => i !== undefined);
}

export function mapInstanceTypes(body: RawBody): InstanceTypeFacts[] {
  const out: InstanceTypeFacts[] = [];
  for (const item of list(body, "InstanceTypes", "InstanceType")) {
    const raw = obj(item);
    const instanceTypeId = str(raw?.["InstanceTypeId"]);
    const quantity = num(raw?.["EniPrivateIpAddressQuantity"]);
    if (instanceTypeId !== undefined && quantity !== undefined) out.push({ instanceTypeId, eniPrivateIpAddressQuantity: quantity });
  }
  return out;
}

/** DescribeSecurityGroups items; usage is computed elsewhere from the member ENIs. */
export function mapSecurityGroups(body: RawBody): Pick<SecurityGroupFacts, "securityGroupId" | "securityGroupType">[] {
  const out: Pick<SecurityGroupFacts, "securityGroupId" | "securityGroupType">[] = [];
  for (const item of list(body, "SecurityGroups", "SecurityGroup")) {
    const raw = obj(item);
    const securityGroupId = str(raw?.["SecurityGroupId"]);
    if (securityGroupId !== undefined) out.push({ securityGroupId, securityGroupType: str(raw?.["SecurityGroupType"]) ?? "normal" });
  }
  return out;
}

/** DescribeVSwitchAttributes (flat body); undefined when the reply is not for this vSwitch. */
export function mapVSwitch(body: RawBody, requestedId: string): VSwitchFacts | undefined {
  const vSwitchId = str(body["VSwitchId"]);
  const cidrBlock = str(body["CidrBlock"]);
  // Terraform's rule: a successful reply about another id means "not found".
  if (vSwitchId !== requestedId || cidrBlock === undefined) return undefined;
  const available = num(body["AvailableIpAddressCount"]);
  return { vSwitchId, cidrBlock, ...(available === undefined ? {} : { availableIpAddressCount: available }) };
}

/** ListVSwitchCidrReservations → the vSwitch's IPv4 prefix reservations (other types and IPv6 left out). */
export function mapCidrReservations(body: RawBody, vSwitchId: string): CidrReservationFacts[] {
  const items = body["VSwitchCidrReservations"];
  const out: CidrReservationFacts[] = [];
  for (const item of Array.isArray(items) ? items : []) {
    const raw = obj(item);
    const id = str(raw?.["VSwitchCidrReservationId"]);
    const cidrBlock = str(raw?.["VSwitchCidrReservationCidr"]);
    if (id === undefined || cidrBlock === undefined || str(raw?.["VSwitchId"]) !== vSwitchId) continue;
    if ((str(raw?.["Type"]) ?? "prefix") !== "prefix" || (str(raw?.["IpVersion"]) ?? "IPv4") !== "IPv4") continue;
    out.push({ vSwitchCidrReservationId: id, cidrBlock });
  }
  return out;
}

/** AssignPrivateIpAddresses → the addresses the API says it assigned. */
export function assignedAddresses(body: RawBody): string[] {
  return strings(list(body["AssignedPrivateIpAddressesSet"], "PrivateIpSet", "PrivateIpAddress"));
}

/** AssignPrivateIpAddresses with prefixes → the prefixes the API says it assigned. */
export function assignedPrefixes(body: RawBody): string[] {
  return strings(list(body["AssignedPrivateIpAddressesSet"], "Ipv4PrefixSet", "Ipv4Prefixes"));
}
