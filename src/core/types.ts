// The data the validation core consumes and produces. Plain, JSON-serialisable shapes so the same
// facts can come from the live account (src/cloud), an offline snapshot file, or a test fixture.

/**
 * Marks an input whose value is not known yet (Pulumi's unknown during preview). The provider maps
 * Pulumi's sentinel to this symbol so the core never depends on Pulumi. Rules that need an unknown
 * value are skipped, never guessed.
 */
export const UNKNOWN: unique symbol = Symbol.for("eni-ips.unknown");
export type Unknown = typeof UNKNOWN;
export type Unknowable<T> = T | Unknown;

/** One declaration: a set of secondary addresses wanted on one ENI (a resource, or a plan entry). */
export interface Declaration {
  /** The resource or plan entry name; every violation names it. */
  readonly name: string;
  readonly networkInterfaceId: Unknowable<string>;
  /** Raw, unvalidated: anything a user can type ends up here, the core judges it. */
  readonly privateIpAddresses?: Unknowable<readonly Unknowable<unknown>[]> | undefined;
  readonly secondaryPrivateIpAddressCount?: Unknowable<unknown> | undefined;
  /**
   * IPv4 prefixes (aligned /28 blocks, "10.0.3.64/28") wanted on the ENI; exclusive with the address
   * list and count and with `ipv4PrefixCount`. Raw, like the address list.
   */
  readonly ipv4Prefixes?: Unknowable<readonly Unknowable<unknown>[]> | undefined;
  /** This many free /28 blocks of the vSwitch's prefix reservations. */
  readonly ipv4PrefixCount?: Unknowable<unknown> | undefined;
  /** Declared addresses (and prefixes) already on this ENI are taken over instead of refused as in use. */
  readonly adoptExisting?: boolean | undefined;
  /**
   * Addresses this declaration already owns on the ENI (from its state, on update). They are neither
   * "in use" nor new demand.
   */
  readonly ownedAddresses?: readonly string[] | undefined;
  /** IPv4 prefixes this declaration already owns on the ENI (from its state, on update). */
  readonly ownedPrefixes?: readonly string[] | undefined;
  /** Per-declaration limit overrides (a resource's own knobs), applied over the run's limits. */
  readonly limits?: LimitOverrides | undefined;
}

export type EniStatus = "Available" | "Attaching" | "InUse" | "Detaching" | "Deleting" | (string & {});
export type InstanceStatus = "Pending" | "Running" | "Starting" | "Stopping" | "Stopped" | (string & {});

export interface EniFacts {
  readonly networkInterfaceId: string;
  readonly status: EniStatus;
  /** "Primary" or "Secondary" (the API also knows Trunk/Member; treated as secondary). */
  readonly type: string;
  readonly vSwitchId: string;
  /** The instance the ENI is bound to, when bound. */
  readonly instanceId?: string | undefined;
  readonly securityGroupIds: readonly string[];
  /** Empty while not known yet (an ENI a plan creates, whose primary the cloud assigns). */
  readonly primaryIpAddress: string;
  /** Every private IPv4 address on the ENI, the primary included. */
  readonly privateIpAddresses: readonly string[];
  /**
   * IPv4 prefixes on the ENI (aligned /28 blocks, DescribeNetworkInterfaces' Ipv4PrefixSets). Each
   * counts as one address toward the ENI's limit and its groups' quota; its 16 addresses are in use.
   * Absent: none (facts read before eni-ips read prefixes have none).
   */
  readonly ipv4Prefixes?: readonly string[] | undefined;
  /** IPv6 addresses and IPv6 prefixes on the ENI (Ipv6Sets, Ipv6PrefixSets): the `current` profile
   *  counts them toward a basic group's quota, as the current security-group page says. */
  readonly ipv6AddressCount?: number | undefined;
  readonly ipv6PrefixCount?: number | undefined;
}

/** A reserved CIDR block of a vSwitch (ListVSwitchCidrReservations, type `prefix`): IPv4 prefixes
 *  are taken from these blocks only, and single addresses never are. */
export interface CidrReservationFacts {
  readonly vSwitchCidrReservationId: string;
  readonly cidrBlock: string;
}

export interface VSwitchFacts {
  readonly vSwitchId: string;
  readonly cidrBlock: string;
  /** From DescribeVSwitchAttributes; when absent the core derives it from usable size minus known use. */
  readonly availableIpAddressCount?: number | undefined;
  /**
   * The vSwitch's prefix reservations. Absent: not known (facts read before eni-ips read them), and
   * the rules that need them are skipped with a warning; empty: the vSwitch has none.
   */
  readonly cidrReservations?: readonly CidrReservationFacts[] | undefined;
}

