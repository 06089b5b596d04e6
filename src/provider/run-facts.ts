// The account as one declaration of the run is judged against: fresh or cached facts for its ENI
// and for every ENI the run's other declarations name, and the core's verdict with the limits in
// force. Shared by check (preview) and by create/update's re-validation.
import { resolveLimits } from "../core/limits";
import type { AccountFacts, Declaration, EniFacts, ResolvedLimits, Violation } from "../core/types";
import { validate } from "../core/validate";
import type { CloudSession } from "../cloud/types";
import * as registry from "./demand-registry";

export interface RunFacts {
  readonly facts: AccountFacts;
  /** The run's other declarations in the region (pending demand and realized ownership). */
  readonly others: Declaration[];
}

/**
 * Facts for `eniIds` and every ENI the run's other declarations name (the core needs their ENIs to
 * place their demand and claims). The others are read again after each gather: a create/update that
 * finished meanwhile may have turned pending demand into ownership; a new ENI among them is gathered
 * too (cached reads, so this costs little). `fresh`: ENIs to read afresh, not from the cache.
 */
export async function gatherWithOthers(
  session: CloudSession,
  name: string,
  region: string,
  eniIds: readonly string[],
  fresh: readonly string[] = [],
): Promise<RunFacts> {
  const ids = new Set<string>(eniIds);
  let others = registry.othersInRegion(name, region);
  for (let round = 0; ; round++) {
    for (const d of others) if (typeof d.networkInterfaceId === "string") ids.add(d.networkInterfaceId);
    const facts = await session.gatherFacts([...ids], round === 0 ? { fresh } : undefined);
    others = registry.othersInRegion(name, region);
    const missing = others.some((d) => typeof d.networkInterfaceId === "string" && !ids.has(d.networkInterfaceId));
    if (!missing || round >= 2) return { facts, others };
  }
}

export function eniOf(facts: AccountFacts, id: string): EniFacts | undefined {
  return facts.enis.find((e) => e.networkInterfaceId === id);
}

/** The CIDR block of the ENI's vSwitch, when the facts know it. */
export function cidrOf(facts: AccountFacts, eni: EniFacts | undefined): string | undefined {
  return eni === undefined ? undefined : facts.vSwitches.find((v) => v.vSwitchId === eni.vSwitchId)?.cidrBlock;
}

/** The run's limits as the provider host's environment sets them now. */
export function limitsNow(): ResolvedLimits {
  return resolveLimits({ env: process.env });
}

/** The core's violations of `declaration`, judged after the run's other declarations. */
export function violationsOf(declaration: Declaration, run: RunFacts): Violation[] {
  const result = validate({ declarations: [...run.others, declaration], facts: run.facts, limits: limitsNow() });
  return result.violations.filter((v) => v.declaration === declaration.name);
}
