// The RAM permission behind each API action eni-ips calls, and the least-privilege policies the README
// shows: what a refusal for want of a permission names (Forbidden.RAM), and what to grant up front.
// Action names are `<RamCode>:<API name>`, as each API page's "Authorization information" lists them.

/** Preview, snapshot and the policy pack: reads only (a vSwitch's prefix reservations for rules 16 and
 *  17; the agent's status for rule 15, when a resource applies its guest configuration). */
export const READ_PERMISSIONS: readonly string[] = Object.freeze([
  "ecs:DescribeNetworkInterfaces",
  "ecs:DescribeInstances",
  "ecs:DescribeInstanceTypes",
  "ecs:DescribeSecurityGroups",
  "vpc:DescribeVSwitchAttributes",
  "vpc:ListVSwitchCidrReservations",
  "ecs:DescribeCloudAssistantStatus",
]);

/** `pulumi up`/`destroy` add the mutations. */
export const APPLY_PERMISSIONS: readonly string[] = Object.freeze(["ecs:AssignPrivateIpAddresses", "ecs:UnassignPrivateIpAddresses"]);

/** Applying the guest configuration through Cloud Assistant adds these. */
export const GUEST_APPLY_PERMISSIONS: readonly string[] = Object.freeze(["ecs:RunCommand", "ecs:DescribeInvocationResults"]);

/** VPC actions; every other action eni-ips calls is ECS's. */
const VPC_ACTIONS: ReadonlySet<string> = new Set<string>(["DescribeVSwitchAttributes", "DescribeVSwitches", "ListVSwitchCidrReservations", "CreateVSwitchCidrReservation"]);

/** The permission an API action needs, e.g. `ecs:AssignPrivateIpAddresses`. */
export function permissionFor(action: string): string {
  return `${VPC_ACTIONS.has(action) ? "vpc" : "ecs"}:${action}`;
}

export type PolicyScope = "read" | "apply" | "guest-apply";

/** One RAM policy document of the given scope; attach `read` alone for preview, plus `apply` for
 *  `pulumi up`, plus `guest-apply` for guest configuration through Cloud Assistant. */
export function ramPolicy(scope: PolicyScope): { Version: "1"; Statement: Array<{ Effect: "Allow"; Action: string[]; Resource: "*" }> } {
  const actions = scope === "read" ? READ_PERMISSIONS : scope === "apply" ? APPLY_PERMISSIONS : GUEST_APPLY_PERMISSIONS;
  return { Version: "1", Statement: [{ Effect: "Allow", Action: [...actions], Resource: "*" }] };
}
