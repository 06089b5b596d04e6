// The account held in memory: maps by id plus a per-vSwitch index of used addresses, so assign and
// describe stay cheap with thousands of addresses. Built from a seed (validated and normalised
// here) and turned back into a snapshot for persistence, `state()` and the admin endpoint.
import { cidrContains, intToIpv4, ipv4ToInt, isIpv4, isReservedInCidr, parseCidr, RESERVED_AT_END, RESERVED_AT_START, usableAddressCount, type Cidr } from "../core/address";
import type { AddressPicker } from "./address-picker";
import { parseAlignedCidr, parsePrefix, PREFIX_LENGTH, PREFIX_SIZE, prefixBlocks, reservationProblem, type Reservation } from "./prefixes";
import type {
  AllocationOptions,
  EmulatorLimits,
  EmulatorSeed,
  EmulatorSnapshot,
  EniStatus,
  SeedInstance,
  SettleStatus,
  SeedCommand,
  SeedInstanceType,
  SeedInvocation,
  SeedSecurityGroup,
  SeedVpc,
  SeedVSwitch,
} from "./types";
import { seedShapeProblem } from "./seed-shape";

export const DEFAULT_LIMITS: Required<EmulatorLimits> = {
  availableEniIpLimit: 10,
  basicSecurityGroupIpQuota: 2000,
  // Attach, detach and delete take a second or two in the cloud; code that does not wait must fail here too.
  transitionMs: 1500,
  commandRunMs: 1000,
};

/** Invocations kept (oldest dropped first), so a long run's state file stays small. */
export const MAX_INVOCATIONS = 1000;

export const DEFAULT_ALLOCATION: Required<AllocationOptions> = { order: "random", seed: 1 };

/** Advanced (enterprise) groups count ENIs, not addresses (docs/alibaba-api.md). */
export const ENTERPRISE_GROUP_ENI_CAPACITY = 65_536;

export interface Eni {
  networkInterfaceId: string;
  type: "Primary" | "Secondary";
  status: EniStatus;
  vpcId: string;
  vSwitchId: string;
  zoneId: string;
  securityGroupIds: string[];
  primaryIpAddress: string;
  secondaryIpAddresses: string[];
  ipv4Prefixes: string[];
  instanceId: string | undefined;
  macAddress: string;
  name: string;
  description: string;
  creationTime: string;
  settlesTo: { status: SettleStatus; at: number; instanceId?: string } | undefined;
}

export interface Instance extends Omit<SeedInstance, "zoneId" | "vpcId" | "primaryIpAddress" | "secondaryIpAddresses" | "ipv4Prefixes"> {
  zoneId: string;
  vpcId: string;
  creationTime: string;
}

export interface VSwitch extends Omit<SeedVSwitch, "cidrReservations"> {
  cidr: Cidr;
  /** Reserved CIDR blocks, kept for IPv4 prefixes: never picked for single addresses. */
  reservations: Reservation[];
}

/** Where an IPv4 prefix would stand in its vSwitch. */
export type PrefixStanding =
  | { kind: "malformed" }
  | { kind: "outside" }
  | { kind: "taken"; owner: string }
  | { kind: "free"; cidr: Cidr };

export class SeedError extends Error {
  override readonly name = "SeedError";
  readonly code = "invalid_seed";
}

/** Where loaded data came from, for messages: "emulator seed", "emulator seed FILE", "emulator state file FILE". */
export const DEFAULT_SOURCE = "emulator seed";

export class AccountState {
  regionId = "";
  ownerId = "";
  nextId = 1;
  limits: Required<EmulatorLimits> = { ...DEFAULT_LIMITS };
  allocation: Required<AllocationOptions> = { ...DEFAULT_ALLOCATION };
  readonly vpcs = new Map<string, SeedVpc>();
  readonly vSwitches = new Map<string, VSwitch>();
  readonly securityGroups = new Map<string, SeedSecurityGroup>();
  readonly instanceTypes = new Map<string, SeedInstanceType>();
  readonly instances = new Map<string, Instance>();
  readonly enis = new Map<string, Eni>();
  /** Cloud Assistant: commands kept for InvokeCommand, and the invocations, oldest first. */
  readonly commands = new Map<string, SeedCommand>();
  invocations: SeedInvocation[] = [];
  /** vSwitchId -> address (integer) -> owning ENI id; a prefix claims its 16 addresses. */
  private readonly used = new Map<string, Map<number, string>>();
  /** vSwitchId -> how many used addresses lie inside its reservations (for AvailableIpAddressCount). */
  private readonly usedReserved = new Map<string, number>();

