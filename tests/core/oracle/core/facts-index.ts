// Indexes over the account facts, built once per validate() call so every per-declaration lookup is a
// Map hit: 10,000 declarations against 20,000 ENIs must not scan the ENI list per declaration.
// The per-vSwitch address maps (the costly part) are built lazily, only for vSwitches a run touches.
import { parseCidr, parseIpv4, usableAddressCount, type Cidr } from "./address";
import type {
  AccountFacts,
  EniFacts,
  InstanceFacts,
  SecurityGroupFacts,
  VSwitchFacts,
} from "./types";

export interface VSwitchIndex {
  readonly facts: VSwitchFacts;
  /** undefined when the facts carry an unparsable CIDR: CIDR rules are then skipped. */
  readonly cidr: Cidr | undefined;
  /** Every address on a known ENI of the vSwitch (primaries included) -> the ENI holding it. */
  readonly used: ReadonlyMap<number, string>;
  /** Free addresses before the run: the API's count when known, else usable minus known use. */
  readonly freeBefore: number | undefined;
}

export class FactsIndex {
  readonly enis = new Map<string, EniFacts>();
  readonly instances = new Map<string, InstanceFacts>();
  readonly instanceTypeEniIps = new Map<string, number>();
  readonly securityGroups = new Map<string, SecurityGroupFacts>();
  private readonly vSwitchFacts = new Map<string, VSwitchFacts>();
  private readonly enisByVSwitch = new Map<string, EniFacts[]>();
  private readonly vSwitchCache = new Map<string, VSwitchIndex | null>();
  private readonly eniCounts = new Map<string, number>();
  private sgSums: Map<string, number> | undefined;

  constructor(private readonly facts: AccountFacts) {
    for (const eni of facts.enis) {
      this.enis.set(eni.networkInterfaceId, eni);
      const list = this.enisByVSwitch.get(eni.vSwitchId);
      if (list) list.push(eni);
      else this.enisByVSwitch.set(eni.vSwitchId, [eni]);
    }
    for (const i of facts.instances) this.instances.set(i.instanceId, i);
    for (const t of facts.instanceTypes) this.instanceTypeEniIps.set(t.instanceTypeId, t.eniPrivateIpAddressQuantity);
    for (const sg of facts.securityGroups) this.securityGroups.set(sg.securityGroupId, sg);
    for (const v of facts.vSwitches) this.vSwitchFacts.set(v.vSwitchId, v);
  }

  /** The vSwitch with its address map, or undefined when the facts do not have it. */
  vSwitch(vSwitchId: string): VSwitchIndex | undefined {
    const cached = this.vSwitchCache.get(vSwitchId);
    if (cached !== undefined) return cached ?? undefined;
    const facts = this.vSwitchFacts.get(vSwitchId);
    if (facts === undefined) {
      this.vSwitchCache.set(vSwitchId, null);
      return undefined;
    }
    const used = new Map<number, string>();
    for (const eni of this.enisByVSwitch.get(vSwitchId) ?? []) {
      for (const a of eni.privateIpAddresses) {
        const n = parseIpv4(a);
        if (n !== undefined) used.set(n, eni.networkInterfaceId);
      }
      const p = parseIpv4(eni.primaryIpAddress);
      if (p !== undefined) used.set(p, eni.networkInterfaceId);
    }
    const cidr = parseCidr(facts.cidrBlock);
    const freeBefore =
      facts.availableIpAddressCount ?? (cidr === undefined ? undefined : Math.max(0, usableAddressCount(cidr) - used.size));
    const index: VSwitchIndex = { facts, cidr, used, freeBefore };
    this.vSwitchCache.set(vSwitchId, index);
    return index;
  }

  /** Private IPv4 addresses on the ENI now, primary included (even if the list forgot it). */
  eniAddressCount(eni: EniFacts): number {
    const cached = this.eniCounts.get(eni.networkInterfaceId);
    if (cached !== undefined) return cached;
    // The API lists each address once; only a primary missing from the list needs adding.
    const list = eni.privateIpAddresses;
    const n = list.length + (list.includes(eni.primaryIpAddress) ? 0 : 1);
    this.eniCounts.set(eni.networkInterfaceId, n);
    return n;
  }

  /** True when the address is on this ENI (primary or secondary). */
  eniHas(eni: EniFacts, address: string): boolean {
    return eni.primaryIpAddress === address || eni.privateIpAddresses.includes(address);
  }

  /**
   * Addresses in the group now: the facts' own count when given (it covers ENIs we did not read),
   * else the sum over the ENIs we know in the group (one pass over all ENIs, done once).
   */
  securityGroupCount(sg: SecurityGroupFacts): number {
    if (sg.privateIpAddressCount !== undefined) return sg.privateIpAddressCount;
    if (this.sgSums === undefined) {
      const sums = new Map<string, number>();
      for (const eni of this.facts.enis) {
        const n = this.eniAddressCount(eni);
        for (const id of new Set(eni.securityGroupIds)) sums.set(id, (sums.get(id) ?? 0) + n);
      }
      this.sgSums = sums;
    }
    return this.sgSums.get(sg.securityGroupId) ?? 0;
  }
}
