// Reads `terraform show -json PLANFILE` (Terraform's JSON output format, format_version 1.x) into
// planned objects: the changes of the Alibaba resources eni-ips judges, with unknown references tied
// to the resources of the same plan (terraform-references.ts). Values known only at apply time are
// UNKNOWN; sensitive ones are treated as unknown too and never printed. Format: docs/plan-formats.md.
import type { PlannedObject, PlannedObjects, PlannedRef } from "../core/planned-types";
import { UNKNOWN, type ValidationWarning } from "../core/types";
import {
  ATTACHMENT_ATTRIBUTES,
  attributeNames,
  DEFAULT_SECURITY_GROUP_TYPE,
  ENI_ATTRIBUTES,
  INSTANCE_ATTRIBUTES,
  SECURITY_GROUP_ATTRIBUTES,
  TERRAFORM_TYPES,
  VSWITCH_ATTRIBUTES,
  type ResourceKind,
} from "./alicloud-schema";
import { isRecord, PlanFormatError } from "./errors";
import { TerraformReferences, type ResourceChange } from "./terraform-references";

/** The major version of the JSON format eni-ips reads ("1.0" to "1.2" at the time of writing; minor
 *  versions only add fields). */
export const TERRAFORM_FORMAT_MAJOR = "1";

type Leaf = { readonly set: false } | { readonly set: true; readonly name: string; readonly value: unknown; readonly sensitive: boolean };

export function readTerraformPlan(doc: unknown): PlannedObjects {
  if (!isRecord(doc)) throw new PlanFormatError("", "expected a JSON object (the output of `terraform show -json PLANFILE`)");
  const version = doc["format_version"];
  if (typeof version !== "string") throw new PlanFormatError("format_version", "missing: this is not the output of `terraform show -json PLANFILE`");
  if (version.split(".")[0] !== TERRAFORM_FORMAT_MAJOR) {
    throw new PlanFormatError("format_version", `unsupported format_version "${version}"; eni-ips reads Terraform's JSON plan format ${TERRAFORM_FORMAT_MAJOR}.x`);
  }
  const rawChanges = doc["resource_changes"];
  if (rawChanges === undefined) {
    throw new PlanFormatError(
      "resource_changes",
      isRecord(doc["values"]) ? "missing: this is Terraform state, not a plan; run `terraform plan -out tfplan` and `terraform show -json tfplan`" : "missing: a plan lists its changes in resource_changes",
    );
  }
  if (!Array.isArray(rawChanges)) throw new PlanFormatError("resource_changes", "expected a list");
  const changes = rawChanges.map((rc, i) => checkChange(rc, i));
  const refs = new TerraformReferences(doc["configuration"], changes);
  const reader = new Reader(refs);
  const warnings: ValidationWarning[] = [];
  if (doc["errored"] === true) {
    warnings.push({ code: "plan_errored", message: "the Terraform plan reports errors (errored: true): it was judged on the changes it lists, which may be incomplete" });
  }
  for (const rc of changes) reader.read(rc);
  const regionId = refs.regionId();
  return { objects: reader.objects, warnings: [...warnings, ...reader.warnings], ignored: reader.ignored, ...(regionId === undefined ? {} : { regionId }) };
}

function checkChange(rc: unknown, i: number): ResourceChange {
  const path = `resource_changes[${i}]`;
  if (!isRecord(rc)) throw new PlanFormatError(path, "expected an object");
  for (const key of ["address", "type", "name"] as const) {
    if (typeof rc[key] !== "string") throw new PlanFormatError(`${path}.${key}`, "expected a string");
  }
  const change = rc["change"];
  if (!isRecord(change) || !Array.isArray(change["actions"]) || !change["actions"].every((a) => typeof a === "string")) {
    throw new PlanFormatError(`${path}.change.actions`, `expected a list of actions such as ["create"] (resource ${String(rc["address"])})`);
  }
  return { ...(rc as unknown as ResourceChange), mode: typeof rc["mode"] === "string" ? rc["mode"] : "managed" };
}

class Reader {
  readonly objects: PlannedObject[] = [];
  readonly warnings: ValidationWarning[] = [];
  readonly ignored: Record<string, number> = {};
  /** The id of the object the change being read deletes before it creates its replacement. */
  private replaces: string | undefined;

  constructor(private readonly refs: TerraformReferences) {}

