// Judges planned objects (planned-types.ts) with the one rule engine: it adds what the plan creates to
// the account facts (a new ENI, a new instance's primary ENI, a new vSwitch or group) and turns every
// address request into a declaration, then maps the verdict back to the tool's own names.
//
// How planned objects are counted (README "Checking Terraform and Pulumi plans"):
// - A new ENI (or a new instance's primary ENI) starts with its primary address, given or assigned by
//   the cloud. That address counts in its own total (the ENI's facts hold one address from the start)
//   and in its groups' and vSwitch's usage (a declaration of its own, judged first, on a stand-in ENI
//   with the same vSwitch and groups: address rules for a given address, group quota and free
//   addresses for both). Its secondary addresses are then a declaration on the new ENI itself.
// - A new ENI takes its addresses while Available: that limit applies; when the plan also attaches
//   it, the instance type's limit must hold too, so it is judged with the stricter of the two. A new
//   instance's primary ENI is bound from the start: the instance type's limit applies.
// - Updates are judged by their net growth against the prior state (the prior addresses are owned);
//   only an update that changes the addresses asks anything of the ENI.
// - Deletes and shrinking updates free nothing for others: they add no demand and the facts keep them.
//   A replacement that deletes the old object first (Terraform's default) frees the old object's
//   addresses, which the new one often reuses; the usage of its groups and vSwitch still counts it.

// Pure and synchronous, like validate().
import { FactsIndex } from "./facts-index";
import { ENGINE_NAMES, formatMessage, type MessageNames, type Wording } from "./messages";
import { showValue as show } from "./show-value";
import type {
  AttributeNames,
  FactsRequest,
  PlannedAddressRequest,
  PlannedAttachment,
  PlannedEni,
  PlannedEniIps,
  PlannedInstance,
  PlannedObject,
  PlannedObjects,
  PlannedRef,
  PlannedVSwitch,
} from "./planned-types";
import {
  UNKNOWN,
  type AccountFacts,
  type Declaration,
  type EniFacts,
  type InstanceFacts,
  type ResolvedLimits,
  type SecurityGroupFacts,
  type UsageReport,
  type ValidationWarning,
  type Violation,
  type VSwitchFacts,
} from "./types";
import { validate } from "./validate";

/**
 * A violation of a planned object, in the tool's terms: its declaration is the resource's key, its
 * property and `names` the tool's attribute names, its detail names an ENI the plan creates by its
 * label. Its message is formatMessage of the rest, so a renderer can word it again.
 */
export interface PlannedViolation extends Omit<Violation, "networkInterfaceId">, Wording {
  /** The ENI's id; null for an ENI the plan creates (`eniLabel` names it); undefined when it cannot be known. */
  readonly networkInterfaceId: string | null | undefined;
}

/** A planned object that asks for addresses, as the report lists it. */
export interface JudgedResource {
  readonly key: string;
  readonly name: string;
  readonly kind: "eni" | "instance" | "eniIps";
  /** The ENI's id, null when the plan creates it, undefined when not known. */
  readonly networkInterfaceId: string | null | undefined;
  /** The ENI as the report groups by it: its id, or "(new) NAME" for one the plan creates. */
  readonly eniLabel: string;
  /** What it asks, in the tool's attribute names. */
  readonly request: string;
}

export interface PlannedJudgement {
  readonly violations: readonly PlannedViolation[];
  readonly warnings: readonly ValidationWarning[];
  /** Usage after the plan; an ENI, vSwitch or group the plan creates appears under its "(new) NAME". */
  readonly usage: UsageReport;
  readonly resources: readonly JudgedResource[];
  /** The account facts plus the planned ENIs, instances, vSwitches and groups (ids "(new) NAME"). */
  readonly facts: AccountFacts;
}

export interface JudgePlannedInput {
  readonly planned: PlannedObjects;
  readonly facts: AccountFacts;
  readonly limits: ResolvedLimits;
}

const STAND_IN_LIMITS = { availableEniMaxIps: Number.MAX_SAFE_INTEGER, eniMaxIps: null } as const;
/** eni-ips's own resource speaks the engine's names already. */
const ENI_IPS_NAMES: AttributeNames = {
  networkInterfaceId: "networkInterfaceId",
  primaryIpAddress: "primaryIpAddress",
  privateIpAddresses: "privateIpAddresses",
  secondaryPrivateIpAddressCount: "secondaryPrivateIpAddressCount",
  vSwitchId: "vSwitchId",
  securityGroupIds: "securityGroupIds",
  instanceType: "instanceType",
  ipv4Prefixes: "ipv4Prefixes",
  ipv4PrefixCount: "ipv4PrefixCount",
  adoptExisting: "adoptExisting",
};
/** The Ipv4Prefixes resource's names: its prefix inputs are called otherwise. */
const ENI_IPS_PREFIX_NAMES: AttributeNames = { ...ENI_IPS_NAMES, ipv4Prefixes: "prefixes", ipv4PrefixCount: "prefixCount" };


