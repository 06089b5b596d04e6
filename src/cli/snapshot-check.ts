// The contents of a snapshot checked as strictly as a plan, before any rule sees them: a snapshot is
// a file anyone can edit, and the core skips (with a warning) what it cannot read, so a CIDR of
// "garbage" or an ENI missing its primary address would quietly pass a plan the account fails. Every
// CIDR, address, id and count goes through the core's own parsers; every address lies inside its
// vSwitch; each id appears once; the counts agree with the addresses the file itself lists; the ENIs
// a capture was taken for come with their vSwitch, security groups and instance. Each problem is
// reported with its JSON path (docs/snapshot-format.md, "Validation on load").
import {
  cidrContains,
  intToIpv4,
  IPV4_PREFIX_LENGTH,
  IPV4_PREFIX_SIZE,
  ipv4PrefixOf,
  isReservedInCidr,
  parseAlignedCidr,
  parseCidr,
  parseIpv4,
  parseIpv4Prefix,
  usableAddressCount,
  VSWITCH_MAX_PREFIX,
  VSWITCH_MIN_PREFIX,
  type Cidr,
} from "../core/address";
import { describeValue, type InputIssue } from "./input-error";
import { plural } from "./wording";

type Raw = Record<string, unknown>;

/** How far ahead of this machine's clock `capturedAt` may be (clocks of two machines disagree a little). */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Id syntax per kind: the API's prefix, then letters, digits, ".", "_" or "-". */
const ID_PREFIX = { eni: "eni-", vsw: "vsw-", sg: "sg-", instance: "i-", instanceType: "ecs.", vcr: "vcr-" } as const;
type IdKind = keyof typeof ID_PREFIX;
const ID_TAIL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const ID_EXAMPLE: Readonly<Record<IdKind, string>> = {
  eni: "an ENI id (eni-…)",
  vsw: "a vSwitch id (vsw-…)",
  sg: "a security group id (sg-…)",
  instance: "an instance id (i-…)",
  instanceType: "an instance type (ecs.…)",
  vcr: "a reservation id (vcr-…)",
};
/** The first version whose facts hold prefixes, IPv6 counts and reservations. */
const PREFIX_FACTS_VERSION = 3;
const ENI_TYPES = ["Primary", "Secondary", "Trunk", "Member"];
const GROUP_TYPES = ["normal", "enterprise"];
/** A status is the API's word (Available, InUse, Running, …); the rules refuse any they do not know. */
const STATUS = /^[A-Za-z]{1,32}$/;
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const PLAN_SCOPE_LISTS = ["networkInterfaceIds", "vSwitchIds", "securityGroupIds", "instanceIds", "instanceTypeIds"] as const;
const SCOPE_LIST_KIND: Readonly<Record<(typeof PLAN_SCOPE_LISTS)[number], IdKind>> = {
  networkInterfaceIds: "eni",
  vSwitchIds: "vsw",
  securityGroupIds: "sg",
  instanceIds: "instance",
  instanceTypeIds: "instanceType",
};