  read(rc: ResourceChange): void {
    if (rc.mode !== "managed" || (rc as { deposed?: unknown }).deposed !== undefined) return;
    const kind = TERRAFORM_TYPES[rc.type];
    if (kind === undefined) {
      this.ignored[rc.type] = (this.ignored[rc.type] ?? 0) + 1;
      return;
    }
    const actions = rc.change.actions;
    // Replacements (delete+create in either order) create a new object; no-op, read and delete add
    // no demand (and what a delete frees is not credited: the apply order is not known).
    const action = actions.includes("create") ? "create" : actions.includes("update") ? "update" : undefined;
    if (action === undefined) return;
    const view = new ChangeView(rc, this.refs);
    // ["delete","create"]: the old object goes first, its addresses free for the new one.
    const oldId = actions[0] === "delete" && action === "create" ? view.before("id") : undefined;
    this.replaces = typeof oldId === "string" && oldId !== "" ? oldId : undefined;
    switch (kind) {
      case "eni":
        return this.eni(rc, view, action);
      case "instance":
        return this.instance(rc, view, action);
      case "attachment":
        if (action === "create") {
          const a = ATTACHMENT_ATTRIBUTES.terraform;
          this.objects.push({
            kind: "attachment",
            key: rc.address,
            name: rc.address,
            networkInterface: this.ref(rc, view, a.networkInterfaceId, "eni"),
            instance: this.ref(rc, view, a.instanceId, "instance"),
          });
        }
        return;
      case "vSwitch":
        if (action === "create") {
          const leaf = view.leaf(VSWITCH_ATTRIBUTES.terraform.cidrBlock);
          this.objects.push({ kind: "vSwitch", key: rc.address, name: rc.address, cidrBlock: leaf.set ? leaf.value : UNKNOWN, cidrAttribute: "cidr_block" });
        }
        return;
      case "securityGroup":
        if (action === "create") {
          const leaf = view.leaf(SECURITY_GROUP_ATTRIBUTES.terraform.securityGroupType);
          this.objects.push({ kind: "securityGroup", key: rc.address, name: rc.address, securityGroupType: leaf.set ? leaf.value : DEFAULT_SECURITY_GROUP_TYPE, typeAttribute: "security_group_type" });
        }
        return;
      default:
        return;
    }
  }

  private eni(rc: ResourceChange, view: ChangeView, action: "create" | "update"): void {
    const a = ENI_ATTRIBUTES.terraform;
    const primary = view.configured(a.primaryIpAddress);
    const list = view.configured(a.privateIpAddresses);
    const count = view.configured(a.secondaryPrivateIpAddressCount);
    const groupsAttr = view.configured(a.securityGroupIds);
    const attributes = attributeNames("terraform", "eni", {
      ...(primary.set ? { primaryIpAddress: primary.name } : {}),
      ...(list.set ? { privateIpAddresses: list.name } : {}),
      ...(count.set ? { secondaryPrivateIpAddressCount: count.name } : {}),
      ...(groupsAttr.set ? { securityGroupIds: groupsAttr.name } : {}),
    });
    const addresses = {
      ...(primary.set ? { primaryIpAddress: this.value(rc, primary) } : {}),
      ...(list.set ? { privateIpAddresses: this.list(rc, list) } : {}),
      ...(count.set ? { secondaryPrivateIpAddressCount: this.value(rc, count) } : {}),
    };
    if (action === "create") {
      this.objects.push({
        kind: "eni",
        action,
        key: rc.address,
        name: rc.address,
        attributes,
        vSwitch: this.ref(rc, view, a.vSwitchId, "vSwitch"),
        securityGroups: groupsAttr.set ? this.refs_(rc, view, groupsAttr.name) : [],
        ...(this.replaces === undefined ? {} : { replaces: this.replaces }),
        ...addresses,
      });
      return;
    }
    const id = view.before("id");
    if (typeof id !== "string") return;
    this.objects.push({
      kind: "eni",
      action,
      key: rc.address,
      name: rc.address,
      attributes,
      networkInterfaceId: id,
      priorAddresses: strings(view.before(list.set ? list.name : "private_ip_addresses") ?? view.before("private_ips")),
      addressesChange: view.changed(list) || view.changed(count),
      ...(groupsAttr.set && view.changed(groupsAttr) ? { securityGroups: this.refs_(rc, view, groupsAttr.name) } : {}),
      ...addresses,
    });
  }

