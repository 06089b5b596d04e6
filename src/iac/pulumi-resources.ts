// Reads Pulumi resources (type token, inputs, propertyDependencies, and for an update the state before)
// into planned objects: `@pulumi/alicloud`'s ENIs, instances, attachments, vSwitches and security groups,
// and eni-ips's own SecondaryPrivateIpAddresses and Ipv4Prefixes. It knows nothing of where the resources come from:
// pulumi-preview.ts feeds it the steps of `pulumi preview --json`, a CrossGuard policy pack can feed it
// the resources of AnalyzeStack. An input not known yet is resolved through propertyDependencies to
// the resource of the same stack it comes from.
import type { PlannedObject, PlannedObjects, PlannedRef } from "../core/planned-types";
import { UNKNOWN, type LimitOverrides, type ValidationWarning } from "../core/types";
import { ENI_IPS_PREFIX_TYPE, PULUMI_TYPES, type ResourceKind } from "./alicloud-schema";
import { isRecord } from "./errors";
import { plannedObject, type Attr, type ResourceBase, type ResourceView, type SetAttr } from "./planned-builders";
import { strings, valueChanged } from "./values";

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

export function readPulumiResources(resources: readonly PulumiResource[], options: PulumiReadOptions = {}): PlannedObjects {
  const reader = new PulumiReader(resources, options);
  for (const r of resources) reader.read(r);
  return { objects: reader.objects, warnings: reader.warnings, ignored: reader.ignored, ...(options.regionId === undefined ? {} : { regionId: options.regionId }) };
}

/** Counts resources of types eni-ips does not judge, for the "ignored" note. */
export function countIgnored(types: Iterable<string>, into: Record<string, number>): void {
  for (const t of types) if (!isPulumiInternal(t) && PULUMI_TYPES[t] === undefined) into[t] = (into[t] ?? 0) + 1;
}

/** The input (and output) names of eni-ips's two resources, and the planned object's fields for them. */
const ADDRESS_NAMES = { list: "privateIpAddresses", count: "secondaryPrivateIpAddressCount", plannedList: "privateIpAddresses", plannedCount: "secondaryPrivateIpAddressCount", plannedOwned: "ownedAddresses" } as const;
const PREFIX_NAMES = { list: "prefixes", count: "prefixCount", plannedList: "ipv4Prefixes", plannedCount: "ipv4PrefixCount", plannedOwned: "ownedPrefixes" } as const;

class PulumiReader {
  readonly objects: PlannedObject[] = [];
  readonly warnings: ValidationWarning[] = [];
  readonly ignored: Record<string, number> = {};
  readonly byUrn = new Map<string, { type: string; created: boolean; id?: string | undefined }>();
  readonly isUnknown: (v: unknown) => boolean;
  readonly isSecret: (v: unknown) => boolean;

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
    const view = new InputsView(r, this);
    const base: ResourceBase = {
      key: r.urn,
      name: urnName(r.urn),
      action: r.action,
      ...(r.id === undefined ? {} : { id: r.id }),
      ...(r.replaces === undefined ? {} : { replaces: r.replaces }),
    };
    const object = kind === "eniIps" ? this.eniIps(r, view, base) : plannedObject("pulumi", kind, view, base);
    if (object !== undefined) this.objects.push(object);
  }

  /**
   * eni-ips's own resources: SecondaryPrivateIpAddresses asks for addresses, Ipv4Prefixes for
   * prefixes; the same planned object, under the resource's own input and output names.
   */
  private eniIps(r: PulumiResource, view: InputsView, base: ResourceBase): PlannedObject {
    const names = r.type === ENI_IPS_PREFIX_TYPE ? PREFIX_NAMES : ADDRESS_NAMES;
    const list = view.configured([names.list]);
    const count = view.configured([names.count]);
    const adopt = view.configured(["adoptExisting"]);
    const limits = view.configured(["limits"]);
    return {
      kind: "eniIps",
      action: base.action,
      key: base.key,
      name: base.name,
      networkInterface: view.ref(["networkInterfaceId"], "eni"),
      ...(list.set ? { [names.plannedList]: view.value(list) } : {}),
      ...(count.set ? { [names.plannedCount]: view.value(count) } : {}),
      ...(adopt.set && typeof adopt.value === "boolean" ? { adoptExisting: adopt.value } : {}),
      ...(limits.set && isRecord(limits.value) ? { limits: limits.value as LimitOverrides } : {}),
      ...(r.action === "update" ? { [names.plannedOwned]: strings(r.oldOutputs?.[names.list]) } : {}),
    };
  }

  kindOf(urn: string): ResourceKind | undefined {
    const t = this.byUrn.get(urn)?.type ?? urnType(urn);
    return t === undefined ? undefined : PULUMI_TYPES[t];
  }

  toRef(urn: string): PlannedRef {
    const r = this.byUrn.get(urn);
    if (r?.created) return { kind: "planned", key: urn };
    if (r?.id !== undefined && r.id !== "" && !this.isUnknown(r.id)) return { kind: "existing", id: r.id };
    return { kind: "unknown", reason: `the id of ${urnName(urn)} is not known until the update runs` };
  }
}

