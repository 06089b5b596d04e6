// What judging one declaration produces, and what the rule groups read while judging it: the facts
// and the run's committed aggregates (RunView, which the run ledger implements). A judgement is data
// (no methods, no references into the ledger), so it can be recorded, replaced or withdrawn later.
import type { EniEntry } from "./facts-check";
import type { FactsIndex, VSwitchIndex } from "./facts-index";
import type { EniFacts, ResolvedLimits, ValidationWarning, Violation } from "./types";
import type { ViolationSubject } from "./violation";

/** What the run has committed so far, as the rules need it; every call is a Map hit. */
export interface RunView {
  readonly facts: FactsIndex;
  readonly limits: ResolvedLimits;
  /** New addresses earlier declarations of the run add to the ENI, the group, the vSwitch. */
  eniDemand(networkInterfaceId: string): number;
  groupDemand(securityGroupId: string): number;
  vSwitchDemand(vSwitchId: string): number;
  /** /28s of the vSwitch's prefix reservations earlier declarations of the run take. */
  vSwitchPrefixDemand(vSwitchId: string): number;
  /** The declaration that claimed the address first in `scope`, unless that is `name` itself. */
  claimant(scope: string, address: number, name: string): string | undefined;
}

/** The new addresses a declaration adds, where they land. */
export interface Demand {
  readonly networkInterfaceId: string;
  /** The ENI's groups, each once. */
  readonly securityGroupIds: readonly string[];
  readonly vSwitchId: string;
  /** Toward the ENI's limit and the groups' quota: new addresses and new IPv4 prefixes, one each. */
  readonly addresses: number;
  /** How many of `addresses` are IPv4 prefixes (taken from the vSwitch's reservations, not its free addresses). */
  readonly prefixes: number;
}

/**
 * Addresses a declaration claims, in one scope: its vSwitch ("vsw:<id>": addresses are unique in a
 * VPC, and a vSwitch lies in one VPC), else its ENI ("eni:<id>") when the vSwitch is not known.
 */
export interface Claims {
  readonly scope: string;
  /** As integers (intToIpv4 gives the text), in the order declared; a prefix claims its 16 addresses. */
  readonly addresses: ReadonlySet<number>;
}

/**
 * What a declaration did to the run's usage report (the CLI prints headroom from it): the vSwitch it
 * touched and, when its limits were judged, the ENI and groups with the limits they were judged
 * under. The report's rows are derived from these when asked for, so a batch keeps no row objects
 * per declaration while it runs.
 */
export interface UsageTouch {
  readonly vSwitchId?: string;
  /** The ENI whose limits were judged. */
  readonly eniId?: string;
  /** False when the ENI's state kept its own limit from being judged (its groups still were). */
  readonly eniChecked?: boolean;
  /** The limits the ENI and its groups were judged under (the run's, or the declaration's overrides). */
  readonly limits?: ResolvedLimits;
  /** The ENI's groups, each once; the report skips any the facts do not know. */
  readonly groupIds?: readonly string[];
}

export interface Judgement {
  readonly declaration: string;
  readonly violations: readonly Violation[];
  readonly warnings: readonly ValidationWarning[];
  /** No violations: the declaration can be applied as is, and its demand counts for later ones. */
  readonly passed: boolean;
  /** Undefined when it cannot be placed (no ENI, an unknown or invalid list or count, both given). */
  readonly demand: Demand | undefined;
  readonly claims: Claims | undefined;
  readonly usage: UsageTouch;
}

/** The ENI a declaration targets, as the ENI rules found it; also the subject of its violations. */
export interface EniTarget extends ViolationSubject {
  /** The id when it is a non-empty string (even if the ENI does not exist). */
  readonly networkInterfaceId: string | undefined;
  readonly eni: EniFacts | undefined;
  /** The ENI as the facts index holds it (its address count and groups), when it exists. */
  readonly entry: EniEntry | undefined;
  /** Available or InUse. */
  readonly stateOk: boolean;
  readonly vsw: VSwitchIndex | undefined;
}

/** What one rule group found. */
export interface Found {
  readonly violations: readonly Violation[];
  readonly warnings?: readonly ValidationWarning[];
  /** An input not known yet, for the unknown_input warning ("privateIpAddresses", …). */
  readonly unknown?: string;
}

/** What a declaration's list or count asks for. */
export interface Asked extends Found {
  /** New addresses; undefined when it cannot be known. */
  readonly demand: number | undefined;
}

/** Nothing found: shared, so a declaration that passes allocates no lists. */
export const NONE: readonly never[] = Object.freeze([]);

/** Appends to a list made on first use (most declarations find nothing). */
export function append<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined) return [item];
  list.push(item);
  return list;
}
