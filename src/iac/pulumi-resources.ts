// Reads Pulumi resources (type token, inputs, propertyDependencies, and for an update the state before)
// into planned objects: `@pulumi/alicloud`'s ENIs, instances, attachments, vSwitches and security groups,
// and eni-ips's own SecondaryPrivateIpAddresses. It knows nothing of where the resources come from:
// pulumi-preview.ts feeds it the steps of `pulumi preview --json`, a CrossGuard policy pack can feed it
// the resources of AnalyzeStack. An input not known yet is resolved through propertyDependencies to
// the resource of the same stack it comes from.
import type { LimitOverrides } from "../core/types";
import type { PlannedObject, PlannedObjects, PlannedRef } from "../core/planned-types";
import { UNKNOWN, type ValidationWarning } from "../core/types";
import {
  ATTACHMENT_ATTRIBUTES,
  attributeNames,
  DEFAULT_SECURITY_GROUP_TYPE,
  ENI_ATTRIBUTES,
  INSTANCE_ATTRIBUTES,
  PULUMI_TYPES,
  SECURITY_GROUP_ATTRIBUTES,
  VSWITCH_ATTRIBUTES,
  type ResourceKind,
} from "./alicloud-schema";
import { isRecord } from "./errors";

/** How `pulumi preview --json` writes a value not known until the update runs. */
export const PULUMI_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** How it writes a secret value (never shown). */
export const PULUMI_SECRET = "[secret]";
/** The key marking a secret in Pulumi's serialized property values. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

export interface PulumiResource {
  readonly urn: string;
  readonly type: string;
  readonly action: "create" | "update";
  /** The new inputs. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Input name -> URNs of the resources it was computed from. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>> | undefined;
  /** update: the resource's id, and its inputs and outputs before the change. */
  readonly id?: string | undefined;
  /** create: the id of the resource this one replaces, deleted before it is created. */
  readonly replaces?: string | undefined;
  readonly oldInputs?: Readonly<Record<string, unknown>> | undefined;
  readonly oldOutputs?: Readonly<Record<string, unknown>> | undefined;
}

/** A resource of the stack the plan does not change: what a reference to it resolves to. */
export interface PulumiResourceContext {
  readonly urn: string;
  readonly type: string;
  readonly id?: string | undefined;
}

export interface PulumiReadOptions {
  readonly others?: readonly PulumiResourceContext[] | undefined;
  /** Defaults: the preview's unknown sentinel, and "[secret]" or a serialized secret. */
  readonly isUnknown?: ((value: unknown) => boolean) | undefined;
  readonly isSecret?: ((value: unknown) => boolean) | undefined;
  readonly regionId?: string | undefined;
}

/** The resource's name: the last `::` segment of its URN. */
export function urnName(urn: string): string {
  const i = urn.lastIndexOf("::");
  return i < 0 ? urn : urn.slice(i + 2);
}

/** Types of the engine's own resources (stack, providers): neither judged nor counted as ignored. */
function isPulumiInternal(type: string): boolean {
  return type.startsWith("pulumi:");
}

type Input = { readonly set: false } | { readonly set: true; readonly name: string; readonly value: unknown; readonly secret: boolean };

export function readPulumiResources(resources: readonly PulumiResource[], options: PulumiReadOptions = {}): PlannedObjects {
  const reader = new PulumiReader(resources, options);
  for (const r of resources) reader.read(r);
  return { objects: reader.objects, warnings: reader.warnings, ignored: reader.ignored, ...(options.regionId === undefined ? {} : { regionId: options.regionId }) };
}

/** Counts resources of types eni-ips does not judge, for the "ignored" note. */
export function countIgnored(types: Iterable<string>, into: Record<string, number>): void {
  for (const t of types) if (!isPulumiInternal(t) && PULUMI_TYPES[t] === undefined) into[t] = (into[t] ?? 0) + 1;
}

class PulumiReader {
  readonly objects: PlannedObject[] = [];
  readonly warnings: ValidationWarning[] = [];
  readonly ignored: Record<string, number> = {};
  private readonly byUrn = new Map<string, { type: string; created: boolean; id?: string | undefined }>();
  private readonly isUnknown: (v: unknown) => boolean;
  private readonly isSecret: (v: unknown) => boolean;