  /** Throws SeedError naming `source` and the problem (its JSON path for a shape problem). */
  static fromSeed(seed: EmulatorSeed | EmulatorSnapshot, source: string = DEFAULT_SOURCE): AccountState {
    const shape = seedShapeProblem(seed);
    if (shape) throw new SeedError(`${source}: ${shape}`);
    const s = new AccountState();
    s.load(seed, (msg) => {
      throw new SeedError(`${source}: ${msg}`);
    });
    return s;
  }

  private load(seed: EmulatorSeed | EmulatorSnapshot, fail: (msg: string) => never): void {
    this.regionId = seed.regionId;
    this.ownerId = seed.ownerId ?? "1234567890123456";
    this.nextId = "nextId" in seed && typeof seed.nextId === "number" ? seed.nextId : 1;
    this.limits = { ...DEFAULT_LIMITS, ...(seed.limits ?? {}) };
    this.allocation = { ...DEFAULT_ALLOCATION, ...(seed.allocation ?? {}) };
    for (const vpc of seed.vpcs ?? []) {
      if (!parseCidr(vpc.cidrBlock)) fail(`VPC ${vpc.vpcId}: bad cidrBlock "${vpc.cidrBlock}"`);
      this.vpcs.set(vpc.vpcId, { ...vpc });
    }
    for (const vsw of seed.vSwitches ?? []) {
      const cidr = parseCidr(vsw.cidrBlock);
      if (!cidr) return fail(`vSwitch ${vsw.vSwitchId}: bad cidrBlock "${vsw.cidrBlock}"`);
      if (this.vSwitches.has(vsw.vSwitchId)) fail(`vSwitch ${vsw.vSwitchId}: listed twice`);
      if (!this.vpcs.has(vsw.vpcId)) fail(`vSwitch ${vsw.vSwitchId}: unknown VPC ${vsw.vpcId}`);
      const { cidrReservations, ...plain } = vsw;
      const loaded: VSwitch = { ...plain, cidr, reservations: [] };
      this.vSwitches.set(vsw.vSwitchId, loaded);
      this.used.set(vsw.vSwitchId, new Map());
      for (const [i, r] of (cidrReservations ?? []).entries()) {
        const id = r.vSwitchCidrReservationId ?? `${vsw.vSwitchId.replace(/^vsw-/, "vcr-")}${i + 1}`;
        if (this.reservation(id)) fail(`vSwitch ${vsw.vSwitchId}: reservation ${id} listed twice`);
        const problem = reservationProblem(cidr, loaded.reservations, r.cidr, parseAlignedCidr(r.cidr));
        if (problem) fail(`vSwitch ${vsw.vSwitchId}: reservation ${id}: ${problem}`);
        loaded.reservations.push({
          vSwitchCidrReservationId: id, vSwitchId: vsw.vSwitchId, cidrBlock: r.cidr, cidr: parseAlignedCidr(r.cidr) as Cidr, type: "prefix",
          name: r.name ?? "", description: r.description ?? "", creationTime: r.creationTime ?? "2024-05-01T08:00:00Z",
        });
      }
    }
    for (const sg of seed.securityGroups ?? []) {
      if (sg.type !== "normal" && sg.type !== "enterprise") fail(`security group ${sg.securityGroupId}: type must be normal or enterprise`);
      if (!this.vpcs.has(sg.vpcId)) fail(`security group ${sg.securityGroupId}: unknown VPC ${sg.vpcId}`);
      this.securityGroups.set(sg.securityGroupId, { ...sg });
    }
    for (const t of seed.instanceTypes ?? []) this.instanceTypes.set(t.instanceTypeId, { ...t });

    const primaryOf = new Map<string, string>();
    for (const inst of seed.instances ?? []) {
      const vsw = this.vSwitches.get(inst.vSwitchId) ?? fail(`instance ${inst.instanceId}: unknown vSwitch ${inst.vSwitchId}`);
      if (this.instances.has(inst.instanceId)) fail(`instance ${inst.instanceId}: listed twice`);
      if (!this.instanceTypes.has(inst.instanceType)) fail(`instance ${inst.instanceId}: unknown instance type ${inst.instanceType}`);
      for (const sg of inst.securityGroupIds) if (!this.securityGroups.has(sg)) fail(`instance ${inst.instanceId}: unknown security group ${sg}`);
      const { primaryIpAddress: _p, secondaryIpAddresses: _s, ipv4Prefixes: _x, ...rest } = inst;
      this.instances.set(inst.instanceId, {
        ...rest,
        securityGroupIds: [...inst.securityGroupIds],
        zoneId: inst.zoneId ?? vsw.zoneId,
        vpcId: inst.vpcId ?? vsw.vpcId,
        creationTime: inst.creationTime ?? "2024-05-01T08:00Z",
      });
      primaryOf.set(inst.primaryNetworkInterfaceId, inst.instanceId);
    }
    const listed = new Set((seed.networkInterfaces ?? []).map((e) => e.networkInterfaceId));
    const eniSeeds = [...(seed.networkInterfaces ?? [])];
    for (const inst of seed.instances ?? []) {
      if (listed.has(inst.primaryNetworkInterfaceId)) continue;
      if (inst.primaryIpAddress === undefined) fail(`instance ${inst.instanceId}: primary ENI ${inst.primaryNetworkInterfaceId} is not listed and primaryIpAddress is missing`);
      eniSeeds.push({
        networkInterfaceId: inst.primaryNetworkInterfaceId,
        vSwitchId: inst.vSwitchId,
        securityGroupIds: [...inst.securityGroupIds],
        primaryIpAddress: inst.primaryIpAddress as string,
        secondaryIpAddresses: [...(inst.secondaryIpAddresses ?? [])],
        ipv4Prefixes: [...(inst.ipv4Prefixes ?? [])],
        instanceId: inst.instanceId,
        type: "Primary",
      });
    }
    for (const e of eniSeeds) {
      const vsw = this.vSwitches.get(e.vSwitchId) ?? fail(`ENI ${e.networkInterfaceId}: unknown vSwitch ${e.vSwitchId}`);
      if (this.enis.has(e.networkInterfaceId)) fail(`ENI ${e.networkInterfaceId}: listed twice`);
      for (const sg of e.securityGroupIds) if (!this.securityGroups.has(sg)) fail(`ENI ${e.networkInterfaceId}: unknown security group ${sg}`);
      const owner = primaryOf.get(e.networkInterfaceId);
      const instanceId = e.instanceId ?? owner;
      if (instanceId !== undefined && !this.instances.has(instanceId)) fail(`ENI ${e.networkInterfaceId}: unknown instance ${instanceId}`);
      const eni: Eni = {
        networkInterfaceId: e.networkInterfaceId,
        type: e.type ?? (owner !== undefined ? "Primary" : "Secondary"),
        status: e.status ?? (instanceId !== undefined ? "InUse" : "Available"),
        vpcId: e.vpcId ?? vsw.vpcId,
        vSwitchId: e.vSwitchId,
        zoneId: e.zoneId ?? vsw.zoneId,
        securityGroupIds: [...e.securityGroupIds],
        primaryIpAddress: e.primaryIpAddress,
        secondaryIpAddresses: [],
        ipv4Prefixes: [],
        instanceId,
        macAddress: e.macAddress ?? macFor(e.networkInterfaceId),
        name: e.name ?? "",
        description: e.description ?? "",
        creationTime: e.creationTime ?? "2024-05-01T08:00:00Z",
        settlesTo: e.settlesTo ? { ...e.settlesTo } : undefined,
      };
      this.enis.set(eni.networkInterfaceId, eni);
      for (const ip of [e.primaryIpAddress, ...(e.secondaryIpAddresses ?? [])]) {
        const problem = this.addressProblem(vsw, ip);
        if (problem) fail(`ENI ${eni.networkInterfaceId}: ${problem}`);
        this.claim(eni, ip);
        if (ip !== e.primaryIpAddress) eni.secondaryIpAddresses.push(ip);
      }
      for (const prefix of e.ipv4Prefixes ?? []) {
        const standing = this.prefixStanding(vsw, prefix);
        if (standing.kind !== "free") fail(`ENI ${eni.networkInterfaceId}: IPv4 prefix ${prefix} ${describeStanding(standing, vsw)}`);
        this.addPrefixes(eni, [prefix]);
      }
    }
    for (const inst of this.instances.values()) {
      const eni = this.enis.get(inst.primaryNetworkInterfaceId);
      if (!eni || eni.type !== "Primary") fail(`instance ${inst.instanceId}: primary ENI ${inst.primaryNetworkInterfaceId} missing`);
    }
    for (const c of seed.commands ?? []) this.commands.set(c.commandId, structuredClone(c));
    for (const inv of seed.invocations ?? []) {
      for (const part of inv.instances) if (!this.instances.has(part.instanceId)) fail(`invocation ${inv.invokeId}: unknown instance ${part.instanceId}`);
    }
    this.invocations = structuredClone(seed.invocations ?? []);
  }

