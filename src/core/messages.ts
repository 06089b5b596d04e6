// All wording of violations and warnings, in one place (zod-style: rules produce data, this module
// turns it into text). formatMessage renders any violation or warning from its code and detail; the
// core fills `message` with it and the CLI's renderers (and the provider) print what it returns.
// A problem on another tool's resource (a Terraform or Pulumi plan's) carries that tool's words in its
// parts (`names`, `eniLabel`): it is worded in them here, never rewritten afterwards.
// Every violation message names the declaration, the property, the offending value and
// "[rule N (code)]", then says what to do. Tests assert codes and details, rarely this wording.
import { RULES } from "./rules";
import { showValue } from "./show-value";
import type {
  CoreWarningCode,
  ValidationWarning,
  Violation,
  ViolationCode,
  ViolationDetails,
  ViolationOf,
  WarningDetails,
} from "./types";

/**
 * The words a message uses for the engine's inputs: eni-ips's own unless a problem says otherwise.
 * A problem found on another tool's resource (a Terraform or Pulumi plan's ENI, say) carries that
 * tool's attribute names here, so it is worded in them from the start and can be worded again.
 */
export interface MessageNames {
  readonly privateIpAddresses: string;
  readonly secondaryPrivateIpAddressCount: string;
  readonly networkInterfaceId: string;
  readonly ipv4Prefixes: string;
  readonly ipv4PrefixCount: string;
  /**
   * Set when the problem is about a new ENI's primary address, judged as a declaration of that one
   * address: "given" (`privateIpAddresses` names its attribute; one address, no list index) or
   * "assigned" by the cloud (`secondaryPrivateIpAddressCount` words it; it needs 1 new address).
   */
  readonly primaryAddress?: "given" | "assigned" | undefined;
  /** The input that takes over an address already on the ENI; absent when the tool has none (the
   *  official Terraform and Pulumi resources). */
  readonly adoptExisting?: string | undefined;
}

/** eni-ips's own names, the engine's. */
export const ENGINE_NAMES: MessageNames = {
  privateIpAddresses: "privateIpAddresses",
  secondaryPrivateIpAddressCount: "secondaryPrivateIpAddressCount",
  networkInterfaceId: "networkInterfaceId",
  ipv4Prefixes: "ipv4Prefixes",
  ipv4PrefixCount: "ipv4PrefixCount",
  adoptExisting: "adoptExisting",
};

/** How a problem found on another tool's resource is worded: its names, and how an ENI the plan
 *  creates (its id null until apply) is called ("(new) NAME"). */
export interface Wording {
  readonly names?: MessageNames | undefined;
  readonly eniLabel?: string | undefined;
}

/** A violation or warning before (or regardless of) its message. */
type Parts<T> = T extends unknown ? Omit<T, "message"> & { readonly message?: string | undefined } & Wording : never;
export type ViolationParts = Parts<Violation>;
export type WarningParts = Omit<ValidationWarning, "message"> & { readonly message?: string | undefined };

/**
 * Anything shaped like a violation or a warning: the core's own, or a caller's copy of one (a report
 * row with `networkInterfaceId: null` for an ENI a plan creates, say).
 */
export interface ProblemParts extends Wording {
  readonly code: string;
  readonly rule?: number;
  readonly declaration?: string | undefined;
  readonly networkInterfaceId?: string | null | undefined;
  readonly property?: string;
  readonly value?: unknown;
  readonly message?: string | undefined;
  readonly detail?: unknown;
}

function tag(code: ViolationCode): string {
  return `[rule ${RULES[code].number} (${code})]`;
}

function line(decl: string, problem: string, code: ViolationCode, action: string): string {
  return `${decl}: ${problem} ${tag(code)}. ${action}`;
}

/** A value as plain text (an id printed bare), safe for any value. */
function plain(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return String(value);
  } catch {
    return showValue(value);
  }
}

/** The ENI as a message names it: its id, the label of one the plan creates, or "the ENI". */
function eniOf(v: { readonly networkInterfaceId?: string | null | undefined; readonly eniLabel?: string | undefined }): string {
  return v.networkInterfaceId ?? v.eniLabel ?? "the ENI";
}

function namesOf(v: Wording): MessageNames {
  return v.names ?? ENGINE_NAMES;
}

