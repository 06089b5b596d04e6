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
  /** Declared addresses already on this ENI are taken over instead of refused as in use. */
  readonly adoptExisting?: boolean | undefined;
  /**
   * Addresses this declaration already owns on the ENI (from its state, on update). They are neither
   * "in use" nor new demand.
   */
  readonly ownedAddresses?: readonly string[] | undefined;
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
  readonly primaryIpAddress: string;
  /** Every private IPv4 address on the ENI, the primary included. */
  readonly privateIpAddresses: readonly string[];
}

export interface VSwitchFacts {
  readonly vSwitchId: string;
  readonly cidrBlock: string;
  /** From DescribeVSwitchAttributes; when absent the core derives it from usable size minus known use. */
  readonly availableIpAddressCount?: number | undefined;
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
   * primary and secondary addresses. When absent the core sums the ENIs it knows in the group.
   */
  readonly privateIpAddressCount?: number | undefined;
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
  | "vswitch_exhausted";

/** zod-style problem: plain data, closed set of codes; wording is formatted in one place (messages.ts). */
export interface Violation {
  readonly code: ViolationCode;
  /** The rule's number in the README's rule table; messages print "rule N". */
  readonly rule: number;
  readonly declaration: string;
  readonly networkInterfaceId?: string | undefined;
  /** The input property at fault: privateIpAddresses, secondaryPrivateIpAddressCount, networkInterfaceId. */
  readonly property: string;
  readonly value?: unknown;
  readonly message: string;
}

export type WarningCode =
  | "unknown_instance_type"
  | "unknown_input"
  | "stale_snapshot"
  // Facts the account read did not return (an incomplete snapshot): the rules needing them are skipped.
  | "unknown_vswitch"
  | "unknown_security_group"
  | "unknown_instance"
  | (string & {});

export interface ValidationWarning {
  readonly code: WarningCode;
  readonly declaration?: string | undefined;
  readonly networkInterfaceId?: string | undefined;
  readonly message: string;
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