/** What the rule engine's declaration names map back to. */
interface DeclarationOrigin {
  readonly key: string;
  /** How its problems are worded: the tool's attribute names (a new ENI's primary address: its own). */
  readonly names: MessageNames;
  /** The property all its violations name: set for a new ENI's primary address (its attribute). */
  readonly property?: string | undefined;
  readonly eniLabel: string;
  readonly networkInterfaceId: string | null | undefined;
}

export function judgePlannedObjects(input: JudgePlannedInput): PlannedJudgement {
  const builder = new PlanBuilder(input);
  builder.build();
  const result = validate({ declarations: builder.declarations, facts: builder.augmentedFacts(), limits: input.limits });
  return builder.mapBack(result);
}

/** The facts the objects need by id (existing ENIs, vSwitches, groups, instances, instance types):
 *  what a live read gathers and what a snapshot for this plan must cover. */
export function plannedFactsRequest(objects: readonly PlannedObject[]): FactsRequest {
  const enis = new Set<string>();
  const vSwitches = new Set<string>();
  const groups = new Set<string>();
  const instances = new Set<string>();
  const types = new Set<string>();
  const ref = (r: PlannedRef | undefined, into: Set<string>): void => {
    if (r?.kind === "existing") into.add(r.id);
  };
  for (const o of objects) {
    switch (o.kind) {
      case "eni":
        if (o.action === "update" && o.networkInterfaceId !== undefined) enis.add(o.networkInterfaceId);
        ref(o.vSwitch, vSwitches);
        for (const g of o.securityGroups ?? []) ref(g, groups);
        break;
      case "instance":
        if (o.action === "update" && o.instanceId !== undefined) instances.add(o.instanceId);
        if (o.primaryNetworkInterfaceId !== undefined) enis.add(o.primaryNetworkInterfaceId);
        if (typeof o.instanceType === "string" && o.instanceType !== "") types.add(o.instanceType);
        ref(o.vSwitch, vSwitches);
        for (const g of o.securityGroups ?? []) ref(g, groups);
        break;
      case "attachment":
        ref(o.networkInterface, enis);
        ref(o.instance, instances);
        break;
      case "eniIps":
        ref(o.networkInterface, enis);
        break;
      default:
        break;
    }
  }
  const sorted = (s: Set<string>): string[] => [...s].sort();
  return {
    networkInterfaceIds: sorted(enis),
    vSwitchIds: sorted(vSwitches),
    securityGroupIds: sorted(groups),
    instanceIds: sorted(instances),
    instanceTypeIds: sorted(types),
  };
}

class PlanBuilder {
  readonly declarations: Declaration[] = [];
  private readonly objects: readonly PlannedObject[];
  private readonly byKey = new Map<string, PlannedObject>();
  private readonly idx: FactsIndex;
  private readonly origins = new Map<string, DeclarationOrigin>();
  private readonly warnings: ValidationWarning[] = [];
  private readonly resources: JudgedResource[] = [];
  /** Labels ("(new) NAME") of what the plan creates, by key. */
  private readonly labels = new Map<string, string>();
  private readonly usedLabels = new Set<string>();
  /** Stand-in ENI id -> the label of the new ENI whose primary address it judges. */
  private readonly standIns = new Map<string, string>();
  /** Planned ENIs whose vSwitch or groups could not be resolved: the engine's own "not in the
   *  account facts" warning for them is replaced by the reader's, which says why. */
  private readonly quietVSwitchWarnings = new Set<string>();
  // Facts to add or replace.
  private readonly newEnis: EniFacts[] = [];
  private readonly replacedEnis = new Map<string, EniFacts>();
  private readonly newVSwitches: VSwitchFacts[] = [];
  private readonly newInstances: InstanceFacts[] = [];
  private readonly replacedInstances = new Map<string, InstanceFacts>();
  /** Every group a planned ENI is in, with its usage before the plan (explicit, so the stand-ins and
   *  new ENIs in the facts are not summed into it). */
  private readonly groupCounts = new Map<string, number>();
  private readonly newGroups = new Map<string, SecurityGroupFacts>();
  /** Attachments by the ENI they attach (its id, or its key when the plan creates it). */
  private readonly attachments = new Map<string, PlannedAttachment>();
  private primaryEnis: Map<string, EniFacts> | undefined;
  /** ENIs a replacement deletes before it creates their successor. */
  private readonly deletedFirst = new Set<string>();

