// The facts one declaration of the run is judged with: read for its own ENI (and the ENIs whose
// ownership the region's ledger still has to judge, or that a change of ownership made stale),
// fresh or from the session's cache, and added to the region's run ledger – only what changed
// since it was last added. Shared by check (preview)
// and by create/update's re-validation.
import { resolveLimits } from "../core/limits";
import type { AccountFacts, EniFacts, ResolvedLimits } from "../core/types";
import type { CloudSession } from "../cloud/types";
import { regionRun } from "./region-runs";

/** Rounds of reading more when ownership on an ENI not read yet is recorded meanwhile. */
const MORE_ROUNDS = 2;

/**
 * Facts for `eniIds` (what the returned facts hold) added to the region's ledger, with those of
 * every ENI whose ownership the ledger has not judged yet or whose ownership changed since it was
 * read (a create, update, delete or refresh; see RegionRun.takeEnisToRead): a create/update may record
 * ownership on an ENI no check has read while this gather awaits, so that is read too (cached
 * reads, so it costs little). `fresh`: ENIs to read afresh, not from the cache.
 */
export async function gatherRun(session: CloudSession, region: string, eniIds: readonly string[], fresh: readonly string[] = []): Promise<AccountFacts> {
  const run = regionRun(region);
  const asked = [...new Set([...eniIds, ...run.takeEnisToRead()])];
  try {
    const facts = await session.gatherFacts(asked, { fresh });
    run.learn(facts, asked);
    for (let round = 0; round < MORE_ROUNDS; round++) {
      const taken = run.takeEnisToRead();
      const more = taken.filter((id) => !asked.includes(id));
      // Read already, but marked stale again while this gather awaited: the next gather reads them.
      run.staleAgain(taken.filter((id) => asked.includes(id)));
      if (more.length === 0) break;
      asked.push(...more);
      run.learn(await session.gatherFacts(more), more);
    }
    return facts;
  } catch (error) {
    run.staleAgain(asked);
    throw error;
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