  /** Why an address cannot be on an ENI of this vSwitch (format, CIDR, reserved, taken). */
  addressProblem(vsw: VSwitch, ip: string): string | undefined {
    if (!isIpv4(ip)) return `"${ip}" is not an IPv4 address`;
    const n = ipv4ToInt(ip);
    if (!cidrContains(vsw.cidr, n)) return `${ip} is outside ${vsw.vSwitchId} (${vsw.cidrBlock})`;
    if (isReservedInCidr(vsw.cidr, n)) return `${ip} is reserved in ${vsw.cidrBlock}`;
    const owner = this.used.get(vsw.vSwitchId)?.get(n);
    if (owner !== undefined) return `${ip} is already used by ${owner}`;
    const reserved = this.reservationAt(vsw, n);
    if (reserved) return `${ip} is inside the reserved CIDR block ${reserved.cidrBlock} (${reserved.vSwitchCidrReservationId}), kept for IPv4 prefixes`;
    return undefined;
  }

  /** The reservation of the vSwitch holding this address, if any. */
  reservationAt(vsw: VSwitch, n: number): Reservation | undefined {
    return vsw.reservations.find((r) => cidrContains(r.cidr, n));
  }

  reservation(id: string): Reservation | undefined {
    for (const vsw of this.vSwitches.values()) {
      const r = vsw.reservations.find((x) => x.vSwitchCidrReservationId === id);
      if (r) return r;
    }
    return undefined;
  }