/** What to do about an address (or /28) already on the declaration's own ENI but not its own. */
function takeOverHint(n: MessageNames, what: "address" | "/28"): string {
  if (n.adoptExisting !== undefined) return `Set ${n.adoptExisting}: true to take it over, or pick a free ${what}.`;
  return `Pick a free ${what}, or unassign it from the ENI first: it was assigned outside this plan, and this resource cannot take it over.`;
}

/** The element `index` of the address list, or the one primary address. */
function addressAt(n: MessageNames, index: number): string {
  return n.primaryAddress === undefined ? `${n.privateIpAddresses}[${index}]` : n.privateIpAddresses;
}

/** What the message says is at fault: the property, or a primary address the cloud assigns. */
function subject(v: { readonly property: string } & Wording): string {
  const n = namesOf(v);
  return n.primaryAddress === "assigned" ? n.secondaryPrivateIpAddressCount : v.property;
}

/** The declaration as another one names it ("KEY primary_ip_address" for a new ENI's primary address). */
function declarationOf(v: { readonly declaration: string } & Wording): string {
  const n = namesOf(v);
  return n.primaryAddress === "given" ? `${v.declaration} ${n.privateIpAddresses}` : v.declaration;
}

/** The largest count that is exact as a number: 2^53 - 1. */
const MAX_EXACT = Number.MAX_SAFE_INTEGER;

type Renderer<C extends ViolationCode> = (v: Parts<ViolationOf<C>>, d: ViolationDetails[C]) => string;