  constructor(private readonly input: JudgePlannedInput) {
    this.objects = input.planned.objects;
    this.idx = new FactsIndex(input.facts);
    for (const o of this.objects) this.byKey.set(o.key, o);
    this.warnings.push(...input.planned.warnings);
  }

  build(): void {
    // Labels first: a reference may point forward in the plan.
    for (const o of this.objects) {
      if (o.kind === "vSwitch" || o.kind === "securityGroup" || ((o.kind === "eni" || o.kind === "instance") && o.action === "create")) this.label(o);
    }
    for (const o of this.objects) {
      if (o.kind === "vSwitch") this.addVSwitch(o);
      if (o.kind === "securityGroup") {
        const type = o.securityGroupType === UNKNOWN || o.securityGroupType === undefined || o.securityGroupType === null ? undefined : String(o.securityGroupType);
        if (type === undefined) {
          this.warn("unknown_input", o.key, undefined, `${o.key}: ${o.typeAttribute} is not known until apply; the quota of this group was not checked.`);
        } else {
          const id = this.label(o);
          this.newGroups.set(id, { securityGroupId: id, securityGroupType: type, privateIpAddressCount: 0 });
          this.groupCounts.set(id, 0);
        }
      }
      if (o.kind === "attachment") {
        const eni = o.networkInterface;
        if (eni.kind === "existing") this.attachments.set(eni.id, o);
        else if (eni.kind === "planned") this.attachments.set(eni.key, o);
      }
    }
    for (const o of this.objects) {
      switch (o.kind) {
        case "eni":
          if (o.action === "create") this.newEni(o);
          else this.updatedEni(o);
          break;
        case "instance":
          if (o.action === "create") this.newInstance(o);
          else this.updatedInstance(o);
          break;
        case "eniIps":
          this.eniIps(o);
          break;
        default:
          break;
      }
    }
    // Existing Available ENIs the plan attaches: judged with the stricter limit too.
    for (const [eniId, attachment] of this.attachments) {
      const eni = this.replacedEnis.get(eniId) ?? this.idx.enis.get(eniId);
      if (eni === undefined || eni.status !== "Available") continue;
      const bound = this.boundIfStricter(attachment, eni);
      if (bound !== undefined) this.replacedEnis.set(eniId, { ...eni, ...bound });
    }
  }

  augmentedFacts(): AccountFacts {
    const f = this.input.facts;
    const enis = f.enis.filter((e) => !this.deletedFirst.has(e.networkInterfaceId)).map((e) => this.replacedEnis.get(e.networkInterfaceId) ?? e);
    const groups = f.securityGroups.map((g) => {
      const count = this.groupCounts.get(g.securityGroupId);
      return count === undefined ? g : { ...g, privateIpAddressCount: count };
    });
    const instances = f.instances.map((i) => this.replacedInstances.get(i.instanceId) ?? i);
    return {
      enis: [...enis, ...this.newEnis],
      vSwitches: [...f.vSwitches, ...this.newVSwitches],
      instances: [...instances, ...this.newInstances],
      instanceTypes: f.instanceTypes,
      securityGroups: [...groups, ...[...this.newGroups.values()].map((g) => ({ ...g, privateIpAddressCount: this.groupCounts.get(g.securityGroupId) ?? 0 }))],
    };
  }