export interface InstanceFacts {
  readonly instanceId: string;
  readonly status: InstanceStatus;
  readonly instanceType: string;
}

export interface InstanceTypeFacts {
  readonly instanceTypeId: string;
  /** Max private IPv4 addresses per ENI, primary included (DescribeInstanceTypes). */
  readonly eniPrivateIpAddressQuantity: number;
}

export interface SecurityGroupFacts {
  readonly securityGroupId: string;
  /** "normal" (basic) groups have an IP quota; "enterprise" (advanced) groups count ENIs instead. */
  readonly securityGroupType: "normal" | "enterprise" | (string & {});
  /**
   * Private IPv4 addresses currently on all ENIs of the group, primary ENIs and secondary ENIs,
   * primary and secondary addresses, each IPv4 prefix counting as one. When absent the core sums the
   * ENIs it knows in the group.
   */
  readonly privateIpAddressCount?: number | undefined;
  /** IPv6 addresses and IPv6 prefixes over the same ENIs (the `current` profile counts them); absent
   *  with a count of its own: none known. */
  readonly ipv6AddressCount?: number | undefined;
  readonly ipv6PrefixCount?: number | undefined;
}

/** Everything the core needs to know about the account. Missing entries mean "does not exist". */
export interface AccountFacts {
  readonly enis: readonly EniFacts[];
  readonly vSwitches: readonly VSwitchFacts[];
  readonly instances: readonly InstanceFacts[];
  readonly instanceTypes: readonly InstanceTypeFacts[];
  readonly securityGroups: readonly SecurityGroupFacts[];
}

/** Numeric limits; each may be overridden. `null` for `eniMaxIps` means "no extra per-ENI cap". */
export interface LimitValues {
  /** Total private IPs (primary included) on an ENI in Available state. */
  readonly availableEniMaxIps: number;
  /** Absolute cap on any ENI, whatever its instance type says; null = none. */
  readonly eniMaxIps: number | null;
  /** Private IPs over all ENIs of one basic (normal) security group. */
  readonly basicSecurityGroupMaxIps: number;
  /** Instance type id -> per-ENI quantity, overriding (or standing in for) DescribeInstanceTypes. */
  readonly instanceTypeEniIps?: Readonly<Record<string, number>> | undefined;
}

export type LimitOverrides = Partial<LimitValues>;

export type ProfileName = "default" | "current";

/** Limits in force, each value with where it came from (messages print both). */
export interface ResolvedLimits {
  readonly profile: ProfileName;
  readonly availableEniMaxIps: SourcedValue<number>;
  readonly eniMaxIps: SourcedValue<number | null>;
  readonly basicSecurityGroupMaxIps: SourcedValue<number>;
  readonly instanceTypeEniIps: Readonly<Record<string, SourcedValue<number>>>;
}

export interface SourcedValue<T> {
  readonly value: T;
  /** Human text: "default profile", "current profile", "override ENI_IPS_…=12", "plan limits", … */
  readonly source: string;
}

export type ViolationCode =
  | "invalid_ip"
  | "duplicate_ip"
  | "outside_vswitch_cidr"
  | "reserved_ip"
  | "ip_in_use"
  | "conflicting_args"
  | "invalid_count"
  | "eni_not_found"
  | "eni_state"
  | "instance_state"
  | "eni_ip_limit"
  | "security_group_quota"
  | "vswitch_exhausted"
  | "invalid_input"
  | "guest_agent_unavailable"
  | "invalid_prefix"
  | "prefix_unavailable";

/** The numbers of a limit violation (rules 11 and 12): enough to redo the arithmetic of the message. */
export interface QuotaDetail {
  /** What the ENI or group would hold: current + earlier + adds. */
  readonly total: number;
  readonly limit: number;
  /** Where the limit came from ("ENI is Available; default profile", "env ENI_IPS_BASIC_SG_MAX_IPS", …). */
  readonly limitSource: string;
  /** What the ENI or group holds now, in the account. */
  readonly current: number;
  /** What earlier declarations of the run add. */
  readonly earlier: number;
  /** What this declaration adds. */
  readonly adds: number;
  /** IPv4 prefixes in `total` known to this check, each counted as one address (an ENI's: those on it
   *  and those this declaration adds; a group's: those this declaration adds); absent: none. */
  readonly prefixes?: number;
  /** IPv6 addresses and prefixes in a group's `total` (the current profile counts them; absent: none). */
  readonly ipv6?: number;
}