const VIOLATIONS: { readonly [C in ViolationCode]: Renderer<C> } = {
  invalid_ip: (v, d) =>
    d.index === undefined
      ? line(
          v.declaration,
          `${namesOf(v).privateIpAddresses} ${showValue(v.value)} is not a list of IPv4 addresses`,
          v.code,
          `Give a list such as ["10.0.0.5", "10.0.0.6"], or use ${namesOf(v).secondaryPrivateIpAddressCount} instead.`,
        )
      : line(
          v.declaration,
          `${addressAt(namesOf(v), d.index)} ${showValue(v.value)} is not a single IPv4 address`,
          v.code,
          "Write one dotted-quad address per entry, e.g. 10.0.0.5 (no CIDR suffix, IPv6, leading zeros, signs or spaces).",
        ),
  duplicate_ip: (v, d) =>
    d.otherDeclaration === undefined
      ? line(v.declaration, `${namesOf(v).privateIpAddresses} lists ${d.address} more than once`, v.code, "Remove the repeated entry.")
      : line(
          v.declaration,
          `${namesOf(v).privateIpAddresses} ${d.address} is also declared by ${d.otherDeclaration} in this run`,
          v.code,
          `An address can belong to one declaration only: remove it from ${declarationOf(v)} or from ${d.otherDeclaration}.`,
        ),
  outside_vswitch_cidr: (v, d) =>
    line(
      v.declaration,
      `${namesOf(v).privateIpAddresses} ${d.address} is outside ${d.cidrBlock}, the CIDR of vSwitch ${d.vSwitchId} of ${eniOf(v)}`,
      v.code,
      `Pick an address in ${d.usableRange}, or use an ENI in the vSwitch that holds ${d.address}.`,
    ),
  reserved_ip: (v, d) =>
    d.reservation === undefined
      ? line(
          v.declaration,
          `${namesOf(v).privateIpAddresses} ${d.address} is reserved in vSwitch ${d.vSwitchId} (${d.cidrBlock}: the first address and the last three are reserved)`,
          v.code,
          `Pick an address in ${d.usableRange}.`,
        )
      : line(
          v.declaration,
          `${namesOf(v).privateIpAddresses} ${d.address} is inside ${d.reservation.cidrBlock} (${d.reservation.vSwitchCidrReservationId}), a CIDR block vSwitch ${d.vSwitchId} (${d.cidrBlock}) reserves for IPv4 prefixes`,
          v.code,
          `Pick an address in ${d.usableRange} outside the reserved blocks, or ask for the block's addresses as an IPv4 prefix (${namesOf(v).ipv4Prefixes}).`,
        ),
  ip_in_use: (v, d) => {
    const addresses = namesOf(v).privateIpAddresses;
    if (d.holderAddress === "prefix") {
      return line(
        v.declaration,
        `${addresses} ${d.address} is inside the IPv4 prefix ${d.prefix ?? "(unknown)"} of ${d.holder}`,
        v.code,
        d.thisEni
          ? "An address of a prefix on this ENI is in use as part of the prefix, never as a secondary address: remove it from the list."
          : `Pick a free address of the vSwitch, or unassign the prefix from ${d.holder} first.`,
      );
    }
    if (d.thisEni && d.holderAddress === "primary") {
      return line(
        v.declaration,
        `${addresses} ${d.address} is the primary address of ${d.holder}`,
        v.code,
        "The primary address is never managed or adopted as a secondary address: remove it from the list.",
      );
    }
    if (d.thisEni) {
      return line(
        v.declaration,
        `${addresses} ${d.address} is already a secondary address of ${d.holder}`,
        v.code,
        takeOverHint(namesOf(v), "address"),
      );
    }
    const primary = d.holderAddress === "primary";
    return line(
      v.declaration,
      `${addresses} ${d.address} is already in use as the ${d.holderAddress} address of ${d.holder}`,
      v.code,
      primary ? "Pick a free address of the vSwitch." : `Pick a free address of the vSwitch, or unassign it from ${d.holder} first.`,
    );
  },
  conflicting_args: (v, d) => {
    const n = namesOf(v);
    if (d.given === "both") {
      const given = d.properties ?? [n.privateIpAddresses, n.secondaryPrivateIpAddressCount];
      const prefixes = given.some((p) => p === n.ipv4Prefixes || p === n.ipv4PrefixCount);
      return line(
        v.declaration,
        `${listWords(given)} are ${given.length === 2 ? "both" : "all"} set`,
        v.code,
        prefixes
          ? "Keep one of them: an ENI's addresses and its IPv4 prefixes are declared apart (one request takes one kind), each as a list or a count."
          : "Keep one of them: a list of addresses, or a count for the cloud to pick.",
      );
    }
    return line(
      v.declaration,
      `neither ${n.privateIpAddresses} nor ${n.secondaryPrivateIpAddressCount} is set`,
      v.code,
      "Give a list of addresses, or a count for the cloud to pick.",
    );
  },
  invalid_count: (v, d) =>
    d.reason === "too_large"
      ? line(
          v.declaration,
          `${subject(v)} ${showValue(v.value)} is too large to be a count (above ${MAX_EXACT}, 2^53 - 1, numbers are not exact, so this may not even be the number written)`,
          v.code,
          "Give a number of addresses the ENI can hold, such as 2.",
        )
      : line(
          v.declaration,
          `${subject(v)} ${showValue(v.value)} is not a whole number of at least 1`,
          v.code,
          "Give a number such as 2 (not a string, a fraction, zero or a negative number).",
        ),
  eni_not_found: (v) =>
    line(
      v.declaration,
      `${namesOf(v).networkInterfaceId} ${plain(v.value)} does not exist in the account facts`,
      v.code,
      "Check the ENI id and the region (regionId / ALIBABA_CLOUD_REGION_ID), or refresh the snapshot.",
    ),
  eni_state: (v, d) =>
    line(
      v.declaration,
      `${namesOf(v).networkInterfaceId} ${plain(v.value)} is ${d.status}; addresses can be assigned only while an ENI is Available or InUse`,
      v.code,
      "Wait until the ENI is Available or InUse (attach/detach finished) and run again.",
    ),
  instance_state: (v, d) =>
    line(
      v.declaration,
      `${namesOf(v).networkInterfaceId} ${plain(v.value)} is the primary ENI of ${d.instanceId}, which is ${d.status}; a primary ENI takes addresses only while its instance is Running or Stopped`,
      v.code,
      "Wait until the instance is Running or Stopped and run again.",
    ),
  eni_ip_limit: (v, d) => {
    const eni = eniOf(v);
    const room = Math.max(0, d.limit - d.current - d.earlier);
    const earlier = d.earlier > 0 ? `, earlier declarations of this run add ${d.earlier}` : "";
    const prefixes = d.prefixes === undefined ? "" : ` (${d.prefixes} of them IPv4 prefixes, each counting as one)`;
    return line(
      v.declaration,
      `${subject(v)} would bring ${eni} to ${d.total} private IPv4 addresses${prefixes}, over the limit of ${d.limit} (${d.limitSource})`,
      v.code,
      `The ENI has ${d.current} (primary included)${earlier} and this declaration adds ${d.adds}: ${
        room > 0 ? `declare at most ${room} new addresses on this ENI` : "the ENI has no room left, so remove addresses from it"
      }, use another ENI, or raise ${d.knob} if your account allows more.`,
    );
  },
  security_group_quota: (v, d) => {
    const earlier = d.earlier > 0 ? `, earlier declarations of this run add ${d.earlier}` : "";
    const counted = [
      ...(d.prefixes === undefined ? [] : [`${d.prefixes} IPv4 prefixes counting as one each`]),
      ...(d.ipv6 === undefined ? [] : [`${d.ipv6} IPv6 addresses and prefixes, which the current profile counts`]),
    ];
    const of = counted.length === 0 ? "" : ` (${counted.join(", ")})`;
    return line(
      v.declaration,
      `${subject(v)} would bring basic security group ${d.securityGroupId} (of ${eniOf(v)}) to ${d.total} private IPv4 addresses${of}, over the limit of ${d.limit} (basic security group; ${d.limitSource})`,
      v.code,
      `The group has ${d.current}${earlier} and this declaration adds ${d.adds}: declare fewer addresses, move the ENI to an advanced (enterprise) security group, or raise ENI_IPS_BASIC_SG_MAX_IPS after a Quota Center increase.`,
    );
  },
  vswitch_exhausted: (v, d) => {
    const earlier = d.earlier > 0 ? ` after ${d.earlier} taken by earlier declarations of this run` : "";
    const n = namesOf(v);
    const needs = n.primaryAddress === "assigned" ? `${n.secondaryPrivateIpAddressCount} needs 1 new address` : `${n.secondaryPrivateIpAddressCount} ${d.needed} needs ${d.needed} new addresses`;
    return line(
      v.declaration,
      `${needs} but vSwitch ${d.vSwitchId} (${d.cidrBlock}) of ${eniOf(v)} has ${d.free} free${earlier}`,
      v.code,
      "Lower the count, free addresses in the vSwitch, or use an ENI in a larger vSwitch.",
    );
  },
  invalid_input: (v, d) => {
    if (d.reason === "unknown_input") {
      const hint = d.closest === undefined ? "" : `Did you mean ${d.closest}? `;
      return line(v.declaration, `${v.property} is not an input of this resource`, v.code, `${hint}The inputs are ${d.known.join(", ")}.`);
    }
    if (d.reason === "missing") {
      return line(v.declaration, `${v.property} is not set: expected ${d.expected}`, v.code, `Set ${v.property}.`);
    }
    return line(v.declaration, `${v.property} ${showValue(v.value)} is not valid: expected ${d.expected}`, v.code, `Change ${v.property} to ${d.expected}.`);
  },
  guest_agent_unavailable: (v, d) => {
    const eni = eniOf(v);
    const optOut = "or set applyGuestConfig: false and run the guestConfig output's script yourself.";
    switch (d.reason) {
      case "no_instance":
        return line(v.declaration, `applyGuestConfig needs the instance ${eni} is bound to, but ${eni} is ${d.eniStatus} and bound to no instance`, v.code, `Attach the ENI to an instance first, ${optOut}`);
      case "agent_not_running":
        return line(
          v.declaration,
          `applyGuestConfig needs the Cloud Assistant agent of ${d.instanceId} (the instance of ${eni}), which is not running (DescribeCloudAssistantStatus says CloudAssistantStatus "false")`,
          v.code,
          `Start the instance, or install or start its agent (Alibaba's guide "Install the Cloud Assistant Agent"), ${optOut}`,
        );
      case "agent_unknown":
        return line(
          v.declaration,
          `applyGuestConfig needs the Cloud Assistant agent of ${d.instanceId} (the instance of ${eni}), which DescribeCloudAssistantStatus does not report`,
          v.code,
          `Check that the instance exists in this region and has the agent installed, ${optOut}`,
        );
      case "os_mismatch":
        return line(
          v.declaration,
          `guestOs ${d.guestOs} renders a ${d.guestOs === "windows" ? "PowerShell" : "shell"} script, but Cloud Assistant reports ${d.instanceId} (the instance of ${eni}) as ${d.osType}`,
          v.code,
          `Set guestOs to the instance's family (windows for Windows, a Linux family or image name otherwise).`,
        );
    }
  },
  invalid_prefix: (v, d) => invalidPrefix(v, d),
  prefix_unavailable: (v, d) => prefixUnavailable(v, d),
};

