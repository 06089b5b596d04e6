// The shape of a seed or saved state, checked before anything is built from it: a hand-edited or
// damaged file must give a message with the JSON path of the problem, never a TypeError from deep
// inside the loader. Consistency (references, addresses in their vSwitch) is checked by the loader.

/** `s` string, `n` whole number ≥ 0, `b` boolean, `s[]` list of strings, `o` object, `a` list; `?`
 *  marks an optional field. A list of strings = one of them; `{ optional }` = optionally one of them. */
type Kind = "s" | "n" | "b" | "s[]" | "o" | "a";
type Field = Kind | readonly string[];
type Rule = Kind | `${Kind}?` | readonly string[] | { readonly optional: readonly string[] };
type Spec = Readonly<Record<string, Rule>>;

const ENI_STATUSES = ["Available", "Attaching", "InUse", "Detaching", "Deleting"] as const;
const INSTANCE_STATUSES = ["Pending", "Running", "Starting", "Stopping", "Stopped"] as const;
const COMMAND_TYPES = ["RunShellScript", "RunPowerShellScript", "RunBatScript"] as const;

const LISTS: Readonly<Record<string, Spec>> = {
  vpcs: { vpcId: "s", cidrBlock: "s", name: "s?" },
  vSwitches: { vSwitchId: "s", vpcId: "s", zoneId: "s", cidrBlock: "s", name: "s?", cidrReservations: "a?" },
  securityGroups: { securityGroupId: "s", vpcId: "s", type: ["normal", "enterprise"], name: "s?", ipQuota: "n?" },
  instanceTypes: { instanceTypeId: "s", cpuCoreCount: "n", memorySize: "n", eniQuantity: "n", eniPrivateIpAddressQuantity: "n", eniIpv6AddressQuantity: "n?" },
  instances: {
    instanceId: "s", instanceType: "s", status: INSTANCE_STATUSES, vSwitchId: "s", securityGroupIds: "s[]", primaryNetworkInterfaceId: "s",
    primaryIpAddress: "s?", secondaryIpAddresses: "s[]?", ipv4Prefixes: "s[]?", zoneId: "s?", vpcId: "s?", name: "s?", creationTime: "s?",
    osType: { optional: ["Linux", "Windows"] }, cloudAssistant: "b?",
  },
  networkInterfaces: {
    networkInterfaceId: "s", vSwitchId: "s", securityGroupIds: "s[]", primaryIpAddress: "s", secondaryIpAddresses: "s[]?", ipv4Prefixes: "s[]?", instanceId: "s?",
    type: { optional: ["Primary", "Secondary"] }, status: { optional: ENI_STATUSES }, vpcId: "s?", zoneId: "s?", settlesTo: "o?",
    macAddress: "s?", name: "s?", description: "s?", creationTime: "s?",
  },
  commands: { commandId: "s", name: "s", type: COMMAND_TYPES, content: "s", timeout: "n", username: "s?", workingDir: "s?" },
  invocations: {
    invokeId: "s", commandId: "s", commandName: "s", type: COMMAND_TYPES, content: "s", timeout: "n", username: "s?", workingDir: "s?",
    createdAt: "n", instances: "a",
  },
};

const CIDR_RESERVATION: Spec = { vSwitchCidrReservationId: "s?", cidr: "s", type: { optional: ["prefix"] }, name: "s?", description: "s?", creationTime: "s?" };

const INVOCATION_INSTANCE: Spec = {
  instanceId: "s", startAt: "n", finishAt: "n", status: ["Success", "Failed", "Timeout", "Aborted", "Invalid"], exitCode: "n?", output: "s",
  errorCode: "s", errorInfo: "s",
};

/** Lists nested in list items: (list, key) -> spec of each element. */
const NESTED: readonly (readonly [string, string, Spec])[] = [
  ["vSwitches", "cidrReservations", CIDR_RESERVATION],
  ["invocations", "instances", INVOCATION_INSTANCE],
];

