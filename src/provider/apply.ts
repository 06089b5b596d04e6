// create, update and delete: with the ENI held (queues.ts), re-validate against fresh facts and the
// run's other declarations, then converge the ENI (release the removed, adopt, assign the added);
// after a failure, record what the cloud layer says really happened (docs/architecture.md, "One
// create"). Never touches the primary address or addresses this resource does not own, nor adopts,
// assigns or releases an address another resource of this process owns.
import type * as pulumi from "@pulumi/pulumi";
import { violation } from "../core/violation";
import { CloudOutcomeUnknownError } from "../cloud/errors";
import type { CloudSession } from "../cloud/types";
import { assignCount, freshOf, pickForCount, type Fresh } from "./count-picks";
import * as registry from "./demand-registry";
import { sameSet } from "./diff";
import { asProviderError, describeError, ProviderError, ruleError, violationLines } from "./failures";
import { decodeInputs, decodeState, knownAddressList, toDeclaration, type Props, type ResourceState } from "./inputs";
import { guestDropsOldSettings, guestStep, guestTargetOf, GuestScriptError } from "./guest-apply";
import { refuseWithoutGuestAgent } from "./guest-check";
import type { GuestApplied } from "./guest-record";
import { ADDRESSES, fromSlots, type ResourceKind } from "./kind";
import { eniKey, eniQueue } from "./queues";
import { eniOf, gatherRun } from "./run-facts";
import { effectiveRegion, sessionFor } from "./sessions";
import { stateOf } from "./state";
import { targetOf, type Target } from "./target";

export async function create(props: Props, kind: ResourceKind = ADDRESSES): Promise<pulumi.dynamic.CreateResult<ResourceState>> {
  const inputs = decodeInputs(props, kind);
  const t = targetOf("", inputs);
  try {
    return await eniQueue.run(eniKey(t.region, t.eniId), async () => {
      const fresh = await revalidate(t, []);
      return { id: t.id, outs: fromSlots(kind, await converge(t, fresh, [], undefined)) };
    });
  } catch (error) {
    throw asProviderError(error);
  }
}

export async function update(id: string, olds: Props, news: Props, kind: ResourceKind = ADDRESSES): Promise<pulumi.dynamic.UpdateResult<ResourceState>> {
  const state = decodeState(olds, kind);
  const inputs = decodeInputs(news, kind);
  const t = targetOf(id, inputs, state.regionId || undefined);
  try {
    return await eniQueue.run(eniKey(t.region, t.eniId), async () => {
      // The state is what the resource owns (also when this process has not seen it yet).
      registry.assumeOwned(keyOf(t), t.region, t.eniId, state.privateIpAddresses, kind);
      const fresh = await revalidate(t, state.privateIpAddresses);
      // Items removed behind our back are no longer ours; the declaration gets them again.
      const onEni = new Set(kind.heldOn(fresh.eni));
      const owned = state.privateIpAddresses.filter((a) => onEni.has(a));
      return { outs: fromSlots(kind, await converge(t, fresh, owned, state.guestApplied)) };
    });
  } catch (error) {
    throw asProviderError(error);
  }
}

export async function remove(_id: string, props: Props, kind: ResourceKind = ADDRESSES): Promise<void> {
  const state = decodeState(props, kind);
  const name = kind.registryKey(state.resourceName);
  const region = state.regionId || effectiveRegion(undefined);
  if (state.privateIpAddresses.length === 0 || state.networkInterfaceId === "") {
    if (region !== undefined) registry.forgetOwned(name, region, state.networkInterfaceId);
    return;
  }
  if (region === undefined) throw new ProviderError("unresolved", `${state.resourceName}: no region to delete from: set regionId or ALIBABA_CLOUD_REGION_ID`);
  const eniId = state.networkInterfaceId;
  const session = sessionFor(region);
  try {
    await eniQueue.run(eniKey(region, eniId), async () => {
      // Never release what another resource of this process owns (even if this state claims it too).
      const othersOwn = registry.ownedByOthers(name, region, eniId);
      const owned = state.privateIpAddresses.filter((a) => a !== state.primaryIpAddress && !othersOwn.has(a));
      // The guest lets go of them first (applyGuestConfig), while they are still assigned.
      await guestLetsGo(state, session);
      // Items or ENIs already gone count as released (the cloud layer's contract).
      await kind.unassign(session, eniId, owned);
      // Only now: while the release is in flight (or after it failed, the resource staying in state)
      // the addresses are still this resource's.
      registry.forgetOwned(name, region, eniId);
    });
  } catch (error) {
    throw asProviderError(error);
  }
}

