// The rule table: every violation code with its stable number (messages print "rule N"), a title and
// one line saying what it checks. The README's rule table is generated from / checked against this.
import type { ViolationCode } from "./types";

export interface RuleInfo {
  readonly number: number;
  readonly code: ViolationCode;
  readonly title: string;
  readonly description: string;
}

export const RULES: Readonly<Record<ViolationCode, RuleInfo>> = Object.freeze({
  invalid_ip: {
    number: 1,
    code: "invalid_ip",
    title: "Invalid IPv4 address",
    description: "Each address is one dotted-quad IPv4 address (no CIDR, IPv6, leading zeros or spaces).",
  },
  duplicate_ip: {
    number: 2,
    code: "duplicate_ip",
    title: "Duplicate address",
    description: "An address appears once in a declaration and in only one declaration of the run.",
  },
  outside_vswitch_cidr: {
    number: 3,
    code: "outside_vswitch_cidr",
    title: "Outside the vSwitch CIDR",
    description: "Each address lies inside the CIDR block of the ENI's vSwitch.",
  },
  reserved_ip: {
    number: 4,
    code: "reserved_ip",
    title: "Reserved address",
    description: "The first address and the last three of a vSwitch CIDR cannot be assigned.",
  },
  ip_in_use: {
    number: 5,
    code: "ip_in_use",
    title: "Address in use",
    description:
      "An address already on an ENI of the vSwitch (primaries included) is refused unless this declaration owns it or adopts it from this ENI.",
  },
  conflicting_args: {
    number: 6,
    code: "conflicting_args",
    title: "List or count",
    description: "Give exactly one of privateIpAddresses and secondaryPrivateIpAddressCount.",
  },
  invalid_count: {
    number: 7,
    code: "invalid_count",
    title: "Invalid count",
    description: "secondaryPrivateIpAddressCount is a whole number of at least 1.",
  },
  eni_not_found: {
    number: 8,
    code: "eni_not_found",
    title: "ENI not found",
    description: "The ENI exists in the account and region.",
  },
  eni_state: {
    number: 9,
    code: "eni_state",
    title: "ENI state",
    description: "The ENI is Available or InUse.",
  },
  instance_state: {
    number: 10,
    code: "instance_state",
    title: "Instance state",
    description: "For a primary ENI, its instance is Running or Stopped.",
  },
  eni_ip_limit: {
    number: 11,
    code: "eni_ip_limit",
    title: "Per-ENI address limit",
    description:
      "All private IPv4 addresses on the ENI, primary included, plus the run's new ones stay within the ENI's limit (Available cap, or the instance type's, capped by the per-ENI maximum).",
  },
  security_group_quota: {
    number: 12,
    code: "security_group_quota",
    title: "Basic security group quota",
    description: "Private IPv4 addresses over all ENIs of a basic security group, plus the run's new ones, stay within its quota.",
  },
  vswitch_exhausted: {
    number: 13,
    code: "vswitch_exhausted",
    title: "vSwitch exhausted",
    description: "A count fits in the vSwitch's free addresses, after the run's earlier demand.",
  },
  invalid_input: {
    number: 14,
    code: "invalid_input",
    title: "Invalid input",
    description: "Every input has a value of its type (a boolean, a region id, limits as whole numbers, …) and is an input the resource has.",
  },
  guest_agent_unavailable: {
    number: 15,
    code: "guest_agent_unavailable",
    title: "Guest agent unavailable",
    description:
      "With applyGuestConfig, the ENI is bound to an instance whose Cloud Assistant agent is running and whose OS is the one guestOs renders a script for.",
  },
  invalid_prefix: {
    number: 16,
    code: "invalid_prefix",
    title: "Invalid IPv4 prefix",
    description: "Each IPv4 prefix is an aligned /28 (10.0.3.64/28, not 10.0.3.70/28 or a /27); a declaration asks for 1 to 10 prefixes, what one request takes.",
  },
  prefix_unavailable: {
    number: 17,
    code: "prefix_unavailable",
    title: "IPv4 prefix unavailable",
    description:
      "Each IPv4 prefix lies in a prefix reservation of the ENI's vSwitch and overlaps no address or prefix in use or declared in the run; a prefix count fits in the reservations' free /28s, after the run's earlier demand.",
  },
});

/** Rules in number order (for tables and docs). */
export const RULE_LIST: readonly RuleInfo[] = Object.values(RULES).sort((a, b) => a.number - b.number);