  constructor(resources: readonly PulumiResource[], options: PulumiReadOptions) {
    this.isUnknown = options.isUnknown ?? ((v) => v === PULUMI_UNKNOWN);
    this.isSecret = options.isSecret ?? ((v) => v === PULUMI_SECRET || (isRecord(v) && SECRET_SIGNATURE in v));
    for (const o of options.others ?? []) this.byUrn.set(o.urn, { type: o.type, created: false, id: o.id });
    for (const r of resources) this.byUrn.set(r.urn, { type: r.type, created: r.action === "create", id: r.id });
  }

  read(r: PulumiResource): void {
    const kind = PULUMI_TYPES[r.type];
    if (kind === undefined) {
      countIgnored([r.type], this.ignored);
      return;
    }
    const name = urnName(r.urn);
    switch (kind) {
      case "eni":
        return this.eni(r, name);
      case "instance":
        return this.instance(r, name);
      case "attachment":
        if (r.action === "create") {
          const a = ATTACHMENT_ATTRIBUTES.pulumi;
          this.objects.push({ kind: "attachment", key: r.urn, name, networkInterface: this.ref(r, a.networkInterfaceId, "eni"), instance: this.ref(r, a.instanceId, "instance") });
        }
        return;
      case "vSwitch":
        if (r.action === "create") {
          const cidr = this.input(r, VSWITCH_ATTRIBUTES.pulumi.cidrBlock);
          this.objects.push({ kind: "vSwitch", key: r.urn, name, cidrBlock: cidr.set ? this.plain(r, cidr) : UNKNOWN, cidrAttribute: "cidrBlock" });
        }
        return;
      case "securityGroup":
        if (r.action === "create") {
          const type = this.input(r, SECURITY_GROUP_ATTRIBUTES.pulumi.securityGroupType);
          this.objects.push({ kind: "securityGroup", key: r.urn, name, securityGroupType: type.set ? this.plain(r, type) : DEFAULT_SECURITY_GROUP_TYPE, typeAttribute: "securityGroupType" });
        }
        return;
      case "eniIps":
        return this.eniIps(r, name);
      default:
        return;
    }
  }

  private eni(r: PulumiResource, name: string): void {
    const a = ENI_ATTRIBUTES.pulumi;
    const primary = this.input(r, a.primaryIpAddress);
    const list = this.input(r, a.privateIpAddresses);
    const count = this.input(r, a.secondaryPrivateIpAddressCount);
    const groups = this.input(r, a.securityGroupIds);
    const attributes = attributeNames("pulumi", "eni", {
      ...(primary.set ? { primaryIpAddress: primary.name } : {}),
      ...(list.set ? { privateIpAddresses: list.name } : {}),
      ...(count.set ? { secondaryPrivateIpAddressCount: count.name } : {}),
      ...(groups.set ? { securityGroupIds: groups.name } : {}),
    });
    const addresses = {
      ...(primary.set ? { primaryIpAddress: this.plain(r, primary) } : {}),
      ...(list.set ? { privateIpAddresses: this.plain(r, list) } : {}),
      ...(count.set ? { secondaryPrivateIpAddressCount: this.plain(r, count) } : {}),
    };
    if (r.action === "create") {
      this.objects.push({
        kind: "eni",
        action: "create",
        key: r.urn,
        name,
        attributes,
        vSwitch: this.ref(r, a.vSwitchId, "vSwitch"),
        securityGroups: groups.set ? this.refs(r, groups) : [],
        ...(r.replaces === undefined ? {} : { replaces: r.replaces }),
        ...addresses,
      });
      return;
    }
    if (r.id === undefined) return;
    const old = r.oldOutputs ?? {};
    this.objects.push({
      kind: "eni",
      action: "update",
      key: r.urn,
      name,
      attributes,
      networkInterfaceId: r.id,
      priorAddresses: strings(old["privateIpAddresses"] ?? old["privateIps"]),
      addressesChange: this.changed(r, list) || this.changed(r, count),
      ...(groups.set && this.changed(r, groups) ? { securityGroups: this.refs(r, groups) } : {}),
      ...addresses,
    });
  }

