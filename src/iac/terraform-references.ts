// Ties a value Terraform knows only at apply time to the resource of the same plan it comes from, the
// way the JSON plan allows: the `configuration` section keeps each attribute's expression with the
// `references` it makes ("alicloud_vswitch.app.id", "alicloud_vswitch.app", "var.subnet_id", …).
// A counted resource is referenced without its index: the instance with the referrer's own index is
// taken when it exists, else the only instance. A module's input variable is followed one level, into
// the module call's own expression in the parent module. Anything else stays unresolved, and says why.
import { isRecord } from "./errors";

export interface ResourceChange {
  readonly address: string;
  readonly module_address?: string | undefined;
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly index?: string | number | undefined;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: unknown;
    readonly after?: unknown;
    readonly after_unknown?: unknown;
    readonly before_sensitive?: unknown;
    readonly after_sensitive?: unknown;
  };
}

interface ModuleCall {
  readonly name: string;
  readonly key: string | number | undefined;
}

/** `module.net[0].module.sub["a"]` -> [{net, 0}, {sub, "a"}]. */
export function parseModuleAddress(address: string | undefined): ModuleCall[] {
  const out: ModuleCall[] = [];
  if (address === undefined || address === "") return out;
  const re = /module\.([A-Za-z0-9_-]+)(?:\[(\d+|"(?:[^"\\]|\\.)*")\])?\.?/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(address)) !== null) {
    const rawKey = m[2];
    out.push({ name: m[1] as string, key: rawKey === undefined ? undefined : rawKey.startsWith('"') ? (JSON.parse(rawKey) as string) : Number(rawKey) });
  }
  return out;
}

function formatModuleAddress(calls: readonly ModuleCall[]): string {
  return calls.map((c) => `module.${c.name}${c.key === undefined ? "" : `[${typeof c.key === "number" ? c.key : JSON.stringify(c.key)}]`}`).join(".");
}

type ParsedRef =
  | { readonly kind: "resource"; readonly type: string; readonly name: string; readonly key: string | number | undefined }
  | { readonly kind: "var"; readonly name: string }
  | { readonly kind: "helper" }
  | { readonly kind: "other"; readonly text: string };

const NOT_RESOURCES = new Set(["local", "module", "data", "path", "terraform", "self"]);