/** Where an address lies in a vSwitch (rules 3 and 4). */
export interface VSwitchPlacement {
  readonly address: string;
  readonly vSwitchId: string;
  readonly cidrBlock: string;
  /** The assignable range, "10.0.0.1-10.0.0.252". */
  readonly usableRange: string;
  /** The reserved CIDR block (kept for IPv4 prefixes) holding the address, for rule 4. */
  readonly reservation?: CidrReservationFacts;
}

/** Why an IPv4 prefix is not one ECS assigns (rule 16). */
export type InvalidPrefixDetail =
  /** `index` absent: ipv4Prefixes itself is not a list. */
  | { readonly reason: "not_a_list" }
  | { readonly reason: "not_a_prefix" | "not_28"; readonly index: number }
  /** `aligned`: the /28 that holds the address written. */
  | { readonly reason: "not_aligned"; readonly index: number; readonly aligned: string }
  /** More prefixes than one request (and the official resources) take. */
  | { readonly reason: "too_many"; readonly requested: number; readonly max: number };

/** Why an IPv4 prefix cannot be had (rule 17). */
export type PrefixUnavailableDetail =
  | { readonly reason: "outside_reservations"; readonly prefix: string; readonly vSwitchId: string; readonly cidrBlock: string; readonly reservations: readonly CidrReservationFacts[] }
  /** The vSwitch's reservations are not known: the block is not inside the vSwitch, or holds one of its reserved addresses. */
  | { readonly reason: "outside_vswitch"; readonly prefix: string; readonly vSwitchId: string; readonly cidrBlock: string }
  /** `overlaps` is the address or prefix of `holder` the prefix overlaps. */
  | { readonly reason: "in_use"; readonly prefix: string; readonly overlaps: string; readonly holder: string; readonly holderAddress: "primary" | "secondary" | "prefix"; readonly thisEni: boolean }
  /** Declared twice in this declaration (no `otherDeclaration`), or overlapping what another declaration of the run declares. */
  | { readonly reason: "declared"; readonly prefix: string; readonly otherDeclaration?: string }
  /** A count larger than the free /28s of the reservations, after the run's earlier demand. */
  | { readonly reason: "none_free"; readonly vSwitchId: string; readonly cidrBlock: string; readonly needed: number; readonly free: number; readonly earlier: number };

/** Why a count is not a count (rule 7). */
export type InvalidCountReason = "not_a_number" | "not_finite" | "not_whole" | "below_one" | "too_large";

/** The typed payload of each code (zod's issue fields): what a tool needs without parsing the message. */
export interface ViolationDetails {
  /** `index` is the element's position; absent when privateIpAddresses itself is not a list. */
  readonly invalid_ip: { readonly index?: number };
  /** `otherDeclaration` declared the address first; absent when this declaration lists it twice. */
  readonly duplicate_ip: { readonly address: string; readonly otherDeclaration?: string };
  readonly outside_vswitch_cidr: VSwitchPlacement;
  readonly reserved_ip: VSwitchPlacement;
  /**
   * `holder` is the ENI the address is on now; `thisEni` when that is the declaration's own ENI;
   * `prefix` the IPv4 prefix of the holder that covers the address (holderAddress "prefix").
   */
  readonly ip_in_use: {
    readonly address: string;
    readonly holder: string;
    readonly holderAddress: "primary" | "secondary" | "prefix";
    readonly thisEni: boolean;
    readonly prefix?: string;
  };
  /** `given: "both"`: more than one of the exclusive inputs, named in `properties` in input order. */
  readonly conflicting_args: { readonly given: "both" | "neither"; readonly properties?: readonly string[] };
  readonly invalid_count: { readonly reason: InvalidCountReason };
  readonly eni_not_found: Readonly<Record<string, never>>;
  readonly eni_state: { readonly status: string };
  readonly instance_state: { readonly instanceId: string; readonly status: string };
  /** `knob` is the setting that raises the limit. */
  readonly eni_ip_limit: QuotaDetail & { readonly knob: string };
  readonly security_group_quota: QuotaDetail & { readonly securityGroupId: string };
  /** `needed` new addresses against `free` (after the run's `earlier` demand on the vSwitch). */
  readonly vswitch_exhausted: {
    readonly vSwitchId: string;
    readonly cidrBlock: string;
    readonly needed: number;
    readonly free: number;
    readonly earlier: number;
  };
  /**
   * An input of the wrong type (`expected` says what fits), a required one missing, or an input the
   * resource does not have (`closest` names the known input it most resembles).
   */
  readonly invalid_input:
    | { readonly reason: "wrong_type" | "missing"; readonly expected: string }
    | { readonly reason: "unknown_input"; readonly closest?: string; readonly known: readonly string[] };
  /**
   * Why Cloud Assistant cannot run the guest script (applyGuestConfig): the ENI is bound to no
   * instance (`eniStatus`), the instance's agent is not running, DescribeCloudAssistantStatus does not
   * list the instance, or the instance's OS (`osType`, as Cloud Assistant reports it) is not the one
   * `guestOs` renders a script for.
   */
  readonly guest_agent_unavailable: GuestAgentProblem;
  readonly invalid_prefix: InvalidPrefixDetail;
  readonly prefix_unavailable: PrefixUnavailableDetail;
}