  private instance(r: PulumiResource, name: string): void {
    const a = INSTANCE_ATTRIBUTES.pulumi;
    const primary = this.input(r, a.primaryIpAddress);
    const list = this.input(r, a.privateIpAddresses);
    const count = this.input(r, a.secondaryPrivateIpAddressCount);
    const vSwitch = this.input(r, a.vSwitchId);
    const type = this.input(r, a.instanceType);
    const status = this.input(r, a.status);
    const attributes = attributeNames("pulumi", "instance", vSwitch.set ? { vSwitchId: vSwitch.name } : {});
    const fields = {
      ...(primary.set ? { primaryIpAddress: this.plain(r, primary) } : {}),
      ...(list.set ? { privateIpAddresses: this.plain(r, list) } : {}),
      ...(count.set ? { secondaryPrivateIpAddressCount: this.plain(r, count) } : {}),
      ...(type.set ? { instanceType: this.plain(r, type) } : {}),
      ...(status.set && typeof status.value === "string" ? { status: status.value } : {}),
    };
    if (r.action === "create") {
      if (!vSwitch.set) return; // a classic-network instance has no ENI
      const groups = this.input(r, a.securityGroupIds);
      this.objects.push({
        kind: "instance",
        action: "create",
        key: r.urn,
        name,
        attributes,
        vSwitch: this.ref(r, a.vSwitchId, "vSwitch"),
        securityGroups: groups.set ? this.refs(r, groups) : [],
        ...(r.replaces === undefined ? {} : { replaces: r.replaces }),
        ...fields,
      });
      return;
    }
    if (r.id === undefined) return;
    const old = r.oldOutputs ?? {};
    const eniId = old["networkInterfaceId"];
    this.objects.push({
      kind: "instance",
      action: "update",
      key: r.urn,
      name,
      attributes,
      instanceId: r.id,
      ...(typeof eniId === "string" && eniId !== "" ? { primaryNetworkInterfaceId: eniId } : {}),
      priorAddresses: strings(old["secondaryPrivateIps"]),
      addressesChange: this.changed(r, list) || this.changed(r, count),
      ...fields,
    });
  }

  private eniIps(r: PulumiResource, name: string): void {
    const list = this.input(r, ["privateIpAddresses"]);
    const count = this.input(r, ["secondaryPrivateIpAddressCount"]);
    const adopt = this.input(r, ["adoptExisting"]);
    const limits = this.input(r, ["limits"]);
    const owned = r.action === "update" ? strings(r.oldOutputs?.["privateIpAddresses"]) : undefined;
    this.objects.push({
      kind: "eniIps",
      action: r.action,
      key: r.urn,
      name,
      networkInterface: this.ref(r, ["networkInterfaceId"], "eni"),
      ...(list.set ? { privateIpAddresses: this.plain(r, list) } : {}),
      ...(count.set ? { secondaryPrivateIpAddressCount: this.plain(r, count) } : {}),
      ...(adopt.set && typeof adopt.value === "boolean" ? { adoptExisting: adopt.value } : {}),
      ...(limits.set && isRecord(limits.value) ? { limits: limits.value as LimitOverrides } : {}),
      ...(owned !== undefined ? { ownedAddresses: owned } : {}),
    });
  }

  /** The first of these inputs that is set, unknown and secret values marked. */
  private input(r: PulumiResource, names: readonly string[]): Input {
    for (const name of names) {
      const raw = r.inputs[name];
      if (raw === undefined || raw === null) continue;
      return { set: true, name, value: this.normalise(raw), secret: this.containsSecret(raw) };
    }
    return { set: false };
  }

  private normalise(v: unknown): unknown {
    if (this.isUnknown(v) || this.isSecret(v)) return UNKNOWN;
    return Array.isArray(v) ? v.map((x) => this.normalise(x)) : v;
  }

  private containsSecret(v: unknown): boolean {
    return this.isSecret(v) || (Array.isArray(v) && v.some((x) => this.isSecret(x)));
  }

