// All wording of violations and warnings, in one place (zod-style: rules produce data, this module
// turns it into text). Every violation message names the declaration, the property, the offending
// value and "[rule N (code)]", then says what to do. Tests assert codes, never this wording.
import { RULES } from "./rules";
import { showValue as show } from "./show-value";
import type { ViolationCode } from "./types";

function tag(code: ViolationCode): string {
  return `[rule ${RULES[code].number} (${code})]`;
}

function line(decl: string, problem: string, code: ViolationCode, action: string): string {
  return `${decl}: ${problem} ${tag(code)}. ${action}`;
}

export const messages = {
  invalidIp(decl: string, index: number, value: unknown): string {
    return line(
      decl,
      `privateIpAddresses[${index}] ${show(value)} is not a single IPv4 address`,
      "invalid_ip",
      "Write one dotted-quad address per entry, e.g. 10.0.0.5 (no CIDR suffix, IPv6, leading zeros, signs or spaces).",
    );
  },
  invalidList(decl: string, value: unknown): string {
    return line(
      decl,
      `privateIpAddresses ${show(value)} is not a list of IPv4 addresses`,
      "invalid_ip",
      'Give a list such as ["10.0.0.5", "10.0.0.6"], or use secondaryPrivateIpAddressCount instead.',
    );
  },
  duplicateWithin(decl: string, address: string): string {
    return line(
      decl,
      `privateIpAddresses lists ${address} more than once`,
      "duplicate_ip",
      "Remove the repeated entry.",
    );
  },
  duplicateAcross(decl: string, address: string, other: string): string {
    return line(
      decl,
      `privateIpAddresses ${address} is also declared by ${other} in this run`,
      "duplicate_ip",
      `An address can belong to one declaration only: remove it from ${decl} or from ${other}.`,
    );
  },
  outsideCidr(decl: string, address: string, eni: string, vSwitchId: string, cidr: string, usable: string): string {
    return line(
      decl,
      `privateIpAddresses ${address} is outside ${cidr}, the CIDR of vSwitch ${vSwitchId} of ${eni}`,
      "outside_vswitch_cidr",
      `Pick an address in ${usable}, or use an ENI in the vSwitch that holds ${address}.`,
    );
  },
  reserved(decl: string, address: string, vSwitchId: string, cidr: string, usable: string): string {
    return line(
      decl,
      `privateIpAddresses ${address} is reserved in vSwitch ${vSwitchId} (${cidr}: the first address and the last three are reserved)`,
      "reserved_ip",
      `Pick an address in ${usable}.`,
    );
  },
  inUseElsewhere(decl: string, address: string, holder: string, holderPrimary: boolean): string {
    return line(
      decl,
      `privateIpAddresses ${address} is already in use as the ${holderPrimary ? "primary" : "secondary"} address of ${holder}`,
      "ip_in_use",
      holderPrimary
        ? "Pick a free address of the vSwitch."
        : `Pick a free address of the vSwitch, or unassign it from ${holder} first.`,
    );
  },
  inUsePrimaryHere(decl: string, address: string, eni: string): string {
    return line(
      decl,
      `privateIpAddresses ${address} is the primary address of ${eni}`,
      "ip_in_use",
      "The primary address is never managed or adopted as a secondary address: remove it from the list.",
    );
  },
  inUseHere(decl: string, address: string, eni: string): string {
    return line(
      decl,
      `privateIpAddresses ${address} is already a secondary address of ${eni}`,
      "ip_in_use",
      "Set adoptExisting: true to take it over, or pick a free address.",
    );
  },
  conflictingBoth(decl: string): string {
    return line(
      decl,
      "privateIpAddresses and secondaryPrivateIpAddressCount are both set",
      "conflicting_args",
      "Keep one of them: a list of addresses, or a count for the cloud to pick.",
    );
  },
  conflictingNeither(decl: string): string {
    return line(
      decl,
      "neither privateIpAddresses nor secondaryPrivateIpAddressCount is set",
      "conflicting_args",
      "Give a list of addresses, or a count for the cloud to pick.",
    );
  },
  invalidCount(decl: string, value: unknown): string {
    return line(
      decl,
      `secondaryPrivateIpAddressCount ${show(value)} is not a whole number of at least 1`,
      "invalid_count",
      "Give a number such as 2 (not a string, a fraction, zero or a negative number).",
    );
  },
  eniNotFound(decl: string, eni: string): string {
    return line(
      decl,
      `networkInterfaceId ${eni} does not exist in the account facts`,
      "eni_not_found",
      "Check the ENI id and the region (regionId / ALIBABA_CLOUD_REGION_ID), or refresh the snapshot.",
    );
  },
  eniState(decl: string, eni: string, status: string): string {
    return line(
      decl,
      `networkInterfaceId ${eni} is ${status}; addresses can be assigned only while an ENI is Available or InUse`,
      "eni_state",
      "Wait until the ENI is Available or InUse (attach/detach finished) and run again.",
    );
  },
  instanceState(decl: string, eni: string, instanceId: string, status: string): string {
    return line(
      decl,
      `networkInterfaceId ${eni} is the primary ENI of ${instanceId}, which is ${status}; a primary ENI takes addresses only while its instance is Running or Stopped`,
      "instance_state",
      "Wait until the instance is Running or Stopped and run again.",
    );
  },
  eniLimit(p: {
    decl: string;
    property: string;
    eni: string;
    total: number;
    limit: number;
    context: string;
    current: number;
    earlier: number;
    own: number;
    knob: string;
  }): string {
    const room = Math.max(0, p.limit - p.current - p.earlier);
    const earlier = p.earlier > 0 ? `, earlier declarations of this run add ${p.earlier}` : "";
    return line(
      p.decl,
      `${p.property} would bring ${p.eni} to ${p.total} private IPv4 addresses, over the limit of ${p.limit} (${p.context})`,
      "eni_ip_limit",
      `The ENI has ${p.current} (primary included)${earlier} and this declaration adds ${p.own}: ${
        room > 0 ? `declare at most ${room} new addresses on this ENI` : "the ENI has no room left, so remove addresses from it"
      }, use another ENI, or raise ${p.knob} if your account allows more.`,
    );
  },
  securityGroupQuota(p: {
    decl: string;
    property: string;
    securityGroupId: string;
    total: number;
    limit: number;
    source: string;
    current: number;
    earlier: number;
    own: number;
    eni: string;
  }): string {
    const earlier = p.earlier > 0 ? `, earlier declarations of this run add ${p.earlier}` : "";
    return line(
      p.decl,
      `${p.property} would bring basic security group ${p.securityGroupId} (of ${p.eni}) to ${p.total} private IPv4 addresses, over the limit of ${p.limit} (basic security group; ${p.source})`,
      "security_group_quota",
      `The group has ${p.current}${earlier} and this declaration adds ${p.own}: declare fewer addresses, move the ENI to an advanced (enterprise) security group, or raise ENI_IPS_BASIC_SG_MAX_IPS after a Quota Center increase.`,
    );
  },
  vSwitchExhausted(p: {
    decl: string;
    count: number;
    vSwitchId: string;
    cidr: string;
    free: number;
    earlier: number;
    eni: string;
  }): string {
    const earlier = p.earlier > 0 ? ` after ${p.earlier} taken by earlier declarations of this run` : "";
    return line(
      p.decl,
      `secondaryPrivateIpAddressCount ${p.count} needs ${p.count} new addresses but vSwitch ${p.vSwitchId} (${p.cidr}) of ${p.eni} has ${p.free} free${earlier}`,
      "vswitch_exhausted",
      "Lower the count, free addresses in the vSwitch, or use an ENI in a larger vSwitch.",
    );
  },
};