/**
 * Delete with applyGuestConfig: the script without the resource's addresses runs on the instance the
 * ENI is bound to now. Nothing to do when the ENI is gone or bound to no instance (no guest uses the
 * addresses); a script that fails stops the delete before anything is unassigned.
 */
async function guestLetsGo(state: ResourceState, session: CloudSession): Promise<void> {
  if (state.applyGuestConfig !== true) return;
  const eni = await session.describeEni(state.networkInterfaceId);
  const guest = eni === undefined ? undefined : guestTargetOf(state, session, eni, state.cidrBlock);
  if (guest === undefined) return;
  try {
    await guestStep(guest, [], state.guestApplied);
  } catch (error) {
    const text = error instanceof GuestScriptError ? error.message : `${state.resourceName}: running the guest script failed: ${describeError(error)}`;
    throw new ProviderError("cloud", `${text}\nNothing was unassigned. Fix the guest and destroy again, or set applyGuestConfig: false, run \`pulumi up\`, then destroy.`, { cause: error });
  }
}

/**
 * Fresh facts for the ENI and the core's verdict on this declaration after the run's other
 * declarations (their pending demand and their realized ownership): throws on violations, and then
 * the resource's checked demand no longer stands. Called with the ENI held (eniQueue), so nothing of
 * this process moves it until the mutation is done.
 */
async function revalidate(t: Target, ownedHere: readonly string[]): Promise<Fresh> {
  const name = t.inputs.resourceName;
  try {
    const facts = await gatherRun(t.session, t.region, [t.eniId], [t.eniId]);
    const mine = registry.check(keyOf(t), t.region, toDeclaration(t.inputs, ownedHere)).violations;
    if (mine.length > 0) throw new ProviderError("refused", `the account changed since preview; nothing was changed:\n${violationLines(mine.map(t.inputs.kind.shown))}`);
    const eni = eniOf(facts, t.eniId);
    if (eni === undefined) {
      // The core reports a missing ENI itself (rule 8); this is only a guard.
      throw ruleError(violation("eni_not_found", { declaration: name, networkInterfaceId: t.eniId }, "networkInterfaceId", t.eniId, {}), "nothing was changed");
    }
    await refuseWithoutGuestAgent(t.inputs, facts, t.eniId, t.session);
    return freshOf(facts, eni);
  } catch (error) {
    registry.forgetPending(keyOf(t));
    throw error;
  }
}

/** The demand registry's key of the target's resource. */
function keyOf(t: Target): string {
  return t.inputs.kind.registryKey(t.inputs.resourceName);
}

/** What converging the ENI takes: addresses to release, adopt and assign, or a count to fill. */
interface Plan {
  /** Owned by this resource alone (what another resource of the run owns is never ours). */
  readonly mineAlone: readonly string[];
  readonly release: readonly string[];
  readonly adopt: readonly string[];
  readonly explicitWanted: readonly string[];
  readonly countNeed: number;
  readonly picks: string[] | undefined;
}

async function converge(t: Target, first: Fresh, ownedHere: readonly string[], guestRecord: GuestApplied | undefined): Promise<ResourceState> {
  const plan = planFor(t, first, ownedHere);
  try {
    return await mutate(t, first, plan, guestRecord);
  } finally {
    // After the registry recorded what is owned now (or that nothing was assigned).
    registry.releasePicks(keyOf(t));
  }
}