  /** The input's value; a secret is UNKNOWN (never read) with a warning naming it. */
  private plain(r: PulumiResource, input: Extract<Input, { set: true }>): unknown {
    if (input.secret) this.warnings.push({ code: "unknown_input", declaration: r.urn, message: `${r.urn}: ${input.name} is a secret; eni-ips does not read it and skipped the checks that need it.` });
    return input.value;
  }

  private changed(r: PulumiResource, input: Input): boolean {
    if (!input.set) return false;
    const v = input.value;
    if (v === UNKNOWN || (Array.isArray(v) && v.includes(UNKNOWN))) return true;
    const before = r.oldInputs?.[input.name] ?? r.oldOutputs?.[input.name];
    if (Array.isArray(v)) {
      if (!Array.isArray(before)) return true;
      const a = new Set(v.map(String));
      const b = new Set(before.map(String));
      return a.size !== b.size || [...a].some((x) => !b.has(x));
    }
    return before !== v;
  }

  /** A single reference: a known id, or the one resource of that kind the input depends on. */
  private ref(r: PulumiResource, names: readonly string[], want: ResourceKind): PlannedRef {
    const input = this.input(r, names);
    if (!input.set) return { kind: "unknown", reason: "not set" };
    if (input.secret) return { kind: "unknown", reason: `${input.name} is a secret` };
    if (typeof input.value === "string" && input.value !== "") return { kind: "existing", id: input.value };
    if (input.value !== UNKNOWN) return { kind: "unknown", reason: `${input.name} is not an id` };
    const deps = r.propertyDependencies?.[input.name] ?? [];
    const wanted = deps.filter((u) => this.kindOf(u) === want);
    if (wanted.length === 1) return this.toRef(wanted[0] as string);
    if (wanted.length > 1) return { kind: "unknown", reason: `${input.name} may come from ${wanted.map(urnName).join(" or ")}` };
    return { kind: "unknown", reason: deps.length === 0 ? `${input.name} is not known until the update runs` : `${input.name} comes from ${deps.map(urnName).join(", ")}` };
  }

  /** A list of group references: known ids, and the groups its unknown elements depend on. */
  private refs(r: PulumiResource, input: Extract<Input, { set: true }>): PlannedRef[] {
    if (input.secret) return [{ kind: "unknown", reason: `${input.name} is a secret` }];
    const values = input.value === UNKNOWN ? [UNKNOWN] : Array.isArray(input.value) ? input.value : [];
    const out: PlannedRef[] = [];
    for (const v of values) if (typeof v === "string" && v !== "") out.push({ kind: "existing", id: v });
    const unknowns = values.filter((v) => v === UNKNOWN).length;
    if (unknowns === 0) return out;
    const deps = (r.propertyDependencies?.[input.name] ?? []).filter((u) => this.kindOf(u) === "securityGroup");
    const resolved = deps.map((u) => this.toRef(u));
    out.push(...resolved);
    // Every unknown element must be one of these groups; if the list may hold more, say so.
    const known = resolved.filter((ref) => ref.kind !== "unknown").length;
    if (input.value === UNKNOWN ? deps.length === 0 : known < unknowns) {
      out.push({ kind: "unknown", reason: `${input.name} holds values not known until the update runs` });
    }
    return out;
  }

  private kindOf(urn: string): ResourceKind | undefined {
    const t = this.byUrn.get(urn)?.type ?? urnType(urn);
    return t === undefined ? undefined : PULUMI_TYPES[t];
  }

  private toRef(urn: string): PlannedRef {
    const r = this.byUrn.get(urn);
    if (r?.created) return { kind: "planned", key: urn };
    if (r?.id !== undefined && r.id !== "" && !this.isUnknown(r.id)) return { kind: "existing", id: r.id };
    return { kind: "unknown", reason: `the id of ${urnName(urn)} is not known until the update runs` };
  }
}

/** The type token inside a URN (`urn:pulumi:stack::project::[parent$]type::name`). */
function urnType(urn: string): string | undefined {
  const parts = urn.split("::");
  const qualified = parts[2];
  if (qualified === undefined) return undefined;
  const last = qualified.split("$").pop();
  return last;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
