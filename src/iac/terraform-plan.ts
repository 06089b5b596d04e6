// Reads `terraform show -json PLANFILE` (Terraform's JSON output format, format_version 1.x) into
// planned objects: the changes of the Alibaba resources eni-ips judges, with unknown references tied
// to the resources of the same plan (terraform-references.ts). Values known only at apply time are
// UNKNOWN; sensitive ones are treated as unknown too and never printed. Format: docs/plan-formats.md.
import type { PlannedObject, PlannedObjects, PlannedRef } from "../core/planned-types";
import { UNKNOWN, type ValidationWarning } from "../core/types";
import { TERRAFORM_TYPES, type ResourceKind } from "./alicloud-schema";
import { isRecord, PlanFormatError } from "./errors";
import { plannedObject, type Attr, type ResourceBase, type ResourceView, type SetAttr } from "./planned-builders";
import { valueChanged } from "./values";
import { TerraformReferences, type ResourceChange } from "./terraform-references";

/** The major version of the JSON format eni-ips reads ("1.0" to "1.2" at the time of writing; minor
 *  versions only add fields). */
export const TERRAFORM_FORMAT_MAJOR = "1";

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
    const view = new ChangeView(rc, this.refs, this.warnings);
    const id = view.prior(["id"]);
    const base: ResourceBase = {
      key: rc.address,
      name: rc.address,
      action,
      ...(typeof id === "string" && id !== "" ? (action === "update" ? { id } : actions[0] === "delete" ? { replaces: id } : {}) : {}),
    };
    const object = kind === "eniIps" ? undefined : plannedObject("terraform", kind, view, base);
    if (object !== undefined) this.objects.push(object);
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

/** One resource change's values: after (with after_unknown and after_sensitive), before, which
 *  attribute of a group of alternatives (current and deprecated names) the configuration sets, and
 *  unknown references resolved through the configuration (terraform-references.ts). */
class ChangeView implements ResourceView {
  private readonly after: Record<string, unknown>;
  private readonly beforeValues: Record<string, unknown> | undefined;
  private readonly unknown: Record<string, unknown>;
  private readonly sensitive: Record<string, unknown>;
  private readonly expressions: Record<string, unknown> | undefined;

  constructor(
    private readonly rc: ResourceChange,
    private readonly refs: TerraformReferences,
    private readonly warnings: ValidationWarning[],
  ) {
    const c = rc.change;
    this.after = isRecord(c.after) ? c.after : {};
    this.beforeValues = isRecord(c.before) ? c.before : undefined;
    this.unknown = isRecord(c.after_unknown) ? c.after_unknown : {};
    this.sensitive = isRecord(c.after_sensitive) ? c.after_sensitive : {};
    this.expressions = refs.hasConfiguration ? refs.expressions(rc) : undefined;
  }

  prior(names: readonly string[]): unknown {
    for (const n of names) if (this.beforeValues?.[n] !== undefined && this.beforeValues[n] !== null) return this.beforeValues[n];
    return undefined;
  }

  /** The attribute's planned value: UNKNOWN where after_unknown says so (whole or per element). */
  private leaf(names: readonly string[]): Attr {
    for (const name of names) {
      const u = this.unknown[name];
      const s = this.sensitive[name];
      const hidden = s === true || (Array.isArray(s) && s.some((x) => x === true));
      if (u === true) return { set: true, name, value: UNKNOWN, hidden };
      const v = this.after[name];
      if (v === undefined || v === null) continue;
      const value = Array.isArray(v) && Array.isArray(u) ? v.map((x, i) => (u[i] === true ? UNKNOWN : x)) : v;
      return { set: true, name, value, hidden };
    }
    return { set: false };
  }

  /**
   * Which of these alternatives the user sets. The configuration says it (an expression exists);
   * without one, a create uses the first known value (Computed attributes are unknown on create) and
   * an update the first that changes.
   */
  configured(names: readonly string[]): Attr {
    if (this.expressions !== undefined) {
      const name = names.find((n) => this.expressions?.[n] !== undefined);
      if (name === undefined) return { set: false };
      const leaf = this.leaf([name]);
      return leaf.set ? leaf : { set: false };
    }
    for (const n of names) {
      const leaf = this.leaf([n]);
      if (leaf.set && (this.beforeValues === undefined ? leaf.value !== UNKNOWN : this.changed(leaf))) return leaf;
    }
    return { set: false };
  }

  /** A configured value, or UNKNOWN with a warning when it is sensitive (never read). */
  value(attr: SetAttr): unknown {
    if (!attr.hidden) return attr.value;
    this.warnings.push({ code: "unknown_input", declaration: this.rc.address, message: `${this.rc.address}: ${attr.name} is sensitive; eni-ips does not read it and skipped the checks that need it.` });
    return UNKNOWN;
  }

  /** Whether the plan changes this attribute (sets compare without order; unknown is a change). */
  changed(attr: Attr): boolean {
    if (!attr.set) return false;
    return valueChanged(attr.value, this.beforeValues?.[attr.name]);
  }

  ref(names: readonly string[], want: ResourceKind): PlannedRef {
    const leaf = this.leaf(names);
    if (!leaf.set) return { kind: "unknown", reason: "not set" };
    if (leaf.hidden) return { kind: "unknown", reason: `${leaf.name} is sensitive` };
    if (typeof leaf.value === "string" && leaf.value !== "") return { kind: "existing", id: leaf.value };
    if (leaf.value !== UNKNOWN) return { kind: "unknown", reason: `${leaf.name} is not an id` };
    const r = this.refs.resolve(this.rc, leaf.name);
    const wanted = r.targets.filter((t) => TERRAFORM_TYPES[t.type] === want);
    if (wanted.length === 1 && r.unresolved.length === 0) return toRef(wanted[0] as ResourceChange);
    return { kind: "unknown", reason: explain(leaf.name, wanted, r.unresolved) };
  }

  /** Each known id, each group the plan creates, and one unknown entry for what the expression takes
   *  from elsewhere. */
  groups(attr: SetAttr): PlannedRef[] {
    if (attr.hidden) return [{ kind: "unknown", reason: `${attr.name} is sensitive` }];
    const out: PlannedRef[] = [];
    const values = attr.value === UNKNOWN ? [UNKNOWN] : Array.isArray(attr.value) ? attr.value : [];
    for (const v of values) if (typeof v === "string" && v !== "") out.push({ kind: "existing", id: v });
    if (!values.includes(UNKNOWN)) return out;
    const r = this.refs.resolve(this.rc, attr.name);
    for (const t of r.targets) if (TERRAFORM_TYPES[t.type] === "securityGroup") out.push(toRef(t));
    const others = r.targets.filter((t) => TERRAFORM_TYPES[t.type] !== "securityGroup").map((t) => t.address);
    if (r.unresolved.length > 0 || others.length > 0 || r.targets.length === 0) {
      out.push({ kind: "unknown", reason: explain(attr.name, [], [...r.unresolved, ...others]) });
    }
    return out;
  }
}