  /** Whether `text` is an aligned /28 inside a reservation of the vSwitch, and whether it is free. */
  prefixStanding(vsw: VSwitch, text: string): PrefixStanding {
    const cidr = parsePrefix(text);
    if (!cidr) return { kind: "malformed" };
    if (!vsw.reservations.some((r) => cidrContains(r.cidr, cidr.first) && cidrContains(r.cidr, cidr.last))) return { kind: "outside" };
    const used = this.used.get(vsw.vSwitchId);
    for (let n = cidr.first; n <= cidr.last; n++) {
      const owner = used?.get(n);
      if (owner !== undefined) return { kind: "taken", owner };
    }
    return { kind: "free", cidr };
  }

  /** `count` free /28s of the vSwitch's reservations as the picker chooses them (fewer when they run
   *  out); `alsoTaken` holds block starts kept out, e.g. prefixes named in the same request. */
  pickPrefixes(vsw: VSwitch, count: number, picker: AddressPicker, alsoTaken: ReadonlySet<number> = new Set()): string[] {
    const blocks = prefixBlocks(vsw.reservations);
    const used = this.used.get(vsw.vSwitchId);
    const taken = (i: number): boolean => {
      const start = blocks[i] as number;
      if (alsoTaken.has(start)) return true;
      for (let n = start; n < start + PREFIX_SIZE; n++) if (used?.has(n)) return true;
      return false;
    };
    return picker.pick(0, blocks.length - 1, count, taken).map((i) => `${intToIpv4(blocks[i] as number)}/${PREFIX_LENGTH}`);
  }