export type GuestAgentProblem =
  | { readonly reason: "no_instance"; readonly eniStatus: string }
  | { readonly reason: "agent_not_running" | "agent_unknown"; readonly instanceId: string }
  | { readonly reason: "os_mismatch"; readonly instanceId: string; readonly osType: string; readonly guestOs: string };

interface ViolationFields<C extends ViolationCode> {
  readonly code: C;
  /** The rule's number in the README's rule table; messages print "rule N". */
  readonly rule: number;
  readonly declaration: string;
  readonly networkInterfaceId?: string | undefined;
  /** The input property at fault: privateIpAddresses, secondaryPrivateIpAddressCount, ipv4Prefixes, ipv4PrefixCount, networkInterfaceId. */
  readonly property: string;
  readonly value?: unknown;
  /** Rendered from the rest by formatMessage (messages.ts), the one place wording lives. */
  readonly message: string;
  /** The code's numbers (ViolationDetails): every producer sets it; the message is rendered from it. */
  readonly detail: ViolationDetails[C];
}

/** zod-style problem: plain data, closed set of codes, a typed detail per code. */
export type ViolationOf<C extends ViolationCode> = ViolationFields<C>;
export type Violation = { [C in ViolationCode]: ViolationFields<C> }[ViolationCode];

export type WarningCode =
  | "unknown_instance_type"
  | "unknown_input"
  | "stale_snapshot"
  // Facts the account read did not return (an incomplete snapshot): the rules needing them are skipped.
  | "unknown_vswitch"
  | "unknown_security_group"
  | "unknown_instance"
  | "unknown_reservations"
  | (string & {});

/** The payloads of the warnings the core itself raises. */
export interface WarningDetails {
  /** The limit used instead, and where it came from. */
  readonly unknown_instance_type: { readonly instanceId: string; readonly instanceType?: string; readonly limit: number; readonly limitSource: string };
  /** The inputs not known yet ("networkInterfaceId", "2 elements of privateIpAddresses", …). */
  readonly unknown_input: { readonly inputs: readonly string[] };
  readonly unknown_vswitch: { readonly vSwitchId: string };
  readonly unknown_security_group: { readonly securityGroupId: string };
  readonly unknown_instance: { readonly instanceId: string };
  readonly unknown_reservations: { readonly vSwitchId: string };
}
export type CoreWarningCode = keyof WarningDetails;

export interface ValidationWarning {
  readonly code: WarningCode;
  readonly declaration?: string | undefined;
  readonly networkInterfaceId?: string | undefined;
  readonly message: string;
  /** Set for the core's own codes (WarningDetails); absent for warnings raised elsewhere (stale_snapshot). */
  readonly detail?: WarningDetails[CoreWarningCode];
}

export interface ValidationInput {
  /** In order: a violation caused by the sum of several declarations lands on the one that tips it. */
  readonly declarations: readonly Declaration[];
  readonly facts: AccountFacts;
  readonly limits: ResolvedLimits;
}

export interface ValidationResult {
  readonly violations: readonly Violation[];
  readonly warnings: readonly ValidationWarning[];
  /** Per ENI and per security group, the usage after the run's demand; the CLI prints headroom from it. */
  readonly usage: UsageReport;
}

export interface UsageReport {
  readonly enis: readonly { networkInterfaceId: string; used: number; limit: number | null; limitSource: string }[];
  readonly securityGroups: readonly {
    securityGroupId: string;
    securityGroupType: string;
    used: number;
    limit: number | null;
    limitSource: string;
  }[];
  readonly vSwitches: readonly { vSwitchId: string; cidrBlock: string; free: number }[];
}