  private instance(rc: ResourceChange, view: ChangeView, action: "create" | "update"): void {
    const a = INSTANCE_ATTRIBUTES.terraform;
    const primary = view.configured(a.primaryIpAddress);
    const list = view.configured(a.privateIpAddresses);
    const count = view.configured(a.secondaryPrivateIpAddressCount);
    const vSwitchAttr = view.configured(a.vSwitchId);
    const attributes = attributeNames("terraform", "instance", vSwitchAttr.set ? { vSwitchId: vSwitchAttr.name } : {});
    const type = view.leaf(a.instanceType);
    const status = view.leaf(a.status);
    const addresses = {
      ...(primary.set ? { primaryIpAddress: this.value(rc, primary) } : {}),
      ...(list.set ? { privateIpAddresses: this.list(rc, list) } : {}),
      ...(count.set ? { secondaryPrivateIpAddressCount: this.value(rc, count) } : {}),
      ...(type.set ? { instanceType: this.value(rc, type) } : {}),
      ...(status.set && typeof status.value === "string" ? { status: status.value } : {}),
    };
    if (action === "create") {
      if (!vSwitchAttr.set) return; // a classic-network instance has no ENI
      this.objects.push({
        kind: "instance",
        action,
        key: rc.address,
        name: rc.address,
        attributes,
        vSwitch: this.ref(rc, view, vSwitchAttr.name, "vSwitch"),
        securityGroups: this.refs_(rc, view, "security_groups"),
        ...(this.replaces === undefined ? {} : { replaces: this.replaces }),
        ...addresses,
      });
      return;
    }
    const id = view.before("id");
    if (typeof id !== "string") return;
    const eniId = view.before("network_interface_id");
    this.objects.push({
      kind: "instance",
      action,
      key: rc.address,
      name: rc.address,
      attributes,
      instanceId: id,
      ...(typeof eniId === "string" && eniId !== "" ? { primaryNetworkInterfaceId: eniId } : {}),
      priorAddresses: strings(view.before("secondary_private_ips")),
      addressesChange: view.changed(list) || view.changed(count),
      ...addresses,
    });
  }

  /** A configured value, or UNKNOWN with a warning when it is sensitive (never printed). */
  private value(rc: ResourceChange, leaf: Extract<Leaf, { set: true }>): unknown {
    if (!leaf.sensitive) return leaf.value;
    this.warnings.push({ code: "unknown_input", declaration: rc.address, message: `${rc.address}: ${leaf.name} is sensitive; eni-ips does not read it and skipped the checks that need it.` });
    return UNKNOWN;
  }

  private list(rc: ResourceChange, leaf: Extract<Leaf, { set: true }>): unknown {
    const v = this.value(rc, leaf);
    return v === null ? undefined : v;
  }

  /** A single reference (`vswitch_id`, `instance_id`, `network_interface_id`). */
  private ref(rc: ResourceChange, view: ChangeView, attribute: string | readonly string[], want: ResourceKind): PlannedRef {
    const leaf = view.leaf(typeof attribute === "string" ? [attribute] : attribute);
    if (!leaf.set) return { kind: "unknown", reason: "not set" };
    if (leaf.sensitive) return { kind: "unknown", reason: `${leaf.name} is sensitive` };
    if (typeof leaf.value === "string" && leaf.value !== "") return { kind: "existing", id: leaf.value };
    if (leaf.value !== UNKNOWN) return { kind: "unknown", reason: `${leaf.name} is not an id` };
    const r = this.refs.resolve(rc, leaf.name);
    const wanted = r.targets.filter((t) => TERRAFORM_TYPES[t.type] === want);
    if (wanted.length === 1 && r.unresolved.length === 0) return toRef(wanted[0] as ResourceChange);
    return { kind: "unknown", reason: explain(leaf.name, wanted, r.unresolved) };
  }

  /** A set of group references: each known id, each group the plan creates, and one unknown entry
   *  for what the expression takes from elsewhere. */
  private refs_(rc: ResourceChange, view: ChangeView, attribute: string): PlannedRef[] {
    const leaf = view.leaf([attribute]);
    if (!leaf.set) return [];
    if (leaf.sensitive) return [{ kind: "unknown", reason: `${attribute} is sensitive` }];
    const out: PlannedRef[] = [];
    const values = leaf.value === UNKNOWN ? [UNKNOWN] : Array.isArray(leaf.value) ? leaf.value : [];
    for (const v of values) if (typeof v === "string" && v !== "") out.push({ kind: "existing", id: v });
    if (!values.includes(UNKNOWN)) return out;
    const r = this.refs.resolve(rc, attribute);
    for (const t of r.targets) if (TERRAFORM_TYPES[t.type] === "securityGroup") out.push(toRef(t));
    const others = r.targets.filter((t) => TERRAFORM_TYPES[t.type] !== "securityGroup").map((t) => t.address);
    if (r.unresolved.length > 0 || others.length > 0 || r.targets.length === 0) {
      out.push({ kind: "unknown", reason: explain(attribute, [], [...r.unresolved, ...others]) });
    }
    return out;
  }
}