  /** Free /28s left in the vSwitch's reservations. */
  freePrefixCount(vsw: VSwitch): number {
    const used = this.used.get(vsw.vSwitchId);
    return prefixBlocks(vsw.reservations).filter((start) => {
      for (let n = start; n < start + PREFIX_SIZE; n++) if (used?.has(n)) return false;
      return true;
    }).length;
  }

  /** The ENI holding this address in the vSwitch, if any. */
  ownerOf(vSwitchId: string, ip: string): string | undefined {
    return this.ownerAt(vSwitchId, ipv4ToInt(ip));
  }

  ownerAt(vSwitchId: string, n: number): string | undefined {
    return this.used.get(vSwitchId)?.get(n);
  }

  /** `count` free assignable addresses of the vSwitch as the picker chooses them, never inside a
   *  reservation (fewer when it runs out); `alsoTaken` keeps more out, e.g. addresses named in the
   *  same request. */
  pickAddresses(vsw: VSwitch, count: number, picker: AddressPicker, alsoTaken: ReadonlySet<number> = new Set()): string[] {
    const used = this.used.get(vsw.vSwitchId);
    const taken = (n: number): boolean => used?.has(n) === true || alsoTaken.has(n) || (vsw.reservations.length > 0 && this.reservationAt(vsw, n) !== undefined);
    return picker.pick(vsw.cidr.first + RESERVED_AT_START, vsw.cidr.last - RESERVED_AT_END, count, taken).map(intToIpv4);
  }

  usedCount(vSwitchId: string): number {
    return this.used.get(vSwitchId)?.size ?? 0;
  }

  /** Usable addresses neither in use nor inside a reservation (reserved ones are kept for prefixes). */
  availableCount(vsw: VSwitch): number {
    const reserved = vsw.reservations.reduce((n, r) => n + r.cidr.size, 0);
    const freeReserved = reserved - (this.usedReserved.get(vsw.vSwitchId) ?? 0);
    return Math.max(0, usableAddressCount(vsw.cidr) - this.usedCount(vsw.vSwitchId) - freeReserved);
  }

  /** Adds a reservation (CreateVSwitchCidrReservation), after reservationProblem said yes. Addresses
   *  already in use inside it are counted as such. */
  addReservation(vsw: VSwitch, r: Reservation): void {
    vsw.reservations.push(r);
    const used = this.used.get(vsw.vSwitchId);
    let inside = 0;
    for (const n of used?.keys() ?? []) if (cidrContains(r.cidr, n)) inside++;
    this.usedReserved.set(vsw.vSwitchId, (this.usedReserved.get(vsw.vSwitchId) ?? 0) + inside);
  }

  claim(eni: Eni, ip: string): void {
    this.claimAddress(eni, ipv4ToInt(ip));
  }

  release(eni: Eni, ip: string): void {
    this.releaseAddress(eni, ipv4ToInt(ip));
  }

  private claimAddress(eni: Eni, n: number): void {
    let m = this.used.get(eni.vSwitchId);
    if (!m) this.used.set(eni.vSwitchId, (m = new Map()));
    if (m.has(n)) return;
    m.set(n, eni.networkInterfaceId);
    this.countReserved(eni.vSwitchId, n, 1);
  }

  private releaseAddress(eni: Eni, n: number): void {
    if (this.used.get(eni.vSwitchId)?.delete(n)) this.countReserved(eni.vSwitchId, n, -1);
  }

  private countReserved(vSwitchId: string, n: number, delta: number): void {
    const vsw = this.vSwitches.get(vSwitchId);
    if (vsw && vsw.reservations.length > 0 && this.reservationAt(vsw, n)) this.usedReserved.set(vSwitchId, (this.usedReserved.get(vSwitchId) ?? 0) + delta);
  }