export const warnings = {
  unknownInput(decl: string, inputs: readonly string[]): string {
    return `${decl}: ${inputs.join(", ")} not known yet (preview); the rules that need ${inputs.length === 1 ? "it" : "them"} were skipped and run again before any change.`;
  },
  unknownInstanceType(decl: string, eni: string, instanceId: string, instanceType: string | undefined, limit: number, source: string): string {
    const what = instanceType === undefined ? `instance ${instanceId} (type unknown)` : `instance type ${instanceType} of ${instanceId}`;
    return `${decl}: no per-ENI address quantity known for ${what} of ${eni}; checked against ${limit} (${source}) instead. Set ENI_IPS_INSTANCE_TYPE_ENI_IPS (e.g. ${instanceType ?? "ecs.g6.large"}=6) to be exact.`;
  },
  unknownVSwitch(decl: string, eni: string, vSwitchId: string): string {
    return `${decl}: vSwitch ${vSwitchId} of ${eni} is not in the account facts; CIDR, reserved-address, in-use and free-address checks were skipped.`;
  },
  unknownSecurityGroup(decl: string, eni: string, securityGroupId: string): string {
    return `${decl}: security group ${securityGroupId} of ${eni} is not in the account facts; its quota was not checked.`;
  },
  unknownInstance(decl: string, eni: string, instanceId: string): string {
    return `${decl}: instance ${instanceId} of ${eni} is not in the account facts; its state was not checked.`;
  },
};