function parseReference(ref: string): ParsedRef {
  if (/^(count\.index|each\.(key|value))/.test(ref)) return { kind: "helper" };
  const m = /^([A-Za-z][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[(\d+|"(?:[^"\\]|\\.)*")\])?(.*)$/.exec(ref);
  if (m === null) return { kind: "other", text: ref };
  const [, first, second, rawKey, rest] = m as unknown as [string, string, string, string | undefined, string];
  if (first === "var") return { kind: "var", name: second };
  if (NOT_RESOURCES.has(first) || (rest !== "" && !rest.startsWith(".") && !rest.startsWith("["))) return { kind: "other", text: ref };
  return { kind: "resource", type: first, name: second, key: rawKey === undefined ? undefined : rawKey.startsWith('"') ? (JSON.parse(rawKey) as string) : Number(rawKey) };
}

export type Resolution = { readonly targets: readonly ResourceChange[]; readonly unresolved: readonly string[] };

/** The configuration of a plan, indexed for expression look-ups, and the plan's resources by module. */
export class TerraformReferences {
  private readonly byModule = new Map<string, ResourceChange[]>();
  private readonly blocks = new Map<string, Map<string, Record<string, unknown>>>();

  constructor(
    private readonly configuration: unknown,
    changes: readonly ResourceChange[],
  ) {
    for (const rc of changes) {
      if (rc.mode !== "managed") continue;
      const k = `${rc.module_address ?? ""}|${rc.type}.${rc.name}`;
      const list = this.byModule.get(k);
      if (list) list.push(rc);
      else this.byModule.set(k, [rc]);
    }
  }

  /** The module configuration for a module address (instance keys dropped), or undefined. */
  private moduleConfig(calls: readonly ModuleCall[]): Record<string, unknown> | undefined {
    if (!isRecord(this.configuration)) return undefined;
    let mod: unknown = this.configuration["root_module"];
    for (const call of calls) {
      if (!isRecord(mod)) return undefined;
      const moduleCalls = mod["module_calls"];
      const next = isRecord(moduleCalls) ? moduleCalls[call.name] : undefined;
      mod = isRecord(next) ? next["module"] : undefined;
    }
    return isRecord(mod) ? mod : undefined;
  }

  /** Whether the plan carries configuration at all (hand-trimmed documents may not). */
  get hasConfiguration(): boolean {
    return this.moduleConfig([]) !== undefined;
  }

  /** A resource's attribute expressions (`expressions` of its configuration block). */
  expressions(rc: ResourceChange): Record<string, unknown> | undefined {
    return this.moduleBlocks(parseModuleAddress(rc.module_address)).get(`${rc.type}.${rc.name}`);
  }

  /** A module's managed resource blocks by module-local address, indexed once per module (a plan of
   *  thousands of counted instances looks each block up many times). */
  private moduleBlocks(calls: readonly ModuleCall[]): Map<string, Record<string, unknown>> {
    const key = calls.map((c) => c.name).join(".");
    let blocks = this.blocks.get(key);
    if (blocks !== undefined) return blocks;
    blocks = new Map();
    const resources = this.moduleConfig(calls)?.["resources"];
    for (const r of Array.isArray(resources) ? resources : []) {
      if (isRecord(r) && typeof r["address"] === "string" && (r["mode"] ?? "managed") === "managed" && isRecord(r["expressions"])) blocks.set(r["address"], r["expressions"]);
    }
    this.blocks.set(key, blocks);
    return blocks;
  }

  /** The resources an attribute's expression refers to, following module variables one level. */
  resolve(rc: ResourceChange, attribute: string): Resolution {
    const expr = this.expressions(rc)?.[attribute];
    if (!isRecord(expr)) return { targets: [], unresolved: [`no expression for ${attribute} in the plan's configuration`] };
    return this.resolveExpression(expr, parseModuleAddress(rc.module_address), rc.index, 0);
  }

  private resolveExpression(expr: Record<string, unknown>, calls: readonly ModuleCall[], index: string | number | undefined, depth: number): Resolution {
    const refs = Array.isArray(expr["references"]) ? expr["references"].filter((r): r is string => typeof r === "string") : [];
    const parsed = refs.map(parseReference);
    // A resource referenced with an index also appears without it ("implied by previous"): keep the
    // indexed forms when there are any.
    const keyed = new Set(parsed.filter((p) => p.kind === "resource" && p.key !== undefined).map((p) => (p.kind === "resource" ? `${p.type}.${p.name}` : "")));
    const targets: ResourceChange[] = [];
    const unresolved: string[] = [];
    const seenVars = new Set<string>();
    const moduleAddress = formatModuleAddress(calls);
    for (const p of parsed) {
      if (p.kind === "helper") continue;
      if (p.kind === "other") {
        unresolved.push(p.text);
        continue;
      }
      if (p.kind === "var") {
        if (seenVars.has(p.name)) continue;
        seenVars.add(p.name);
        const call = calls[calls.length - 1];
        if (call === undefined || depth > 0) {
          unresolved.push(`var.${p.name}`);
          continue;
        }
        const parent = calls.slice(0, -1);
        const callConfig = this.moduleConfig(parent)?.["module_calls"];
        const callExpr = isRecord(callConfig) && isRecord(callConfig[call.name]) ? (callConfig[call.name] as Record<string, unknown>)["expressions"] : undefined;
        const inner = isRecord(callExpr) ? callExpr[p.name] : undefined;
        if (!isRecord(inner)) {
          unresolved.push(`var.${p.name}`);
          continue;
        }
        const r = this.resolveExpression(inner, parent, call.key, depth + 1);
        targets.push(...r.targets);
        unresolved.push(...r.unresolved);
        continue;
      }
      if (p.key === undefined && keyed.has(`${p.type}.${p.name}`)) continue;
      const instances = this.byModule.get(`${moduleAddress}|${p.type}.${p.name}`) ?? [];
      const label = `${moduleAddress === "" ? "" : `${moduleAddress}.`}${p.type}.${p.name}`;
      let target: ResourceChange | undefined;
      if (p.key !== undefined) target = instances.find((i) => i.index === p.key);
      else if (instances.length === 1) target = instances[0];
      else if (index !== undefined) target = instances.find((i) => i.index === index);
      if (target === undefined) {
        unresolved.push(instances.length === 0 ? `${label} (not in the plan)` : `${label} (${instances.length} instances, none with the referrer's index)`);
      } else if (!targets.includes(target)) {
        targets.push(target);
      }
    }
    return { targets, unresolved: [...new Set(unresolved)] };
  }

  /** The region of the (single) alicloud provider configuration, when it is a constant. */
  regionId(): string | undefined {
    if (!isRecord(this.configuration)) return undefined;
    const providers = this.configuration["provider_config"];
    if (!isRecord(providers)) return undefined;
    const regions = new Set<string>();
    for (const p of Object.values(providers)) {
      if (!isRecord(p) || p["name"] !== "alicloud") continue;
      const expressions = p["expressions"];
      const region = isRecord(expressions) && isRecord(expressions["region"]) ? expressions["region"]["constant_value"] : undefined;
      if (typeof region === "string" && region !== "") regions.add(region);
    }
    return regions.size === 1 ? [...regions][0] : undefined;
  }
}
