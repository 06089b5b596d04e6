// Reads a plan file (YAML or JSON; JSON is read as YAML 1.2) into core declarations, keeping the line
// and column of every declaration and property so errors and CI annotations point into the file.
// Only the structure is checked here: whether an address, a count or a combination of arguments makes
// sense is the core's call, and comes back as a violation (exit 1), not as a plan error (exit 2). The
// document itself is bounded first (size, nesting depth, one document, no exotic tags) because the YAML
// parser keeps every node with its position: some 100 bytes of memory per byte of plan.
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from "yaml";
import { isLimitCount, isLimitValue, isProfileName, PLAN_LIMIT_KEYS, PROFILE_NAMES, RESOURCE_LIMIT_KEYS, type ResourceLimitKey } from "../core/limits";
import type { Declaration, LimitOverrides, ProfileName } from "../core/types";
import { describeValue, PlanError, type InputIssue } from "./input-error";
import { MAX_NESTING_DEPTH, tooDeepMessage } from "./nesting-depth";
import { formatBytes } from "./read-input";

export interface SourcePosition {
  /** 1-based line and column. */
  readonly line: number;
  readonly col: number;
}

export interface PlanDeclaration {
  readonly declaration: Declaration;
  /** Where the declaration's mapping starts (its first key). */
  readonly position: SourcePosition;
  /** Where each property's value starts. */
  readonly properties: Readonly<Partial<Record<string, SourcePosition>>>;
  /** Each `privateIpAddresses` item with its position, to annotate the very address at fault. */
  readonly addressItems: readonly { readonly value: unknown; readonly position: SourcePosition }[];
  /** Each `ipv4Prefixes` item with its position, likewise. */
  readonly prefixItems?: readonly { readonly value: unknown; readonly position: SourcePosition }[];
}

export interface PlanLimits {
  readonly profile?: ProfileName | undefined;
  readonly overrides: LimitOverrides;
}

export interface Plan {
  /** The path as the user gave it (annotations use it as the file name). */
  readonly file: string;
  readonly regionId?: string | undefined;
  readonly limits?: PlanLimits | undefined;
  readonly declarations: readonly PlanDeclaration[];
}

const TOP_KEYS = ["regionId", "limits", "declarations"] as const;
const DECLARATION_KEYS = ["name", "networkInterfaceId", "privateIpAddresses", "secondaryPrivateIpAddressCount", "ipv4Prefixes", "ipv4PrefixCount", "adoptExisting"] as const;

/** The largest eni-ips plan read (YAML or JSON): 8 MB is some 80,000 declarations, and parsing it
 *  with positions takes under 1 GB. Terraform plans and Pulumi previews are read as plain JSON, up to
 *  64 MB. */
export const MAX_PLAN_CHARS = 8 * 1024 * 1024;

/** Tags a plan may spell out (`!!str 10.0.1.5`); anything else (`!!binary`, `!!set`, `!custom`) is
 *  not plain data an eni-ips plan can hold. */
const PLAIN_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