function toRef(target: ResourceChange): PlannedRef {
  if (target.change.actions.includes("create")) return { kind: "planned", key: target.address };
  const after = target.change.after;
  const id = isRecord(after) ? after["id"] : undefined;
  return typeof id === "string" && id !== "" ? { kind: "existing", id } : { kind: "unknown", reason: `the id of ${target.address} is not known until apply` };
}

function explain(attribute: string, candidates: readonly ResourceChange[], unresolved: readonly string[]): string {
  if (candidates.length > 1) return `${attribute} may come from ${candidates.map((c) => c.address).join(" or ")}`;
  if (unresolved.length > 0) return `${attribute} comes from ${unresolved.join(", ")}`;
  return `${attribute} refers to nothing this plan creates`;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** One resource change's values: after (with after_unknown and after_sensitive), before, and which
 *  attribute of a group of alternatives (current and deprecated names) the configuration sets. */
class ChangeView {
  private readonly after: Record<string, unknown>;
  private readonly beforeValues: Record<string, unknown> | undefined;
  private readonly unknown: Record<string, unknown>;
  private readonly sensitive: Record<string, unknown>;
  private readonly expressions: Record<string, unknown> | undefined;

  constructor(
    private readonly rc: ResourceChange,
    refs: TerraformReferences,
  ) {
    const c = rc.change;
    this.after = isRecord(c.after) ? c.after : {};
    this.beforeValues = isRecord(c.before) ? c.before : undefined;
    this.unknown = isRecord(c.after_unknown) ? c.after_unknown : {};
    this.sensitive = isRecord(c.after_sensitive) ? c.after_sensitive : {};
    this.expressions = refs.hasConfiguration ? refs.expressions(rc) : undefined;
  }

  before(name: string): unknown {
    return this.beforeValues?.[name];
  }

  /** The attribute's planned value: UNKNOWN where after_unknown says so (whole or per element). */
  leaf(names: readonly string[]): Leaf {
    for (const name of names) {
      const u = this.unknown[name];
      const s = this.sensitive[name];
      const sensitive = s === true || (Array.isArray(s) && s.some((x) => x === true));
      if (u === true) return { set: true, name, value: UNKNOWN, sensitive };
      const v = this.after[name];
      if (v === undefined || v === null) continue;
      const value = Array.isArray(v) && Array.isArray(u) ? v.map((x, i) => (u[i] === true ? UNKNOWN : x)) : v;
      return { set: true, name, value, sensitive };
    }
    return { set: false };
  }

  /**
   * Which of these alternatives the user sets. The configuration says it (an expression exists);
   * without one, a create uses the first known value (Computed attributes are unknown on create) and
   * an update the first that changes.
   */
  configured(names: readonly string[]): Leaf {
    if (this.expressions !== undefined) {
      const name = names.find((n) => this.expressions?.[n] !== undefined);
      if (name === undefined) return { set: false };
      const leaf = this.leaf([name]);
      return leaf.set ? leaf : { set: false };
    }
    if (this.beforeValues === undefined) {
      for (const n of names) {
        const leaf = this.leaf([n]);
        if (leaf.set && leaf.value !== UNKNOWN) return leaf;
      }
      return { set: false };
    }
    for (const n of names) {
      const leaf = this.leaf([n]);
      if (leaf.set && this.changed(leaf)) return leaf;
    }
    return { set: false };
  }

  /** Whether the plan changes this attribute (sets compare without order; unknown is a change). */
  changed(leaf: Leaf): boolean {
    if (!leaf.set) return false;
    if (leaf.value === UNKNOWN) return true;
    const before = this.beforeValues?.[leaf.name];
    if (Array.isArray(leaf.value)) {
      if (leaf.value.includes(UNKNOWN)) return true;
      if (!Array.isArray(before)) return true;
      const a = new Set(leaf.value.map(String));
      const b = new Set(before.map(String));
      return a.size !== b.size || [...a].some((x) => !b.has(x));
    }
    return before !== leaf.value;
  }
}
