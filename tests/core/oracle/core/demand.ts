// The run's own demand: what earlier declarations of the same run will add to each ENI, security
// group and vSwitch, and which addresses they claimed. Later declarations are checked against the
// facts plus this ledger, so a limit broken by several declarations fails on the one that tips it.
export class DemandLedger {
  private readonly eni = new Map<string, number>();
  private readonly sg = new Map<string, number>();
  private readonly vsw = new Map<string, number>();
  /** scope (vSwitch or ENI) -> address -> the declaration that declared it first. */
  private readonly claims = new Map<string, Map<number, string>>();

  onEni(id: string): number {
    return this.eni.get(id) ?? 0;
  }
  onSecurityGroup(id: string): number {
    return this.sg.get(id) ?? 0;
  }
  onVSwitch(id: string): number {
    return this.vsw.get(id) ?? 0;
  }

  /** Records accepted demand (only declarations without violations call this). */
  add(eniId: string, securityGroupIds: Iterable<string>, vSwitchId: string, n: number): void {
    if (n <= 0) return;
    this.eni.set(eniId, this.onEni(eniId) + n);
    for (const id of securityGroupIds) this.sg.set(id, this.onSecurityGroup(id) + n);
    this.vsw.set(vSwitchId, this.onVSwitch(vSwitchId) + n);
  }

  /**
   * Claims an address for a declaration; returns the earlier claimant when someone else declared it
   * first. Claims stick even when the declaration fails, so a duplicate is reported whatever else is
   * wrong with either declaration.
   */
  claim(scope: string, address: number, declaration: string): string | undefined {
    let m = this.claims.get(scope);
    if (m === undefined) {
      m = new Map();
      this.claims.set(scope, m);
    }
    const other = m.get(address);
    if (other !== undefined) return other === declaration ? undefined : other;
    m.set(address, declaration);
    return undefined;
  }
}