/** Parses plan text; throws PlanError listing every structural problem with its line and column. */
export function parsePlan(text: string, file: string): Plan {
  if (text.length > MAX_PLAN_CHARS) {
    throw new PlanError(file, [{ path: "", message: `the plan is ${formatBytes(text.length)}, more than the ${formatBytes(MAX_PLAN_CHARS)} an eni-ips plan may be; split it into several plans` }]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): SourcePosition => lineCounter.linePos(offset ?? 0);

  if (doc.errors.length > 0) throw new PlanError(file, doc.errors.map((e) => ({ ...at(e.pos[0]), path: "", message: yamlErrorMessage(e.code, e.message) })));
  const shape = checkTree(doc);
  if (shape.length > 0) throw new PlanError(file, shape.map((i) => ({ ...at(i.node.range?.[0]), path: "", message: i.message })));
  const reader = new PlanReader(doc, at);
  const plan = reader.read(file);
  if (reader.issues.length > 0) throw new PlanError(file, reader.issues);
  return plan;
}

/** The YAML library's messages where they speak its own language, in the plan's terms. */
function yamlErrorMessage(code: string, message: string): string {
  if (code === "MULTIPLE_DOCS") return "the file holds more than one YAML document (a second `---` starts here); an eni-ips plan is one document: put every declaration in one `declarations` list";
  // The parser recurses per level and reports running out of stack as an error of its own.
  if (/Maximum call stack size exceeded/.test(message)) return tooDeepMessage();
  if (code === "DUPLICATE_KEY") return message;
  return `YAML syntax error: ${message}`;
}

/** Nesting depth and tags of every node, without recursion (a deep document must not overflow the
 *  stack here either). Aliases are not followed: the node they name is checked where it stands. */
function checkTree(doc: Document): { node: Node; message: string }[] {
  const problems: { node: Node; message: string }[] = [];
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (isPair(node)) {
      stack.push({ node: node.key, depth }, { node: node.value, depth });
      continue;
    }
    if (!isScalar(node) && !isCollection(node)) continue;
    const tag = node.tag;
    if (tag !== undefined && !PLAIN_TAGS.has(tag)) {
      problems.push({ node, message: `the YAML tag ${tag.replace("tag:yaml.org,2002:", "!!")} is not plain data an eni-ips plan can hold; write the value as text or a number, without the tag` });
    }
    if (isCollection(node)) {
      if (depth + 1 > MAX_NESTING_DEPTH) {
        problems.push({ node, message: tooDeepMessage() });
        return problems;
      }
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  return problems;
}

/** Walks the YAML tree (not its JS value) so every problem keeps its position. */
class PlanReader {
  readonly issues: InputIssue[] = [];

  constructor(
    private readonly doc: Document,
    private readonly at: (offset: number | undefined) => SourcePosition,
  ) {}

  read(file: string): Plan {
    const root = this.deref(this.doc.contents);
    if (root === null || root === undefined || (isScalar(root) && root.value === null)) {
      this.issue(root, "", "the plan is empty; expected a mapping with a `declarations` list");
      return { file, declarations: [] };
    }
    if (!isMap(root)) {
      this.issue(root, "", `expected a mapping with a \`declarations\` list, got ${describeValue(this.js(root))}`);
      return { file, declarations: [] };
    }
    const fields = this.fields(root, "", TOP_KEYS);
    let regionId: string | undefined;
    const regionNode = fields.get("regionId");
    if (regionNode !== undefined) {
      const value = this.js(regionNode);
      if (typeof value === "string" && value.trim() !== "") regionId = value;
      else this.issue(regionNode, "regionId", `expected a region id such as "cn-hangzhou", got ${describeValue(value)}`);
    }
    const limitsNode = fields.get("limits");
    const limits = limitsNode === undefined ? undefined : this.limits(limitsNode);
    const declarationsNode = fields.get("declarations");
    const declarations: PlanDeclaration[] = [];
    if (declarationsNode === undefined) {
      this.issue(root, "", "missing `declarations` (a list of { name, networkInterfaceId, privateIpAddresses | secondaryPrivateIpAddressCount })");
    } else if (!isSeq(declarationsNode)) {
      this.issue(declarationsNode, "declarations", `expected a list, got ${describeValue(this.js(declarationsNode))}`);
    } else {
      const firstByName = new Map<string, SourcePosition>();
      declarationsNode.items.forEach((item, index) => {
        const parsed = this.declaration(this.deref(item as Node), `declarations[${index}]`);
        if (!parsed) return;
        const name = parsed.declaration.name;
        const first = firstByName.get(name);
        if (first) {
          const pos = parsed.properties["name"] ?? parsed.position;
          this.issues.push({ ...pos, path: `declarations[${index}].name`, message: `duplicate name "${name}" (first used on line ${first.line}); names must be unique` });
        } else {
          firstByName.set(name, parsed.properties["name"] ?? parsed.position);
        }
        declarations.push(parsed);
      });
    }
    return {
      file,
      ...(regionId !== undefined ? { regionId } : {}),
      ...(limits !== undefined ? { limits } : {}),
      declarations,
    };
  }

  private declaration(node: Node | null | undefined, path: string): PlanDeclaration | undefined {
    if (!isMap(node)) {
      this.issue(node, path, `expected a declaration mapping { name, networkInterfaceId, … }, got ${describeValue(this.js(node))}`);
      return undefined;
    }
    const fields = this.fields(node, path, DECLARATION_KEYS);
    const properties: Record<string, SourcePosition> = {};
    for (const [key, value] of fields) properties[key] = this.pos(value);

    const nameNode = fields.get("name");
    const name = nameNode === undefined ? undefined : this.js(nameNode);
    let ok = true;
    if (nameNode === undefined) {
      this.issue(node, path, "missing `name` (a unique name for this declaration)");
      ok = false;
    } else if (typeof name !== "string" || name.trim() === "") {
      this.issue(nameNode, `${path}.name`, `expected a non-empty string, got ${describeValue(name)}`);
      ok = false;
    }
    const eniNode = fields.get("networkInterfaceId");
    const eni = eniNode === undefined ? undefined : this.js(eniNode);
    if (eniNode === undefined) {
      this.issue(node, path, "missing `networkInterfaceId` (the ENI id, eni-…)");
      ok = false;
    } else if (typeof eni !== "string") {
      this.issue(eniNode, `${path}.networkInterfaceId`, `expected an ENI id string (eni-…), got ${describeValue(eni)}`);
      ok = false;
    }

    const addresses = this.itemList(fields.get("privateIpAddresses"), `${path}.privateIpAddresses`, ["an IPv4 address", "IPv4 addresses", "address"], "secondaryPrivateIpAddressCount");
    const prefixes = this.itemList(fields.get("ipv4Prefixes"), `${path}.ipv4Prefixes`, ["an IPv4 prefix (an aligned /28)", "IPv4 prefixes (aligned /28s)", "IPv4 prefix"], "ipv4PrefixCount");
    if (addresses === false || prefixes === false) ok = false;
    const countNode = fields.get("secondaryPrivateIpAddressCount");
    const prefixCountNode = fields.get("ipv4PrefixCount");
    for (const [n, key, what] of [[countNode, "secondaryPrivateIpAddressCount", "addresses"], [prefixCountNode, "ipv4PrefixCount", "IPv4 prefixes"]] as const) {
      if (isCollection(n)) {
        this.issue(n, `${path}.${key}`, `expected a number of ${what}, got ${describeValue(this.js(n))}`);
        ok = false;
      }
    }
    const adoptNode = fields.get("adoptExisting");
    const adopt = adoptNode === undefined ? undefined : this.js(adoptNode);
    if (adoptNode !== undefined && typeof adopt !== "boolean") {
      this.issue(adoptNode, `${path}.adoptExisting`, `expected true or false, got ${describeValue(adopt)}`);
      ok = false;
    }
    if (!ok) return undefined;

    const declaration: Declaration = {
      name: name as string,
      networkInterfaceId: eni as string,
      ...(addresses ? { privateIpAddresses: addresses.values } : {}),
      ...(countNode !== undefined ? { secondaryPrivateIpAddressCount: this.js(countNode) } : {}),
      ...(prefixes ? { ipv4Prefixes: prefixes.values } : {}),
      ...(prefixCountNode !== undefined ? { ipv4PrefixCount: this.js(prefixCountNode) } : {}),
      ...(typeof adopt === "boolean" ? { adoptExisting: adopt } : {}),
    };
    return { declaration, position: this.pos(node), properties, addressItems: addresses ? addresses.items : [], ...(prefixes ? { prefixItems: prefixes.items } : {}) };
  }

  /**
   * A list of scalars (addresses, prefixes) with each item's position; undefined when absent, false
   * when broken (reported). An empty list is refused: a plan declaration that asks for nothing checks
   * nothing and would pass whatever it was meant to say (the resource takes one, to release).
   */
  private itemList(
    listNode: Node | undefined,
    at: string,
    [item, items_, noun]: readonly [one: string, many: string, noun: string],
    countKey: string,
  ): { values: unknown[]; items: { value: unknown; position: SourcePosition }[] } | false | undefined {
    if (listNode === undefined) return undefined;
    if (isSeq(listNode) && listNode.items.length === 0) {
      this.issue(listNode, at, `the list is empty, so the declaration asks for no ${noun}; list the ${items_}, use ${countKey}, or remove the declaration`);
      return false;
    }
    if (!isSeq(listNode)) {
      this.issue(listNode, at, `expected a list of ${items_}, got ${describeValue(this.js(listNode))}`);
      return false;
    }
    let ok = true;
    const items: { value: unknown; position: SourcePosition }[] = [];
    const values = listNode.items.map((raw, i) => {
      const node = this.deref(raw as Node);
      const value = this.js(node);
      if (isCollection(node)) {
        this.issue(node, `${at}[${i}]`, `expected ${item}, got ${describeValue(value)}`);
        ok = false;
      }
      items.push({ value, position: this.pos(node) });
      return value;
    });
    return ok ? { values, items } : false;
  }

  private limits(node: Node): PlanLimits | undefined {
    if (!isMap(node)) {
      this.issue(node, "limits", `expected a mapping of limit overrides, got ${describeValue(this.js(node))}`);
      return undefined;
    }
    const fields = this.fields(node, "limits", PLAN_LIMIT_KEYS);
    const overrides: { -readonly [K in keyof LimitOverrides]: LimitOverrides[K] } = {};
    let profile: ProfileName | undefined;
    const profileNode = fields.get("profile");
    if (profileNode !== undefined) {
      const value = this.js(profileNode);
      if (isProfileName(value)) profile = value;
      else this.issue(profileNode, "limits.profile", `expected one of ${PROFILE_NAMES.join(", ")}, got ${describeValue(value)}`);
    }
    for (const key of RESOURCE_LIMIT_KEYS) {
      const n = fields.get(key);
      const value = n === undefined ? undefined : this.limitValue(n, `limits.${key}`, key);
      if (value !== undefined) (overrides as Record<ResourceLimitKey, number | null>)[key] = value;
    }
    const typesNode = fields.get("instanceTypeEniIps");
    if (typesNode !== undefined) {
      if (!isMap(typesNode)) {
        this.issue(typesNode, "limits.instanceTypeEniIps", `expected a mapping of instance type to addresses per ENI (e.g. ecs.g7.large: 10), got ${describeValue(this.js(typesNode))}`);
      } else {
        const table: Record<string, number> = {};
        for (const pair of typesNode.items as Pair[]) {
          const key = this.js(pair.key as Node);
          const value = this.limitValue(pair.value as Node, `limits.instanceTypeEniIps.${String(key)}`);
          if (typeof key !== "string" || key.trim() === "") {
            // YAML reads `123: 8` as a number key; dropping it would silently ignore the override.
            this.issue((pair.key as Node | null) ?? typesNode, `limits.instanceTypeEniIps.${String(key)}`, `expected an instance type id such as ecs.g7.large as the key, got ${describeValue(key)}`);
          } else if (typeof value === "number") {
            table[key] = value;
          }
        }
        overrides.instanceTypeEniIps = table;
      }
    }
    return { ...(profile !== undefined ? { profile } : {}), overrides };
  }

  /** A limit's value (the core's rule: a whole number of at least 1, or null where `key` allows no cap). */
  private limitValue(node: Node, path: string, key?: ResourceLimitKey): number | null | undefined {
    const value = this.js(node);
    if (key === undefined ? isLimitCount(value) : isLimitValue(key, value)) return value as number | null;
    const nullable = key !== undefined && isLimitValue(key, null);
    this.issue(node, path, `expected a positive integer${nullable ? " or null (no cap)" : ""}, got ${describeValue(value)}`);
    return undefined;
  }

  /** The map's values by key; unknown keys are reported (with a suggestion) rather than ignored,
   *  because a misspelt `privateIpAdresses` would otherwise validate nothing and pass. */
  private fields<K extends string>(node: Node & { items: unknown[] }, path: string, known: readonly K[]): Map<K, Node> {
    const out = new Map<K, Node>();
    for (const pair of node.items as Pair[]) {
      const keyNode = pair.key as Node | null;
      const key = this.js(keyNode);
      const keyPath = path ? `${path}.${String(key)}` : String(key);
      if (typeof key !== "string" || !(known as readonly string[]).includes(key)) {
        const hint = typeof key === "string" ? closest(key, known) : undefined;
        this.issue(keyNode ?? node, keyPath, `unknown property${hint ? ` (did you mean \`${hint}\`?)` : ""}; expected one of ${known.join(", ")}`);
        continue;
      }
      // `key:` with nothing after it parses as a null scalar, so every present key has a value node.
      const value = this.deref(pair.value as Node | null);
      if (value) out.set(key as K, value);
    }
    return out;
  }

  private deref(node: Node | null | undefined): Node | null | undefined {
    if (node && isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) {
        this.issue(node, "", `unresolved alias *${node.source}`);
        return null;
      }
      return target as Node;
    }
    return node;
  }

  /** A scalar's value; a list or mapping only by its kind (an empty one), never expanded: through
   *  aliases a few lines can stand for billions of values, and messages only say "got a list". */
  private js(node: Node | null | undefined): unknown {
    if (node === null || node === undefined) return null;
    const target = this.deref(node);
    if (!target) return null;
    if (isScalar(target)) return target.value;
    return isSeq(target) ? [] : {};
  }

  private pos(node: Node | null | undefined): SourcePosition {
    return this.at(node?.range?.[0]);
  }

  private issue(node: Node | null | undefined, path: string, message: string): void {
    this.issues.push({ ...this.pos(node), path, message });
  }
}

/** The known key within edit distance 2 (case-insensitive), for "did you mean". */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Where a violation belongs in the plan: the offending address item when it can be found, else the
 *  property, else the declaration. */
export function locateViolation(plan: Plan, declarationName: string, property: string, value: unknown): SourcePosition | undefined {
  const entry = plan.declarations.find((d) => d.declaration.name === declarationName);
  if (!entry) return undefined;
  if ((property === "privateIpAddresses" || property === "ipv4Prefixes") && value !== undefined) {
    const items = property === "privateIpAddresses" ? entry.addressItems : (entry.prefixItems ?? []);
    const item = items.find((i) => i.value === value || (typeof value !== "object" && String(i.value) === String(value)));
    if (item) return item.position;
  }
  return entry.properties[property] ?? entry.position;
}