  mapBack(result: ReturnType<typeof validate>): PlannedJudgement {
    const violations = result.violations.map((v) => this.plannedViolation(v));
    const seen = new Set<string>();
    const warnings: ValidationWarning[] = [];
    const fromEngine = new Set(result.warnings);
    for (const w of [...this.warnings, ...result.warnings]) {
      if (fromEngine.has(w) && this.superseded(w)) continue;
      const origin = w.declaration === undefined ? undefined : this.origins.get(w.declaration);
      const mapped = origin === undefined ? w : this.plannedWarning(w, origin);
      const id = `${mapped.code}|${mapped.declaration ?? ""}|${mapped.message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      warnings.push(mapped);
    }
    const usage: UsageReport = {
      enis: result.usage.enis.filter((u) => !this.standIns.has(u.networkInterfaceId)),
      securityGroups: result.usage.securityGroups,
      vSwitches: result.usage.vSwitches,
    };
    return { violations, warnings, usage, resources: this.resources, facts: this.augmentedFacts() };
  }

  /** The engine's violation in the tool's terms (see PlannedViolation), worded from them: nothing
   *  of the engine's message is kept. */
  private plannedViolation(v: Violation): PlannedViolation {
    const origin = this.origins.get(v.declaration);
    if (origin === undefined) return { ...v, networkInterfaceId: v.networkInterfaceId };
    const { message: _message, value, detail, ...rest } = v;
    const names = origin.names;
    const parts = {
      ...rest,
      declaration: origin.key,
      networkInterfaceId: origin.networkInterfaceId,
      ...(origin.networkInterfaceId === null ? { eniLabel: origin.eniLabel } : {}),
      property: origin.property ?? toolWord(v.property, names),
      // A primary address left to the cloud has no value (the engine's count of 1 is its stand-in).
      ...(value === undefined || names.primaryAddress === "assigned" ? {} : { value }),
      detail: this.detailInToolTerms(detail, names) as typeof detail,
      ...(names === ENGINE_NAMES ? {} : { names }),
    };
    return { ...parts, message: formatMessage(parts) } as PlannedViolation;
  }

  /** The engine's warning in the tool's terms; one of the core's own (with a detail) is worded anew,
   *  a reader's keeps its message (it speaks the tool's names already). */
  private plannedWarning(w: ValidationWarning, origin: DeclarationOrigin): ValidationWarning {
    const parts = {
      ...w,
      declaration: origin.key,
      ...(w.networkInterfaceId === undefined ? {} : { networkInterfaceId: origin.networkInterfaceId ?? origin.eniLabel }),
    };
    if (w.detail === undefined) return parts;
    const detail = this.detailInToolTerms(w.detail, origin.names) as typeof w.detail;
    return { ...parts, detail, message: formatMessage({ ...parts, detail }) };
  }

  /** A violation's or warning's detail with the stand-ins of new ENIs' primary addresses replaced by
   *  the ENIs' labels and the engine's property names by the tool's. */
  private detailInToolTerms(detail: object, names: MessageNames): object {
    const out: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(detail)) {
      if (typeof value === "string") out[k] = this.standIns.get(value) ?? value;
      // conflicting_args's properties, unknown_input's inputs ("2 elements of privateIpAddresses").
      else if ((k === "properties" || k === "inputs") && Array.isArray(value)) out[k] = value.map((p: string) => inputInToolTerms(p, names));
      else out[k] = value;
    }
    return out;
  }

  /** An engine warning the reader's own warning already says better: a vSwitch that is "not in the
   *  account facts" because the plan does not let us know it. */
  private superseded(w: ValidationWarning): boolean {
    if (w.networkInterfaceId === undefined) return false;
    const eni = this.standIns.get(w.networkInterfaceId) ?? w.networkInterfaceId;
    return w.code === "unknown_vswitch" && this.quietVSwitchWarnings.has(`${w.code}|${eni}`);
  }

  // --- what the plan creates ------------------------------------------------------------------

  private label(o: PlannedObject): string {
    const existing = this.labels.get(o.key);
    if (existing !== undefined) return existing;
    let label = `(new) ${o.name}`;
    if (this.usedLabels.has(label)) label = `(new) ${o.key}`;
    this.usedLabels.add(label);
    this.labels.set(o.key, label);
    return label;
  }

  private addVSwitch(o: PlannedVSwitch): void {
    const cidr = o.cidrBlock;
    if (typeof cidr !== "string") {
      this.warn("unknown_input", o.key, undefined, `${o.key}: ${o.cidrAttribute} is ${cidr === UNKNOWN ? "not known until apply" : `not a CIDR block (${show(cidr)})`}; the address checks on this vSwitch were skipped.`);
      return;
    }
    this.newVSwitches.push({ vSwitchId: this.label(o), cidrBlock: cidr });
  }

  private newEni(o: PlannedEni): void {
    if (o.replaces !== undefined) this.deletedFirst.add(o.replaces);
    const label = this.label(o);
    const vSwitchId = this.resolveVSwitch(o, o.vSwitch, label);
    const groups = this.resolveGroups(o, o.securityGroups, label);
    const base: EniFacts = { networkInterfaceId: label, status: "Available", type: "Secondary", vSwitchId, securityGroupIds: groups, primaryIpAddress: "", privateIpAddresses: [] };
    const attachment = this.attachments.get(o.key);
    const bound = attachment === undefined ? undefined : this.boundIfStricter(attachment, base);
    this.newEnis.push({ ...base, ...bound });
    this.plannedAddresses(o, o.attributes, label, vSwitchId, groups);
  }

  private newInstance(o: PlannedInstance): void {
    if (o.replaces !== undefined) {
      const old = this.primaryEniOf(o.replaces, undefined);
      if (old !== undefined) this.deletedFirst.add(old.networkInterfaceId);
    }
    const label = this.label(o);
    const vSwitchId = this.resolveVSwitch(o, o.vSwitch, label);
    const groups = this.resolveGroups(o, o.securityGroups, label);
    let instanceType: string;
    if (typeof o.instanceType === "string" && o.instanceType !== "") {
      instanceType = o.instanceType;
    } else {
      instanceType = "(not known until apply)";
      this.warn("unknown_input", o.key, label, `${o.key}: ${o.attributes.instanceType} is not known until apply; the limit of its primary ENI falls back as for an unknown instance type.`);
    }
    const status = typeof o.status === "string" ? o.status : "Running";
    this.newInstances.push({ instanceId: label, status, instanceType });
    this.newEnis.push({ networkInterfaceId: label, status: "InUse", type: "Primary", vSwitchId, instanceId: label, securityGroupIds: groups, primaryIpAddress: "", privateIpAddresses: [] });
    this.plannedAddresses(o, o.attributes, label, vSwitchId, groups);
  }

  /** The primary address (a declaration on a stand-in ENI), then the secondary ones on the new ENI. */
  private plannedAddresses(o: PlannedEni | PlannedInstance, names: AttributeNames, label: string, vSwitchId: string, groups: readonly string[]): void {
    const standIn = `${label} primary address`;
    this.standIns.set(standIn, label);
    this.newEnis.push({ networkInterfaceId: standIn, status: "Available", type: "Secondary", vSwitchId, securityGroupIds: groups, primaryIpAddress: "", privateIpAddresses: [] });
    const primaryName = `${o.key} ${names.primaryIpAddress}`;
    const given = o.primaryIpAddress !== undefined && o.primaryIpAddress !== null;
    this.origins.set(primaryName, { key: o.key, names: primaryAddressNames(names, given), property: names.primaryIpAddress, eniLabel: label, networkInterfaceId: null });
    this.declarations.push({
      name: primaryName,
      networkInterfaceId: standIn,
      ...(given ? { privateIpAddresses: [o.primaryIpAddress] } : { secondaryPrivateIpAddressCount: 1 }),
      limits: STAND_IN_LIMITS,
    });
    this.resources.push({ key: o.key, name: o.name, kind: o.kind, networkInterfaceId: null, eniLabel: label, request: describeRequest("create", o, names, true) });
    if (!hasAddressRequest(o)) return;
    this.origins.set(o.key, { key: o.key, names: messageNames(names), eniLabel: label, networkInterfaceId: null });
    this.declarations.push(addressDeclaration(o.key, label, o));
  }

  /** Bound to the attaching instance when that instance type's limit is below the Available one. */
  private boundIfStricter(attachment: PlannedAttachment, eni: EniFacts): Pick<EniFacts, "status" | "instanceId"> | undefined {
    const target = attachment.instance;
    let instanceId: string | undefined;
    let instanceType: string | undefined;
    if (target.kind === "existing") {
      instanceId = target.id;
      instanceType = this.idx.instances.get(target.id)?.instanceType;
    } else if (target.kind === "planned") {
      const o = this.byKey.get(target.key);
      if (o?.kind === "instance") {
        instanceId = this.label(o);
        instanceType = typeof o.instanceType === "string" ? o.instanceType : undefined;
      }
    }
    const limits = this.input.limits;
    const typeLimit = instanceType === undefined ? undefined : (limits.instanceTypeEniIps[instanceType]?.value ?? this.idx.instanceTypeEniIps.get(instanceType));
    if (instanceId === undefined || typeLimit === undefined) {
      const what = target.kind === "unknown" ? `the instance is not known (${target.reason})` : `no per-ENI address quantity is known for ${instanceType === undefined ? "its instance type" : `instance type ${instanceType}`}`;
      this.warn("unknown_instance_type", attachment.key, eni.networkInterfaceId, `${attachment.key}: attaches ${eni.networkInterfaceId}, but ${what}; only the Available limit was checked for it.`);
      return undefined;
    }
    return typeLimit < limits.availableEniMaxIps.value ? { status: "InUse", instanceId } : undefined;
  }

  // --- what the plan changes --------------------------------------------------------------------

  private updatedEni(o: PlannedEni): void {
    const id = o.networkInterfaceId;
    if (id === undefined) return;
    const eni = this.idx.enis.get(id);
    if (o.securityGroups !== undefined && eni !== undefined) this.movedGroups(o, eni);
    if (!o.addressesChange || !hasAddressRequest(o)) return;
    this.resources.push({ key: o.key, name: o.name, kind: "eni", networkInterfaceId: id, eniLabel: id, request: describeRequest("update", o, o.attributes, false) });
    this.origins.set(o.key, { key: o.key, names: messageNames(o.attributes), eniLabel: id, networkInterfaceId: id });
    this.declarations.push({ ...addressDeclaration(o.key, id, o), ownedAddresses: o.priorAddresses ?? [], ...(o.priorPrefixes === undefined ? {} : { ownedPrefixes: o.priorPrefixes }) });
  }

  /** Groups an update puts an existing ENI into: its addresses join their usage (leaving a group
   *  frees nothing, the order of the changes being unknown). */
  private movedGroups(o: PlannedEni, eni: EniFacts): void {
    const groups = this.resolveGroups(o, o.securityGroups, eni.networkInterfaceId);
    const joined = groups.filter((g) => !eni.securityGroupIds.includes(g));
    if (joined.length === 0) return;
    const n = this.idx.eniAddressCount(eni);
    for (const g of joined) this.groupCounts.set(g, (this.groupCounts.get(g) ?? 0) + n);
    this.replacedEnis.set(eni.networkInterfaceId, { ...(this.replacedEnis.get(eni.networkInterfaceId) ?? eni), securityGroupIds: [...new Set([...eni.securityGroupIds, ...groups])] });
  }

  private updatedInstance(o: PlannedInstance): void {
    const instanceId = o.instanceId;
    if (instanceId === undefined) return;
    const instance = this.idx.instances.get(instanceId);
    if (instance !== undefined && typeof o.instanceType === "string" && o.instanceType !== "" && o.instanceType !== instance.instanceType) {
      // A type change and new addresses in one update: the new type's limit is the one that holds.
      this.replacedInstances.set(instanceId, { ...instance, instanceType: o.instanceType });
    }
    const eni = this.primaryEniOf(instanceId, o.primaryNetworkInterfaceId);
    if (!o.addressesChange || !hasAddressRequest(o)) return;
    const eniId = eni?.networkInterfaceId;
    this.resources.push({ key: o.key, name: o.name, kind: "instance", networkInterfaceId: eniId, eniLabel: eniId ?? `(primary ENI of ${instanceId})`, request: describeRequest("update", o, o.attributes, false) });
    if (eni === undefined) {
      this.warn("unknown_instance", o.key, undefined, `${o.key}: instance ${instanceId} or its primary ENI is not in the account facts; the checks of its addresses were skipped.`);
      return;
    }
    this.origins.set(o.key, { key: o.key, names: messageNames(o.attributes), eniLabel: eni.networkInterfaceId, networkInterfaceId: eni.networkInterfaceId });
    this.declarations.push({ ...addressDeclaration(o.key, eni.networkInterfaceId, o), ownedAddresses: o.priorAddresses ?? [] });
  }

  private primaryEniOf(instanceId: string, stated: string | undefined): EniFacts | undefined {
    if (stated !== undefined) return this.idx.enis.get(stated);
    if (this.primaryEnis === undefined) {
      this.primaryEnis = new Map();
      for (const e of this.input.facts.enis) if (e.type === "Primary" && e.instanceId !== undefined) this.primaryEnis.set(e.instanceId, e);
    }
    return this.primaryEnis.get(instanceId);
  }

  private eniIps(o: PlannedEniIps): void {
    let target: Declaration["networkInterfaceId"];
    let networkInterfaceId: string | null | undefined;
    let eniLabel: string;
    const ref = o.networkInterface;
    if (ref.kind === "existing") {
      target = ref.id;
      networkInterfaceId = ref.id;
      eniLabel = ref.id;
    } else if (ref.kind === "planned" && this.labels.has(ref.key) && this.byKey.get(ref.key)?.kind === "eni") {
      target = this.labels.get(ref.key) as string;
      networkInterfaceId = null;
      eniLabel = target;
    } else {
      target = UNKNOWN;
      networkInterfaceId = undefined;
      eniLabel = "(ENI not known until apply)";
      const reason = ref.kind === "unknown" ? ref.reason : `${ref.key} is not an ENI this plan creates`;
      this.warn("unknown_input", o.key, undefined, `${o.key}: networkInterfaceId is not known until apply (${reason}); the checks that need the ENI were skipped.`);
    }
    // An Ipv4Prefixes resource calls its inputs prefixes and prefixCount.
    const names = o.ipv4Prefixes !== undefined || o.ipv4PrefixCount !== undefined || o.ownedPrefixes !== undefined ? ENI_IPS_PREFIX_NAMES : ENI_IPS_NAMES;
    this.origins.set(o.key, { key: o.key, names: messageNames(names), eniLabel, networkInterfaceId });
    this.resources.push({ key: o.key, name: o.name, kind: "eniIps", networkInterfaceId, eniLabel, request: describeRequest(o.action, o, names, false) });
    this.declarations.push({
      name: o.key,
      networkInterfaceId: target,
      ...(o.privateIpAddresses !== undefined ? { privateIpAddresses: o.privateIpAddresses as Declaration["privateIpAddresses"] } : {}),
      ...(o.secondaryPrivateIpAddressCount !== undefined ? { secondaryPrivateIpAddressCount: o.secondaryPrivateIpAddressCount } : {}),
      ...(o.adoptExisting !== undefined ? { adoptExisting: o.adoptExisting } : {}),
      ...(o.limits !== undefined ? { limits: o.limits } : {}),
      ...(o.ownedAddresses !== undefined ? { ownedAddresses: o.ownedAddresses } : {}),
      ...(o.ipv4Prefixes !== undefined ? { ipv4Prefixes: o.ipv4Prefixes as Declaration["ipv4Prefixes"] } : {}),
      ...(o.ipv4PrefixCount !== undefined ? { ipv4PrefixCount: o.ipv4PrefixCount } : {}),
      ...(o.ownedPrefixes !== undefined ? { ownedPrefixes: o.ownedPrefixes } : {}),
    });
  }

  // --- references -------------------------------------------------------------------------------

  private resolveVSwitch(o: PlannedEni | PlannedInstance, ref: PlannedRef | undefined, eniLabel: string): string {
    const attr = o.attributes.vSwitchId;
    if (ref?.kind === "existing") return ref.id;
    if (ref?.kind === "planned") {
      const target = this.byKey.get(ref.key);
      if (target?.kind === "vSwitch") {
        const id = this.label(target);
        if (!this.newVSwitches.some((v) => v.vSwitchId === id)) this.quietVSwitchWarnings.add(`unknown_vswitch|${eniLabel}`);
        return id;
      }
    }
    const reason = ref === undefined ? "not set" : ref.kind === "unknown" ? ref.reason : `${ref.key} is not a vSwitch this plan creates`;
    this.warn("unknown_vswitch", o.key, eniLabel, `${o.key}: ${attr} is not known until apply (${reason}); the CIDR, reserved-address, in-use and free-address checks were skipped.`);
    this.quietVSwitchWarnings.add(`unknown_vswitch|${eniLabel}`);
    return `(vSwitch of ${eniLabel} not known)`;
  }

  private resolveGroups(o: PlannedEni | PlannedInstance, refs: readonly PlannedRef[] | undefined, eniLabel: string): string[] {
    const out: string[] = [];
    for (const ref of refs ?? []) {
      let id: string | undefined;
      if (ref.kind === "existing") id = ref.id;
      else if (ref.kind === "planned" && this.byKey.get(ref.key)?.kind === "securityGroup") id = this.labels.get(ref.key);
      if (id === undefined) {
        const reason = ref.kind === "unknown" ? ref.reason : `${ref.kind === "planned" ? ref.key : ""} is not a security group this plan creates`;
        this.warn("unknown_security_group", o.key, eniLabel, `${o.key}: ${o.attributes.securityGroupIds} holds a group not known until apply (${reason}); its quota was not checked.`);
        continue;
      }
      if (ref.kind === "planned" && !this.newGroups.has(id)) continue; // its type is unknown: warned once already
      if (!this.groupCounts.has(id)) {
        const sg = this.idx.securityGroups.get(id);
        if (sg !== undefined) this.groupCounts.set(id, this.idx.securityGroupCount(sg));
      }
      if (!out.includes(id)) out.push(id);
    }
    return out;
  }

  private warn(code: string, key: string, eni: string | undefined, message: string): void {
    this.warnings.push({ code, declaration: key, ...(eni === undefined ? {} : { networkInterfaceId: eni }), message });
  }
}

const isSet = (v: unknown): boolean => v !== undefined && v !== null;

function hasAddressRequest(o: PlannedAddressRequest): boolean {
  return isSet(o.privateIpAddresses) || isSet(o.secondaryPrivateIpAddressCount) || isSet(o.ipv4Prefixes) || isSet(o.ipv4PrefixCount);
}

/** An ENI's or instance's address request as a declaration. A count of 0 is how the providers say
 *  "no secondary addresses" (it is not sent to the API), so it asks for none. */
function addressDeclaration(name: string, eni: string, o: PlannedAddressRequest): Declaration {
  const prefixes = {
    ...(isSet(o.ipv4Prefixes) ? { ipv4Prefixes: o.ipv4Prefixes as Declaration["ipv4Prefixes"] } : {}),
    ...(isSet(o.ipv4PrefixCount) ? { ipv4PrefixCount: o.ipv4PrefixCount } : {}),
  };
  if (o.secondaryPrivateIpAddressCount === 0 && !isSet(o.privateIpAddresses)) {
    // With prefixes asked for, the count of 0 is simply not set.
    return isSet(o.ipv4Prefixes) || isSet(o.ipv4PrefixCount) ? { name, networkInterfaceId: eni, ...prefixes } : { name, networkInterfaceId: eni, privateIpAddresses: [] };
  }
  return {
    name,
    networkInterfaceId: eni,
    ...(isSet(o.privateIpAddresses) ? { privateIpAddresses: o.privateIpAddresses as Declaration["privateIpAddresses"] } : {}),
    ...(isSet(o.secondaryPrivateIpAddressCount) ? { secondaryPrivateIpAddressCount: o.secondaryPrivateIpAddressCount } : {}),
    ...prefixes,
  };
}

type EngineProperty = "privateIpAddresses" | "secondaryPrivateIpAddressCount" | "networkInterfaceId" | "ipv4Prefixes" | "ipv4PrefixCount";

function isEngineProperty(property: string): property is EngineProperty {
  return property === "privateIpAddresses" || property === "secondaryPrivateIpAddressCount" || property === "networkInterfaceId" || property === "ipv4Prefixes" || property === "ipv4PrefixCount";
}

/** An engine property in the tool's name; any other property as it is. */
function toolWord(property: string, names: MessageNames): string {
  return isEngineProperty(property) ? names[property] : property;
}

/** The words of a tool's problems: its attribute names (the engine's own, the same object, when it
 *  speaks them, so its problems carry no names). */
function messageNames(a: AttributeNames): MessageNames {
  const names: MessageNames = {
    privateIpAddresses: a.privateIpAddresses,
    secondaryPrivateIpAddressCount: a.secondaryPrivateIpAddressCount,
    networkInterfaceId: a.networkInterfaceId,
    ipv4Prefixes: a.ipv4Prefixes ?? ENGINE_NAMES.ipv4Prefixes,
    ipv4PrefixCount: a.ipv4PrefixCount ?? ENGINE_NAMES.ipv4PrefixCount,
    ...(a.adoptExisting === undefined ? {} : { adoptExisting: a.adoptExisting }),
  };
  const same = (Object.keys(ENGINE_NAMES) as (keyof MessageNames)[]).every((k) => names[k] === ENGINE_NAMES[k]);
  return same ? ENGINE_NAMES : names;
}

/** The words of a new ENI's primary address, judged as a list of that address or a count of 1: both
 *  stand for the address, given (its attribute) or assigned by the cloud. */
function primaryAddressNames(a: AttributeNames, given: boolean): MessageNames {
  return {
    ...messageNames(a),
    privateIpAddresses: a.primaryIpAddress,
    secondaryPrivateIpAddressCount: "the primary address (assigned by the cloud)",
    primaryAddress: given ? "given" : "assigned",
  };
}

/** An input the engine names in a detail, in the tool's name: a property, or "N elements of" one
 *  (the one primary address is simply itself). */
function inputInToolTerms(input: string, names: MessageNames): string {
  const m = /^(\d+ elements? of )?(\w+)$/.exec(input);
  if (m === null) return input;
  const word = toolWord(m[2]!, names);
  return names.primaryAddress === undefined ? `${m[1] ?? ""}${word}` : word;
}

function describeValue(value: unknown): string {
  if (value === UNKNOWN) return "(known after apply)";
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.map((v) => (v === UNKNOWN ? "(known after apply)" : typeof v === "string" ? v : show(v))).join(", ");
  return typeof value === "string" ? value : show(value);
}

/** "create: primary_ip_address 10.0.1.5; private_ip_addresses 10.0.1.6, 10.0.1.7" */
function describeRequest(
  action: string,
  o: PlannedAddressRequest & { priorAddresses?: readonly string[] | undefined; ownedAddresses?: readonly string[] | undefined; ownedPrefixes?: readonly string[] | undefined },
  names: AttributeNames,
  withPrimary: boolean,
): string {
  const parts: string[] = [];
  if (withPrimary) {
    parts.push(o.primaryIpAddress === undefined || o.primaryIpAddress === null ? `${names.primaryIpAddress} (assigned by the cloud)` : `${names.primaryIpAddress} ${describeValue(o.primaryIpAddress)}`);
  }
  if (o.privateIpAddresses !== undefined && o.privateIpAddresses !== null) parts.push(`${names.privateIpAddresses} ${describeValue(o.privateIpAddresses)}`);
  if (o.secondaryPrivateIpAddressCount !== undefined && o.secondaryPrivateIpAddressCount !== null) parts.push(`${names.secondaryPrivateIpAddressCount} ${describeValue(o.secondaryPrivateIpAddressCount)}`);
  if (isSet(o.ipv4Prefixes)) parts.push(`${names.ipv4Prefixes ?? "ipv4Prefixes"} ${describeValue(o.ipv4Prefixes)}`);
  if (isSet(o.ipv4PrefixCount)) parts.push(`${names.ipv4PrefixCount ?? "ipv4PrefixCount"} ${describeValue(o.ipv4PrefixCount)}`);
  const prior = o.priorAddresses ?? o.ownedAddresses ?? o.ownedPrefixes;
  if (action === "update" && prior !== undefined) parts.push(`was ${prior.length === 0 ? "(none)" : prior.join(", ")}`);
  return `${action}${parts.length > 0 ? `: ${parts.join("; ")}` : ""}`;
}