function planFor(t: Target, first: Fresh, ownedHere: readonly string[]): Plan {
  const name = keyOf(t);
  const { eni } = first;
  const { kind } = t.inputs;
  const declared = knownAddressList(t.inputs.privateIpAddresses);
  const onEni = new Set(kind.heldOn(eni));
  // Addresses another resource of this process owns on this ENI: never ours to adopt, assign or
  // release (re-validation refuses declaring them; this guard holds whatever state says).
  const othersOwn = registry.ownedByOthers(name, t.region, t.eniId);
  const mineAlone = ownedHere.filter((a) => !othersOwn.has(a));
  const ownedSet = new Set(mineAlone);
  if (declared === undefined) {
    const count = Number(t.inputs.secondaryPrivateIpAddressCount);
    // Shrinking releases the addresses assigned last (state keeps assignment order).
    const release = mineAlone.length > count ? mineAlone.slice(count) : [];
    const countNeed = Math.max(0, count - mineAlone.length);
    // Picked before anything changes, so an exhausted vSwitch refuses cleanly.
    // Prefixes for a count are picked by the API.
    const picks = countNeed > 0 && kind === ADDRESSES ? pickForCount(t, first, countNeed, new Set()) : undefined;
    return { mineAlone, release, adopt: [], explicitWanted: [], countNeed, picks };
  }
  const want = new Set(declared);
  // Only adoptExisting gets here with such addresses: without it the core refused them (rule 5).
  const adopt = declared.filter((a) => !ownedSet.has(a) && onEni.has(a) && a !== eni.primaryIpAddress);
  const explicitWanted = declared.filter((a) => !ownedSet.has(a) && !onEni.has(a));
  const taken = [...adopt, ...explicitWanted].find((a) => othersOwn.has(a));
  if (taken !== undefined) {
    const other = registry.ownerOf(t.region, t.eniId, taken, name) ?? "another resource";
    const subject = { declaration: t.inputs.resourceName, networkInterfaceId: t.eniId };
    throw ruleError(violation("duplicate_ip", subject, kind.listInput, taken, { address: taken, otherDeclaration: other }), "nothing was changed");
  }
  return { mineAlone, release: mineAlone.filter((a) => !want.has(a)), adopt, explicitWanted, countNeed: 0, picks: undefined };
}

/**
 * Release, adopt, assign; with applyGuestConfig the guest script runs around them: the guest lets go
 * of the released addresses before the cloud unassigns them, and brings up new ones only once they
 * are assigned (so a swap takes two scripts; a step whose script already ran is skipped).
 */
async function mutate(t: Target, first: Fresh, plan: Plan, guestRecord: GuestApplied | undefined): Promise<ResourceState> {
  const { kind } = t.inputs;
  const { eni, cidrBlock } = first;
  const guest = guestTargetOf(t.inputs, t.session, eni, cidrBlock);
  let record = guest !== undefined ? guestRecord : undefined;
  let owned = [...plan.mineAlone];
  // What the last assign asked for (undefined: the API picks): after a failure, those present on the ENI are ours.
  let asked: readonly string[] | undefined = plan.explicitWanted;
  try {
    if (guest !== undefined) record = await guestDropsOldSettings(guest, record);
    if (plan.release.length > 0) {
      const gone = new Set(plan.release);
      if (guest !== undefined) record = await guestStep(guest, owned.filter((a) => !gone.has(a)), record);
      await kind.unassign(t.session, t.eniId, plan.release);
      owned = owned.filter((a) => !gone.has(a));
    }
    owned.push(...plan.adopt);
    if (plan.explicitWanted.length > 0) {
      const got = await kind.assign(t.session, t.eniId, { list: plan.explicitWanted });
      for (const a of got) if (!owned.includes(a) && a !== eni.primaryIpAddress) owned.push(a);
    } else if (plan.countNeed > 0 && kind !== ADDRESSES) {
      asked = undefined;
      owned.push(...(await kind.assign(t.session, t.eniId, { count: plan.countNeed })));
    } else if (plan.countNeed > 0) {
      owned.push(...(await assignCount(t, plan.countNeed, plan.picks, (p) => (asked = p))));
    }
  } catch (error) {
    throw failedChange(t, first, plan, { owned: [...new Set([...owned, ...plan.adopt])], asked, record }, error);
  }
  registry.recordOwned(keyOf(t), t.region, t.eniId, owned, kind);
  if (guest !== undefined) {
    try {
      record = await guestStep(guest, owned, record);
    } catch (error) {
      throw failedGuest(t, first, owned, record, error);
    }
  }
  return stateOf(t, eni, cidrBlock, owned, record);
}