/** "a and b", "a, b and c". */
function listWords(words: readonly string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]!}`;
}

const ALIGNED_EXAMPLE = "an aligned /28 such as 10.0.3.64/28 (its address a multiple of 16 in the last octet)";

/** The count input beside a prefix list: the names' (ipv4PrefixCount), or prefixCount for the
 *  Ipv4Prefixes resource (the provider names its list `prefixes`). */
function prefixCountBeside(v: { readonly property: string } & Wording): string {
  return v.names === undefined && v.property === "prefixes" ? "prefixCount" : namesOf(v).ipv4PrefixCount;
}

function invalidPrefix(v: Parts<ViolationOf<"invalid_prefix">>, d: ViolationDetails["invalid_prefix"]): string {
  switch (d.reason) {
    case "not_a_list":
      return line(v.declaration, `${v.property} ${showValue(v.value)} is not a list of IPv4 prefixes`, v.code, `Give a list such as ["10.0.3.64/28"], or use ${prefixCountBeside(v)} instead.`);
    case "not_a_prefix":
      return line(v.declaration, `${v.property}[${d.index}] ${showValue(v.value)} is not an IPv4 prefix`, v.code, `Write each prefix as ${ALIGNED_EXAMPLE}.`);
    case "not_28":
      return line(v.declaration, `${v.property}[${d.index}] ${showValue(v.value)} is not a /28: ECS assigns IPv4 prefixes as /28 blocks of 16 addresses only`, v.code, `Write each prefix as ${ALIGNED_EXAMPLE}.`);
    case "not_aligned":
      return line(v.declaration, `${v.property}[${d.index}] ${showValue(v.value)} is not aligned: the /28 holding that address is ${d.aligned}`, v.code, `Write ${d.aligned}, or another aligned /28.`);
    case "too_many":
      return line(
        v.declaration,
        `${v.property} asks for ${d.requested} IPv4 prefixes, more than the ${d.max} one request (and the official ENI resources) take`,
        v.code,
        `Declare at most ${d.max} prefixes here; split more over several declarations.`,
      );
  }
}

function reservationList(r: readonly { readonly vSwitchCidrReservationId: string; readonly cidrBlock: string }[]): string {
  return r.map((x) => `${x.cidrBlock} (${x.vSwitchCidrReservationId})`).join(", ");
}

function prefixUnavailable(v: Parts<ViolationOf<"prefix_unavailable">>, d: ViolationDetails["prefix_unavailable"]): string {
  const eni = eniOf(v);
  switch (d.reason) {
    case "outside_reservations":
      return line(
        v.declaration,
        d.reservations.length === 0
          ? `${v.property} ${d.prefix} cannot be assigned: vSwitch ${d.vSwitchId} (${d.cidrBlock}) of ${eni} has no CIDR block reserved for IPv4 prefixes`
          : `${v.property} ${d.prefix} is outside the prefix reservations of vSwitch ${d.vSwitchId} (${d.cidrBlock}) of ${eni}: ${reservationList(d.reservations)}`,
        v.code,
        d.reservations.length === 0
          ? "Reserve a CIDR block of the vSwitch for prefixes first (CreateVSwitchCidrReservation), then pick /28s inside it."
          : "Pick a /28 inside one of the reserved blocks, or reserve a block that holds it (CreateVSwitchCidrReservation).",
      );
    case "outside_vswitch":
      return line(
        v.declaration,
        `${v.property} ${d.prefix} is not a block of assignable addresses of vSwitch ${d.vSwitchId} (${d.cidrBlock}) of ${eni}`,
        v.code,
        "Pick a /28 inside the vSwitch's prefix reservations, clear of its first address and its last three.",
      );
    case "in_use":
      return line(
        v.declaration,
        d.thisEni && d.holderAddress === "prefix" && d.overlaps === d.prefix
          ? `${v.property} ${d.prefix} is already on ${d.holder}`
          : `${v.property} ${d.prefix} overlaps ${d.overlaps}, ${d.holderAddress === "prefix" ? "an IPv4 prefix" : `the ${d.holderAddress} address`} of ${d.holder}`,
        v.code,
        d.thisEni && d.holderAddress === "prefix" && d.overlaps === d.prefix
          ? takeOverHint(namesOf(v), "/28")
          : "Pick a /28 none of whose 16 addresses is in use.",
      );
    case "declared":
      return d.otherDeclaration === undefined
        ? line(v.declaration, `${v.property} lists ${d.prefix} more than once`, v.code, "Remove the repeated entry.")
        : line(
            v.declaration,
            `${v.property} ${d.prefix} overlaps what ${d.otherDeclaration} declares in this run`,
            v.code,
            `An address belongs to one declaration only, alone or in a prefix: remove it from ${v.declaration} or from ${d.otherDeclaration}.`,
          );
    case "none_free": {
      const earlier = d.earlier > 0 ? ` after ${d.earlier} taken by earlier declarations of this run` : "";
      return line(
        v.declaration,
        `${v.property} ${d.needed} needs ${d.needed} free /28 blocks but the prefix reservations of vSwitch ${d.vSwitchId} (${d.cidrBlock}) of ${eni} have ${d.free} free${earlier}`,
        v.code,
        "Lower the count, release prefixes in the vSwitch, or reserve a larger block for prefixes.",
      );
    }
  }
}

type WarningRenderer<C extends CoreWarningCode> = (decl: string, eni: string, d: WarningDetails[C]) => string;

const WARNINGS: { readonly [C in CoreWarningCode]: WarningRenderer<C> } = {
  unknown_input: (decl, _eni, d) =>
    `${decl}: ${d.inputs.join(", ")} not known yet (preview); the rules that need ${d.inputs.length === 1 ? "it" : "them"} were skipped and run again before any change.`,
  unknown_instance_type: (decl, eni, d) => {
    const what = d.instanceType === undefined ? `instance ${d.instanceId} (type unknown)` : `instance type ${d.instanceType} of ${d.instanceId}`;
    // A new instance of a plan and its primary ENI go by one label: name it once.
    const of = eni === d.instanceId ? "" : ` of ${eni}`;
    return `${decl}: no per-ENI address quantity known for ${what}${of}; checked against ${d.limit} (${d.limitSource}) instead. Set ENI_IPS_INSTANCE_TYPE_ENI_IPS (e.g. ${d.instanceType ?? "ecs.g6.large"}=6) to be exact.`;
  },
  unknown_vswitch: (decl, eni, d) =>
    `${decl}: vSwitch ${d.vSwitchId} of ${eni} is not in the account facts; CIDR, reserved-address, in-use and free-address checks were skipped.`,
  unknown_security_group: (decl, eni, d) =>
    `${decl}: security group ${d.securityGroupId} of ${eni} is not in the account facts; its quota was not checked.`,
  unknown_instance: (decl, eni, d) => `${decl}: instance ${d.instanceId} of ${eni} is not in the account facts; its state was not checked.`,
  unknown_reservations: (decl, eni, d) =>
    `${decl}: the prefix reservations of vSwitch ${d.vSwitchId} of ${eni} are not in the account facts (a snapshot older than eni-ips's prefix support, or a vSwitch the plan creates); the reservation and free-/28 checks of its IPv4 prefixes were skipped.`,
};

function isViolationCode(code: string): code is ViolationCode {
  return Object.hasOwn(VIOLATIONS, code);
}

/**
 * The text of a violation or warning, from its code and detail, in the problem's `names` (eni-ips's
 * own when absent). A problem without a detail (built outside the core, e.g. the CLI's
 * stale_snapshot warning, or a plan reader's warning) keeps the message it came with.
 */
export function formatMessage(problem: ViolationParts | WarningParts | ProblemParts): string {
  const p = problem as ProblemParts;
  if (typeof p.rule === "number" && isViolationCode(p.code)) {
    if (p.detail === undefined) return p.message ?? `${p.declaration ?? ""}: ${p.property ?? ""} ${tag(p.code)}`;
    const render = VIOLATIONS[p.code] as Renderer<ViolationCode>;
    return render(p as unknown as Parts<ViolationOf<ViolationCode>>, p.detail as ViolationDetails[ViolationCode]);
  }
  const render = (WARNINGS as Partial<Record<string, WarningRenderer<CoreWarningCode>>>)[p.code];
  if (render === undefined || p.detail === undefined) return p.message ?? p.code;
  return render(p.declaration ?? "", p.networkInterfaceId ?? "", p.detail as WarningDetails[CoreWarningCode]);
}