  addPrefixes(eni: Eni, prefixes: readonly string[]): void {
    for (const prefix of prefixes) {
      const cidr = parsePrefix(prefix) as Cidr;
      for (let n = cidr.first; n <= cidr.last; n++) this.claimAddress(eni, n);
      eni.ipv4Prefixes.push(prefix);
    }
  }

  removePrefixes(eni: Eni, prefixes: readonly string[]): void {
    const gone = new Set(prefixes);
    for (const prefix of prefixes) {
      const cidr = parsePrefix(prefix) as Cidr;
      for (let n = cidr.first; n <= cidr.last; n++) this.releaseAddress(eni, n);
    }
    eni.ipv4Prefixes = eni.ipv4Prefixes.filter((p) => !gone.has(p));
  }

  /** Private IPv4 addresses an ENI holds by the API's count: the primary, each secondary, and each
   *  prefix as one. */
  eniIpTotal(eni: Eni): number {
    return 1 + eni.secondaryIpAddresses.length + eni.ipv4Prefixes.length;
  }

  addSecondary(eni: Eni, ips: readonly string[]): void {
    for (const ip of ips) {
      this.claim(eni, ip);
      eni.secondaryIpAddresses.push(ip);
    }
  }

  removeSecondary(eni: Eni, ips: readonly string[]): void {
    const gone = new Set(ips);
    for (const ip of ips) this.release(eni, ip);
    eni.secondaryIpAddresses = eni.secondaryIpAddresses.filter((ip) => !gone.has(ip));
  }

  removeEni(eni: Eni): void {
    for (const ip of [eni.primaryIpAddress, ...eni.secondaryIpAddresses]) this.release(eni, ip);
    this.removePrefixes(eni, [...eni.ipv4Prefixes]);
    this.enis.delete(eni.networkInterfaceId);
  }

  /** Private IPv4 addresses of the group's members (basic groups), or member ENIs (advanced). */
  securityGroupUsage(sg: SeedSecurityGroup): number {
    let n = 0;
    for (const eni of this.enis.values()) {
      if (!eni.securityGroupIds.includes(sg.securityGroupId)) continue;
      n += sg.type === "enterprise" ? 1 : this.eniIpTotal(eni);
    }
    return n;
  }

  /** Distinct instances with an ENI in the group: what the deprecated EcsCount field counts. */
  securityGroupInstances(sg: SeedSecurityGroup): number {
    const instances = new Set<string>();
    for (const eni of this.enis.values()) {
      if (eni.instanceId !== undefined && eni.securityGroupIds.includes(sg.securityGroupId)) instances.add(eni.instanceId);
    }
    return instances.size;
  }

  securityGroupCapacity(sg: SeedSecurityGroup): number {
    return sg.type === "enterprise" ? ENTERPRISE_GROUP_ENI_CAPACITY : (sg.ipQuota ?? this.limits.basicSecurityGroupIpQuota);
  }

  /** Total private IPv4 addresses an ENI may hold now: the instance type's when bound, else the
   *  Available cap. */
  eniIpLimit(eni: Eni): { limit: number; source: string } {
    const inst = eni.instanceId !== undefined ? this.instances.get(eni.instanceId) : undefined;
    const type = inst ? this.instanceTypes.get(inst.instanceType) : undefined;
    if (inst && type) return { limit: type.eniPrivateIpAddressQuantity, source: `instance type ${type.instanceTypeId}` };
    return { limit: this.limits.availableEniIpLimit, source: "ENI in Available state" };
  }

  /** Starts a transition: the ENI shows `status` now and settles into `to` after limits.transitionMs
   *  (at once when that is 0). */
  transition(eni: Eni, status: EniStatus, to: SettleStatus, now: number, instanceId?: string): void {
    eni.status = status;
    eni.settlesTo = { status: to, at: now + this.limits.transitionMs, ...(instanceId !== undefined ? { instanceId } : {}) };
    if (this.limits.transitionMs <= 0) this.settleEni(eni);
  }