/** One Pulumi resource's inputs (unknown and secret values marked), its state before an update, and
 *  its unknown inputs resolved through propertyDependencies. */
class InputsView implements ResourceView {
  constructor(
    private readonly r: PulumiResource,
    private readonly reader: PulumiReader,
  ) {}

  configured(names: readonly string[]): Attr {
    for (const name of names) {
      const raw = this.r.inputs[name];
      if (raw === undefined || raw === null) continue;
      return { set: true, name, value: this.normalise(raw), hidden: this.reader.isSecret(raw) || (Array.isArray(raw) && raw.some((x) => this.reader.isSecret(x))) };
    }
    return { set: false };
  }

  private normalise(v: unknown): unknown {
    if (this.reader.isUnknown(v) || this.reader.isSecret(v)) return UNKNOWN;
    return Array.isArray(v) ? v.map((x) => this.normalise(x)) : v;
  }

  /** The input's value; a secret is UNKNOWN (never read), with a warning naming it. */
  value(attr: SetAttr): unknown {
    if (attr.hidden) this.reader.warnings.push({ code: "unknown_input", declaration: this.r.urn, message: `${this.r.urn}: ${attr.name} is a secret; eni-ips does not read it and skipped the checks that need it.` });
    return attr.value;
  }

  changed(attr: Attr): boolean {
    if (!attr.set) return false;
    return valueChanged(attr.value, this.r.oldInputs?.[attr.name] ?? this.r.oldOutputs?.[attr.name]);
  }

  prior(names: readonly string[]): unknown {
    for (const n of names) {
      const v = this.r.oldOutputs?.[n];
      if (v !== undefined && v !== null) return v;
    }
    return undefined;
  }

  /** A known id, or the one resource of that kind the input depends on. */
  ref(names: readonly string[], want: ResourceKind): PlannedRef {
    const input = this.configured(names);
    if (!input.set) return { kind: "unknown", reason: "not set" };
    if (input.hidden) return { kind: "unknown", reason: `${input.name} is a secret` };
    if (typeof input.value === "string" && input.value !== "") return { kind: "existing", id: input.value };
    if (input.value !== UNKNOWN) return { kind: "unknown", reason: `${input.name} is not an id` };
    const deps = this.r.propertyDependencies?.[input.name] ?? [];
    const wanted = deps.filter((u) => this.reader.kindOf(u) === want);
    if (wanted.length === 1) return this.reader.toRef(wanted[0] as string);
    if (wanted.length > 1) return { kind: "unknown", reason: `${input.name} may come from ${wanted.map(urnName).join(" or ")}` };
    return { kind: "unknown", reason: deps.length === 0 ? `${input.name} is not known until the update runs` : `${input.name} comes from ${deps.map(urnName).join(", ")}` };
  }

  /** Known ids, and the groups its unknown elements depend on. */
  groups(attr: SetAttr): PlannedRef[] {
    if (attr.hidden) return [{ kind: "unknown", reason: `${attr.name} is a secret` }];
    const values = attr.value === UNKNOWN ? [UNKNOWN] : Array.isArray(attr.value) ? attr.value : [];
    const out: PlannedRef[] = [];
    for (const v of values) if (typeof v === "string" && v !== "") out.push({ kind: "existing", id: v });
    const unknowns = values.filter((v) => v === UNKNOWN).length;
    if (unknowns === 0) return out;
    const deps = (this.r.propertyDependencies?.[attr.name] ?? []).filter((u) => this.reader.kindOf(u) === "securityGroup");
    const resolved = deps.map((u) => this.reader.toRef(u));
    out.push(...resolved);
    // Every unknown element must be one of these groups; if the list may hold more, say so.
    const known = resolved.filter((ref) => ref.kind !== "unknown").length;
    if (attr.value === UNKNOWN ? deps.length === 0 : known < unknowns) {
      out.push({ kind: "unknown", reason: `${attr.name} holds values not known until the update runs` });
    }
    return out;
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