export function isRecord(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Checks everything but `format` and `version` (the caller's, so a foreign file gets one message). */
export function checkSnapshotBody(data: Raw, version: number, now: Date, issues: InputIssue[]): void {
  const found: InputIssue[] = [];
  const check = new SnapshotChecker(found);
  check.capturedAt(data["capturedAt"], now);
  check.regionId(data["regionId"]);
  const scoped = check.scope(data["scope"], version);
  check.facts(data["facts"], scoped, version);
  // ENIs are checked last (against the rest) but reported in the file's order.
  issues.push(...found.map((issue, i) => ({ issue, key: orderKey(issue.path), i })).sort((a, b) => a.key - b.key || a.i - b.i).map((x) => x.issue));
}

const LIST_ORDER = ["enis", "vSwitches", "instances", "instanceTypes", "securityGroups"];

function orderKey(path: string): number {
  const m = /^facts\.(\w+)(?:\[(\d+)\])?/.exec(path);
  if (m === null) return -1;
  return (LIST_ORDER.indexOf(m[1] as string) + 1) * 1e9 + Number(m[2] ?? -1);
}

/** The ENI ids a scope was captured for (`"region"`: every ENI of the file), or undefined when the
 *  scope is broken (reported already). */
type Scoped = ReadonlySet<string> | "region" | undefined;

class SnapshotChecker {
  constructor(private readonly issues: InputIssue[]) {}

  private add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  capturedAt(value: unknown, now: Date): void {
    if (typeof value !== "string" || !ISO_8601.test(value) || Number.isNaN(Date.parse(value))) {
      this.add("capturedAt", `expected an ISO 8601 date and time such as 2025-06-01T08:30:00.000Z, got ${describeValue(value)}`);
      return;
    }
    const ahead = Date.parse(value) - now.getTime();
    if (ahead > CLOCK_SKEW_MS) {
      this.add("capturedAt", `${value} is in the future (this machine's clock says ${now.toISOString()}): no capture is taken later than now, and a future date would never go stale; recapture it with \`eni-ips snapshot\``);
    }
  }

  regionId(value: unknown): void {
    if (typeof value !== "string" || !REGION.test(value)) this.add("regionId", `expected a region id such as cn-hangzhou, got ${describeValue(value)}`);
  }

  scope(value: unknown, version: number): Scoped {
    const planKind = version === 1 ? "enis" : "plan";
    if (!isRecord(value)) {
      this.add("scope", `expected { "kind": "region" } or { "kind": "${planKind}", "networkInterfaceIds": [...]${version === 1 ? "" : ", …"} }, got ${describeValue(value)}`);
      return undefined;
    }
    if (value["kind"] === "region") return "region";
    if (value["kind"] !== planKind) {
      this.add("scope.kind", `expected "region" or "${planKind}" (snapshot version ${version}), got ${describeValue(value["kind"])}`);
      return undefined;
    }
    let enis: Set<string> | undefined;
    for (const key of version === 1 ? (["networkInterfaceIds"] as const) : PLAN_SCOPE_LISTS) {
      const ids = this.idList(value, key, "scope", SCOPE_LIST_KIND[key], false);
      if (key === "networkInterfaceIds" && ids !== undefined) enis = new Set(ids);
    }
    return enis;
  }

  facts(value: unknown, scoped: Scoped, version: number): void {
    if (!isRecord(value)) {
      this.add("facts", `expected an object with enis, vSwitches, instances, instanceTypes, securityGroups, got ${describeValue(value)}`);
      return;
    }
    const vSwitches = new Map<string, { cidr: Cidr; path: string; available: number | undefined; reserved: number }>();
    /** A field eni-ips writes from version 3 on: checked when present, refused in older files. */
    const newer = (o: Raw, key: string, path: string): boolean => {
      if (o[key] === undefined) return false;
      if (version >= PREFIX_FACTS_VERSION) return true;
      this.add(join(path, key), `${key} is a field of snapshot version ${PREFIX_FACTS_VERSION} (IPv4 prefixes), but this file says version ${version}: recapture it with \`eni-ips snapshot\``);
      return false;
    };
    const vSwitchIds = new Set<string>();
    const listed = new Set<string>();
    const mark = (key: string, ok: boolean): void => void (ok && listed.add(key));
    mark("vSwitches", this.list(value, "vSwitches", "vSwitchId", "vsw", (o, p, id) => {
      const cidr = this.cidr(o["cidrBlock"], join(p, "cidrBlock"));
      const available = this.count(o, "availableIpAddressCount", p, 0, false);
      if (id !== undefined) vSwitchIds.add(id);
      const reserved = newer(o, "cidrReservations", p) && cidr !== undefined ? this.reservations(o["cidrReservations"], join(p, "cidrReservations"), cidr) : 0;
      if (cidr !== undefined && id !== undefined) vSwitches.set(id, { cidr, path: p, available, reserved });
      if (cidr !== undefined && available !== undefined && available > usableAddressCount(cidr)) {
        this.add(join(p, "availableIpAddressCount"), `${plural(available, "free address", "free addresses")}, but ${cidr.cidrBlock} has only ${usableAddressCount(cidr)} assignable ones`);
      }
    }));
    const instances = new Set<string>();
    mark("instances", this.list(value, "instances", "instanceId", "instance", (o, p, id) => {
      this.status(o, "status", p);
      this.id(o["instanceType"], join(p, "instanceType"), "instanceType");
      if (id !== undefined) instances.add(id);
    }));
    this.list(value, "instanceTypes", "instanceTypeId", "instanceType", (o, p) => {
      this.count(o, "eniPrivateIpAddressQuantity", p, 1, true);
    });
    const groups = new Map<string, { path: string; count: number | undefined }>();
    mark("securityGroups", this.list(value, "securityGroups", "securityGroupId", "sg", (o, p, id) => {
      this.oneOf(o, "securityGroupType", p, GROUP_TYPES);
      const count = this.count(o, "privateIpAddressCount", p, 0, false);
      for (const key of ["ipv6AddressCount", "ipv6PrefixCount"]) if (newer(o, key, p)) this.count(o, key, p, 0, false);
      if (id !== undefined) groups.set(id, { path: p, count });
    }));

    // ENIs last: their addresses are checked against the vSwitches, their references against the rest.
    const heldInVSwitch = new Map<string, number>();
    const heldInGroup = new Map<string, number>();
    const owner = new Map<string, string>(); // `${vSwitchId} ${address}` -> path of the ENI holding it
    this.list(value, "enis", "networkInterfaceId", "eni", (o, p, id) => {
      this.status(o, "status", p);
      const type = this.oneOf(o, "type", p, ENI_TYPES);
      const vSwitchId = this.id(o["vSwitchId"], join(p, "vSwitchId"), "vsw");
      const instanceId = o["instanceId"] === undefined || o["instanceId"] === null ? undefined : this.id(o["instanceId"], join(p, "instanceId"), "instance");
      if (instanceId === undefined && (type === "Primary" || o["status"] === "InUse")) {
        this.add(join(p, "instanceId"), `missing: ${type === "Primary" ? "a primary ENI" : "an ENI in use"} is bound to an instance`);
      }
      if (instanceId !== undefined && o["status"] === "Available") this.add(join(p, "instanceId"), `an Available ENI is bound to no instance, but this one names ${instanceId}`);
      const sgs = this.idList(o, "securityGroupIds", p, "sg", true) ?? [];
      const addresses = this.addresses(o, p, vSwitchId === undefined ? undefined : vSwitches.get(vSwitchId)?.cidr);
      for (const key of ["ipv6AddressCount", "ipv6PrefixCount"]) if (newer(o, key, p)) this.count(o, key, p, 0, false);
      const prefixes = newer(o, "ipv4Prefixes", p) ? this.prefixes(o["ipv4Prefixes"], join(p, "ipv4Prefixes"), vSwitchId === undefined ? undefined : vSwitches.get(vSwitchId)?.cidr) : [];
      if (vSwitchId !== undefined) {
        // A prefix's 16 addresses belong to its ENI alone: no other prefix, no single address.
        prefixes.forEach((first, i) => {
          const key = `${vSwitchId} ${intToIpv4(first)}/${IPV4_PREFIX_LENGTH}`;
          const firstAt = owner.get(key);
          if (firstAt !== undefined) this.add(join(p, `ipv4Prefixes[${i}]`), `${intToIpv4(first)}/${IPV4_PREFIX_LENGTH} is already on the ENI at ${firstAt} in the same vSwitch; a prefix is on one ENI at a time`);
          else owner.set(key, p);
          for (let n = first; n < first + IPV4_PREFIX_SIZE; n++) {
            const holder = owner.get(`${vSwitchId} ${intToIpv4(n)}`);
            if (holder !== undefined) this.add(join(p, `ipv4Prefixes[${i}]`), `${key.split(" ")[1]!} holds ${intToIpv4(n)}, an address of the ENI at ${holder}; an address and a prefix never overlap`);
          }
        });
        for (const [i, a] of addresses.entries()) {
          const key = `${vSwitchId} ${intToIpv4(ipv4PrefixOf(parseIpv4(a) as number))}/${IPV4_PREFIX_LENGTH}`;
          const holder = owner.get(key);
          if (holder !== undefined) this.add(join(p, `privateIpAddresses[${i}]`), `${a} lies in the IPv4 prefix ${key.split(" ")[1]!} of the ENI at ${holder}; an address and a prefix never overlap`);
        }
      }
      if (vSwitchId !== undefined) {
        heldInVSwitch.set(vSwitchId, (heldInVSwitch.get(vSwitchId) ?? 0) + addresses.length);
        for (const [i, a] of addresses.entries()) {
          const key = `${vSwitchId} ${a}`;
          const first = owner.get(key);
          if (first !== undefined) this.add(join(p, `privateIpAddresses[${i}]`), `${a} is already on the ENI at ${first} in the same vSwitch; an address is on one ENI at a time`);
          else owner.set(key, p);
        }
      }
      // Each IPv4 prefix counts as one address in its groups.
      for (const g of new Set(sgs)) heldInGroup.set(g, (heldInGroup.get(g) ?? 0) + addresses.length + prefixes.length);
      // What a capture was taken for comes with everything the rules need about it.
      if (id !== undefined && (scoped === "region" || scoped?.has(id) === true)) {
        const missing: string[] = [];
        if (vSwitchId !== undefined && listed.has("vSwitches") && !vSwitchIds.has(vSwitchId)) missing.push(`its vSwitch ${vSwitchId}`);
        for (const g of sgs) if (listed.has("securityGroups") && !groups.has(g)) missing.push(`its security group ${g}`);
        if (instanceId !== undefined && listed.has("instances") && !instances.has(instanceId)) missing.push(`its instance ${instanceId}`);
        if (missing.length > 0) {
          this.add(p, `${id} was captured (it is in the scope) but the facts lack ${missing.join(", ")}; a capture always holds them, so the file was edited or cut: recapture it`);
        }
      }
    });

    // Counts cannot be below what the file itself shows: fewer free addresses than the vSwitch's
    // listed ENIs leave, or a group using fewer addresses than its listed member ENIs hold.
    for (const [id, v] of vSwitches) {
      const held = heldInVSwitch.get(id) ?? 0;
      // The API's free count leaves the prefix reservations out.
      const most = usableAddressCount(v.cidr) - held - v.reserved;
      if (v.available !== undefined && v.available <= usableAddressCount(v.cidr) && v.available > most) {
        this.add(join(v.path, "availableIpAddressCount"), `${plural(v.available, "free address", "free addresses")}, but the ENIs listed in ${id} already hold ${held} of its ${usableAddressCount(v.cidr)} assignable addresses (at most ${Math.max(0, most)} free)`);
      }
    }
    for (const [id, g] of groups) {
      const held = heldInGroup.get(id) ?? 0;
      if (g.count !== undefined && g.count < held) {
        this.add(join(g.path, "privateIpAddressCount"), `${plural(g.count, "address", "addresses")} over all member ENIs, but the member ENIs listed here already hold ${held}`);
      }
    }
  }

  /** A list of facts, each an object with a unique id of `kind` under `idKey`. */
  /** False when the list itself is broken (reported): what refers into it is then not judged. */
  private list(parent: Raw, key: string, idKey: string, kind: IdKind, each: (o: Raw, path: string, id: string | undefined) => void): boolean {
    const value = parent[key];
    if (!Array.isArray(value)) {
      this.add(`facts.${key}`, `expected a list, got ${describeValue(value)}`);
      return false;
    }
    const firstAt = new Map<string, string>();
    value.forEach((item, i) => {
      const path = `facts.${key}[${i}]`;
      if (!isRecord(item)) {
        this.add(path, `expected an object, got ${describeValue(item)}`);
        return;
      }
      const id = this.id(item[idKey], join(path, idKey), kind);
      if (id !== undefined) {
        const first = firstAt.get(id);
        // Two entries for one object: which one is true cannot be known, and one would silently win.
        if (first !== undefined) this.add(join(path, idKey), `${id} is listed twice (first at ${first}); each id appears once`);
        else firstAt.set(id, path);
      }
      each(item, path, id);
    });
    return true;
  }

  private id(value: unknown, path: string, kind: IdKind): string | undefined {
    const prefix = ID_PREFIX[kind];
    if (typeof value === "string" && value.startsWith(prefix) && ID_TAIL.test(value.slice(prefix.length))) return value;
    this.add(path, `expected ${ID_EXAMPLE[kind]}, got ${describeValue(value)}`);
    return undefined;
  }

  private idList(o: Raw, key: string, path: string, kind: IdKind, nonEmpty: boolean): string[] | undefined {
    const value = o[key];
    const at = join(path, key);
    if (!Array.isArray(value)) {
      this.add(at, `expected a list of ${ID_EXAMPLE[kind].replace(/^an? /, "")}s, got ${describeValue(value)}`);
      return undefined;
    }
    if (nonEmpty && value.length === 0) this.add(at, "the list is empty; every ENI is in at least one security group");
    const ids: string[] = [];
    value.forEach((v, i) => {
      const id = this.id(v, `${at}[${i}]`, kind);
      if (id !== undefined) ids.push(id);
    });
    return ids;
  }

  private cidr(value: unknown, path: string): Cidr | undefined {
    const cidr = typeof value === "string" ? parseCidr(value) : undefined;
    if (cidr === undefined) {
      this.add(path, `expected a CIDR block such as 10.0.1.0/24, got ${describeValue(value)}`);
      return undefined;
    }
    if (cidr.prefixLength < VSWITCH_MIN_PREFIX || cidr.prefixLength > VSWITCH_MAX_PREFIX) {
      this.add(path, `${cidr.cidrBlock}: a vSwitch's block is /${VSWITCH_MIN_PREFIX} to /${VSWITCH_MAX_PREFIX}`);
      return undefined;
    }
    const network = `${intToIpv4(cidr.first)}/${cidr.prefixLength}`;
    if (network !== cidr.cidrBlock) {
      this.add(path, `${cidr.cidrBlock} is not a network address (the block is ${network}); the API never reports a vSwitch so`);
      return undefined;
    }
    return cidr;
  }

  /** The ENI's addresses: IPv4, each once, the primary among them, all assignable in the vSwitch. */
  private addresses(o: Raw, path: string, cidr: Cidr | undefined): string[] {
    const primary = o["primaryIpAddress"];
    const primaryOk = parseIpv4(primary) !== undefined;
    if (!primaryOk) this.add(join(path, "primaryIpAddress"), `expected an IPv4 address, got ${describeValue(primary)}`);
    else this.inside(primary as string, join(path, "primaryIpAddress"), cidr);
    const list = o["privateIpAddresses"];
    const at = join(path, "privateIpAddresses");
    if (!Array.isArray(list)) {
      this.add(at, `expected a list of IPv4 addresses (the primary first), got ${describeValue(list)}`);
      return [];
    }
    const seen = new Set<string>();
    const out: string[] = [];
    list.forEach((a, i) => {
      const p = `${at}[${i}]`;
      if (parseIpv4(a) === undefined) {
        this.add(p, `expected an IPv4 address, got ${describeValue(a)}`);
        return;
      }
      const address = a as string;
      if (seen.has(address)) {
        this.add(p, `${address} is listed twice`);
        return;
      }
      seen.add(address);
      out.push(address);
      if (address !== primary) this.inside(address, p, cidr);
    });
    if (primaryOk && !seen.has(primary as string)) this.add(at, `the primary address ${String(primary)} is missing; the list holds every address of the ENI, the primary first`);
    return out;
  }

  /** A vSwitch's prefix reservations: ids, aligned blocks of /28 or larger inside it, apart. Returns the addresses they hold. */
  private reservations(value: unknown, path: string, cidr: Cidr): number {
    if (!Array.isArray(value)) {
      this.add(path, `expected a list of { vSwitchCidrReservationId, cidrBlock }, got ${describeValue(value)}`);
      return 0;
    }
    const blocks: Cidr[] = [];
    const ids = new Set<string>();
    value.forEach((r, i) => {
      const p = `${path}[${i}]`;
      if (!isRecord(r)) {
        this.add(p, `expected an object { vSwitchCidrReservationId, cidrBlock }, got ${describeValue(r)}`);
        return;
      }
      const id = this.id(r["vSwitchCidrReservationId"], join(p, "vSwitchCidrReservationId"), "vcr");
      if (id !== undefined && ids.has(id)) this.add(join(p, "vSwitchCidrReservationId"), `${id} is listed twice`);
      if (id !== undefined) ids.add(id);
      const block = typeof r["cidrBlock"] === "string" ? parseAlignedCidr(r["cidrBlock"]) : undefined;
      if (block === undefined || block.prefixLength > IPV4_PREFIX_LENGTH) {
        this.add(join(p, "cidrBlock"), `expected a CIDR block of /${IPV4_PREFIX_LENGTH} or larger with its host bits clear, such as 10.0.1.64/26, got ${describeValue(r["cidrBlock"])}`);
        return;
      }
      if (!cidrContains(cidr, block.first) || !cidrContains(cidr, block.last) || block.prefixLength <= cidr.prefixLength) {
        this.add(join(p, "cidrBlock"), `${block.cidrBlock} is not a proper part of the vSwitch's ${cidr.cidrBlock}`);
        return;
      }
      const clash = blocks.find((b) => b.first <= block.last && block.first <= b.last);
      if (clash !== undefined) {
        this.add(join(p, "cidrBlock"), `${block.cidrBlock} overlaps ${clash.cidrBlock}, another reservation of the vSwitch`);
        return;
      }
      blocks.push(block);
    });
    return blocks.reduce((n, b) => n + b.size, 0);
  }

  /** An ENI's IPv4 prefixes: aligned /28s, each once, inside its vSwitch. Returns their first addresses. */
  private prefixes(value: unknown, path: string, cidr: Cidr | undefined): number[] {
    if (!Array.isArray(value)) {
      this.add(path, `expected a list of IPv4 prefixes (aligned /28s such as 10.0.1.64/28), got ${describeValue(value)}`);
      return [];
    }
    const out: number[] = [];
    value.forEach((text, i) => {
      const p = `${path}[${i}]`;
      const first = parseIpv4Prefix(text);
      if (typeof first !== "number") {
        this.add(p, `expected an aligned IPv4 /28 such as 10.0.1.64/28, got ${describeValue(text)}`);
        return;
      }
      if (out.includes(first)) {
        this.add(p, `${String(text)} is listed twice`);
        return;
      }
      out.push(first);
      if (cidr !== undefined && (!cidrContains(cidr, first) || !cidrContains(cidr, first + IPV4_PREFIX_SIZE - 1))) this.add(p, `${String(text)} is outside the ENI's vSwitch ${cidr.cidrBlock}`);
    });
    return out;
  }

  private inside(address: string, path: string, cidr: Cidr | undefined): void {
    if (cidr === undefined) return;
    const n = parseIpv4(address) as number;
    if (!cidrContains(cidr, n)) this.add(path, `${address} is outside the ENI's vSwitch ${cidr.cidrBlock}`);
    else if (isReservedInCidr(cidr, n)) this.add(path, `${address} is reserved in the ENI's vSwitch ${cidr.cidrBlock} (the first address and the last three); no ENI holds it`);
  }

  private count(o: Raw, key: string, path: string, min: number, required: boolean): number | undefined {
    const value = o[key];
    if (!required && (value === undefined || value === null)) return undefined;
    if (typeof value === "number" && Number.isSafeInteger(value) && value >= min) return value;
    this.add(join(path, key), `expected a whole number of at least ${min}, got ${describeValue(value)}`);
    return undefined;
  }

  private status(o: Raw, key: string, path: string): void {
    const value = o[key];
    if (typeof value !== "string" || !STATUS.test(value)) this.add(join(path, key), `expected a status word such as InUse or Running, got ${describeValue(value)}`);
  }

  private oneOf(o: Raw, key: string, path: string, choices: readonly string[]): string | undefined {
    const value = o[key];
    if (typeof value === "string" && choices.includes(value)) return value;
    this.add(join(path, key), `expected one of ${choices.join(", ")}, got ${describeValue(value)}`);
    return undefined;
  }
}