  /** Applies the transitions whose time has come. */
  settle(now: number): boolean {
    let changed = false;
    for (const eni of [...this.enis.values()]) {
      if (eni.settlesTo && eni.settlesTo.at <= now) {
        this.settleEni(eni);
        changed = true;
      }
    }
    return changed;
  }

  private settleEni(eni: Eni): void {
    const to = eni.settlesTo;
    if (!to) return;
    eni.settlesTo = undefined;
    if (to.status === "Deleted") {
      this.removeEni(eni);
      return;
    }
    eni.status = to.status;
    eni.instanceId = to.status === "Available" ? undefined : (to.instanceId ?? eni.instanceId);
  }

  addInvocation(inv: SeedInvocation): void {
    this.invocations.push(inv);
    if (this.invocations.length > MAX_INVOCATIONS) this.invocations.splice(0, this.invocations.length - MAX_INVOCATIONS);
  }

  newId(prefix: string): string {
    const n = this.nextId++;
    return `${prefix}-bp1emu${n.toString(36).padStart(10, "0")}`;
  }

  snapshot(): EmulatorSnapshot {
    return {
      version: 2,
      nextId: this.nextId,
      regionId: this.regionId,
      ownerId: this.ownerId,
      limits: { ...this.limits },
      allocation: { ...this.allocation },
      vpcs: [...this.vpcs.values()].map((v) => ({ ...v })),
      vSwitches: [...this.vSwitches.values()].map(({ cidr: _c, reservations, ...v }) => ({
        ...v,
        ...(reservations.length > 0
          ? { cidrReservations: reservations.map((r) => ({ vSwitchCidrReservationId: r.vSwitchCidrReservationId, cidr: r.cidrBlock, type: r.type, name: r.name, description: r.description, creationTime: r.creationTime })) }
          : {}),
      })),
      securityGroups: [...this.securityGroups.values()].map((g) => ({ ...g })),
      instanceTypes: [...this.instanceTypes.values()].map((t) => ({ ...t })),
      instances: [...this.instances.values()].map((i) => ({ ...i, securityGroupIds: [...i.securityGroupIds] })),
      commands: [...this.commands.values()].map((c) => ({ ...c })),
      invocations: structuredClone(this.invocations),
      networkInterfaces: [...this.enis.values()].map((e) => {
        const out: EmulatorSnapshot["networkInterfaces"][number] = {
          networkInterfaceId: e.networkInterfaceId,
          type: e.type,
          status: e.status,
          vpcId: e.vpcId,
          vSwitchId: e.vSwitchId,
          zoneId: e.zoneId,
          securityGroupIds: [...e.securityGroupIds],
          primaryIpAddress: e.primaryIpAddress,
          secondaryIpAddresses: [...e.secondaryIpAddresses],
          macAddress: e.macAddress,
          name: e.name,
          description: e.description,
          creationTime: e.creationTime,
        };
        if (e.ipv4Prefixes.length > 0) out.ipv4Prefixes = [...e.ipv4Prefixes];
        if (e.instanceId !== undefined) out.instanceId = e.instanceId;
        if (e.settlesTo !== undefined) out.settlesTo = { ...e.settlesTo };
        return out;
      }),
    };
  }
}

/** A stable Alibaba-style MAC (00:16:3e prefix) derived from the id. */
export function macFor(id: string): string {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  const b = [(h >>> 16) & 255, (h >>> 8) & 255, h & 255].map((x) => x.toString(16).padStart(2, "0"));
  return `00:16:3e:${b.join(":")}`;
}

/** A prefix standing other than free, as words for messages. */
export function describeStanding(standing: PrefixStanding, vsw: VSwitch): string {
  switch (standing.kind) {
    case "malformed": return "is not an aligned IPv4 /28";
    case "outside": return `is not inside a prefix reservation of ${vsw.vSwitchId} (${vsw.reservations.map((r) => r.cidrBlock).join(", ") || "it has none"})`;
    case "taken": return `overlaps addresses of ${standing.owner}`;
    case "free": return "is free";
  }
}