const ROOT: Spec = {
  regionId: "s", ownerId: "s?", limits: "o?", allocation: "o?", faults: "o?", version: "n?", nextId: "n?",
  ...Object.fromEntries(Object.keys(LISTS).map((k) => [k, "a?"])),
};
const LIMITS: Spec = { availableEniIpLimit: "n?", basicSecurityGroupIpQuota: "n?", transitionMs: "n?", commandRunMs: "n?" };
const SETTLES_TO: Spec = { status: [...ENI_STATUSES, "Deleted"], at: "n", instanceId: "s?" };
const ALLOCATION: Spec = { order: { optional: ["random", "lowest"] }, seed: "n?" };

function kindProblem(value: unknown, field: Field): string | undefined {
  if (Array.isArray(field)) return typeof value === "string" && field.includes(value) ? undefined : `expected one of ${field.join(", ")}`;
  switch (field) {
    case "s": return typeof value === "string" ? undefined : "expected a string";
    case "n": return typeof value === "number" && Number.isInteger(value) && value >= 0 ? undefined : "expected a whole number ≥ 0";
    case "b": return typeof value === "boolean" ? undefined : "expected true or false";
    case "a": return Array.isArray(value) ? undefined : "expected a list";
    case "s[]": return Array.isArray(value) && value.every((x) => typeof x === "string") ? undefined : "expected a list of strings";
    default: return typeof value === "object" && value !== null && !Array.isArray(value) ? undefined : "expected an object";
  }
}

function parseRule(rule: Rule): { field: Field; optional: boolean } {
  if (typeof rule === "string") return { field: rule.replace(/\?$/, "") as Kind, optional: rule.endsWith("?") };
  if ("optional" in rule) return { field: rule.optional, optional: true };
  return { field: rule, optional: false };
}

/** The first problem of an object against its spec, as `path: why`. */
function objectProblem(value: unknown, spec: Spec, path: string): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `${path}: expected an object`;
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!(key in spec)) return `${path}.${key}: unknown key (known: ${Object.keys(spec).join(", ")})`;
  for (const [key, rule] of Object.entries(spec)) {
    const { field, optional } = parseRule(rule);
    const v = o[key];
    if (v === undefined) {
      if (!optional) return `${path}.${key}: is required`;
      continue;
    }
    const why = kindProblem(v, field);
    if (why) return `${path}.${key}: ${why}, got ${JSON.stringify(v)?.slice(0, 60)}`;
  }
  return undefined;
}

/** Why this cannot be a seed or saved state, or undefined when its shape is right. */
export function seedShapeProblem(input: unknown): string | undefined {
  const root = objectProblem(input, ROOT, "$");
  if (root) return root;
  const seed = input as Record<string, unknown>;
  if (seed["regionId"] === "") return "$.regionId: is required";
  for (const [key, spec] of [["limits", LIMITS], ["allocation", ALLOCATION]] as const) {
    if (seed[key] === undefined) continue;
    const p = objectProblem(seed[key], spec, `$.${key}`);
    if (p) return p;
  }
  for (const [list, spec] of Object.entries(LISTS)) {
    const items = seed[list];
    if (items === undefined) continue;
    for (const [i, item] of (items as unknown[]).entries()) {
      const p = objectProblem(item, spec, `$.${list}[${i}]`);
      if (p) return p;
      const settles = (item as Record<string, unknown>)["settlesTo"];
      if (settles !== undefined) {
        const q = objectProblem(settles, SETTLES_TO, `$.${list}[${i}].settlesTo`);
        if (q) return q;
      }
      for (const [outer, key, nested] of NESTED) {
        if (outer !== list) continue;
        for (const [j, part] of (((item as Record<string, unknown>)[key] ?? []) as unknown[]).entries()) {
          const q = objectProblem(part, nested, `$.${list}[${i}].${key}[${j}]`);
          if (q) return q;
        }
      }
    }
  }
  return undefined;
}