/**
 * The addresses are assigned and stay so (and recorded, with the last guest script that did
 * succeed): Pulumi keeps this state, and diff sees the guest is not in sync, so the next `pulumi up`
 * is an update that runs the script again.
 */
function failedGuest(t: Target, first: Fresh, owned: readonly string[], record: GuestApplied | undefined, error: unknown): ProviderError {
  const props = stateOf(t, first.eni, first.cidrBlock, owned, record);
  const text = error instanceof GuestScriptError ? error.message : `${t.inputs.resourceName}: running the guest script failed: ${describeError(error)}`;
  const message = `${text}\nThe addresses stay assigned and recorded; the next \`pulumi up\` runs the guest script again.`;
  return new ProviderError("cloud", message, { cause: error, partial: { id: t.id, properties: fromSlots(t.inputs.kind, props) as unknown as Props } });
}

/**
 * What a failed change leaves owned, from what the cloud layer says happened: a definite refusal
 * changed nothing of its request (`known.owned` holds), an undecided outcome comes with the ENI as
 * the cloud layer last read it. Addresses we held or asked for and see on the ENI are ours; when
 * the API picked (a count without a known vSwitch), new addresses that no other resource of this
 * process owns are taken as ours (better reported than leaked). Undefined when nothing could be read.
 */
function ownedAfterFailure(t: Target, before: Fresh, known: { owned: readonly string[]; asked: readonly string[] | undefined }, error: unknown): string[] | undefined {
  if (!(error instanceof CloudOutcomeUnknownError)) return [...known.owned];
  const now = error.eni;
  if (now === undefined) return undefined;
  const { kind } = t.inputs;
  const there = new Set(kind.heldOn(now));
  const othersOwn = registry.ownedByOthers(keyOf(t), t.region, t.eniId);
  const out = [...new Set([...known.owned, ...(known.asked ?? [])])].filter((a) => there.has(a) && !othersOwn.has(a));
  if (known.asked === undefined) {
    const seen = new Set(kind.heldOn(before.eni));
    for (const a of kind.heldOn(now)) {
      if (!seen.has(a) && !othersOwn.has(a) && a !== now.primaryIpAddress && !out.includes(a)) out.push(a);
    }
  }
  return out;
}

/**
 * The error a failed change throws. What really happened is kept in state (Pulumi's init failure),
 * so nothing assigned is leaked and the next `pulumi up` finishes the job; the run's registry says
 * the same as that state.
 */
function failedChange(
  t: Target,
  first: Fresh,
  plan: Plan,
  known: { owned: readonly string[]; asked: readonly string[] | undefined; record: GuestApplied | undefined },
  error: unknown,
): ProviderError {
  const name = t.inputs.resourceName;
  const key = keyOf(t);
  const real = ownedAfterFailure(t, first, known, error);
  const message =
    error instanceof GuestScriptError
      ? `${error.message}\nNothing was unassigned: the guest may still use those addresses. The next \`pulumi up\` runs the guest script again.`
      : `${name}: changing ${t.inputs.kind.noun} on ${t.eniId} failed: ${describeError(error)}`;
  const changedSomething = real === undefined || !sameSet(real, plan.mineAlone) || plan.adopt.length > 0;
  if (!changedSomething && plan.mineAlone.length === 0) {
    registry.forgetPending(key);
    return new ProviderError("cloud", message, { cause: error });
  }
  const now = real ?? [...plan.mineAlone, ...plan.adopt, ...(known.asked ?? [])];
  registry.recordOwned(key, t.region, t.eniId, now, t.inputs.kind);
  const props = stateOf(t, first.eni, first.cidrBlock, now, known.record);
  return new ProviderError("cloud", message, { cause: error, partial: { id: t.id, properties: fromSlots(t.inputs.kind, props) as unknown as Props } });
}
