// The provider's check: the input types, then the core's rules against the live account and the
// run's demand (the region's run ledger), then the guest configuration; a passing check records the
// resource's demand for the run's later checks (docs/architecture.md, "One check"). Checks are
// atomic per region (queues.ts), so two checks in flight see each other's demand.
import type * as pulumi from "@pulumi/pulumi";
import type { AccountFacts, EniFacts } from "../core/types";
import { validate } from "../core/validate";
import * as registry from "./demand-registry";
import { asProviderError, violationFailure } from "./failures";
import { guestCheckFailures } from "./guest-check";
import { decodeInputs, inputTypeFailures, isUnknown, knownAddressList, toDeclaration, type DecodedInputs, type Props } from "./inputs";
import { ADDRESSES, type ResourceKind } from "./kind";
import { checkQueue } from "./queues";
import { regionRun } from "./region-runs";
import { eniOf, gatherRun, limitsNow } from "./run-facts";
import { effectiveRegion, sessionFor } from "./sessions";

export type CheckResult = pulumi.dynamic.CheckResult<Props>;

const NO_FACTS: AccountFacts = { enis: [], vSwitches: [], instances: [], instanceTypes: [], securityGroups: [] };
/** The rules a declaration can break without any account facts. */
const OFFLINE_CODES = new Set(["invalid_ip", "duplicate_ip", "conflicting_args", "invalid_count"]);

export async function check(olds: Props, news: Props, kind: ResourceKind = ADDRESSES): Promise<CheckResult> {
  const inputs = decodeInputs(news, kind);
  const name = kind.registryKey(inputs.resourceName);
  const failures = inputTypeFailures(inputs, news);
  if (failures.length > 0) {
    // Only the new demand goes: what the resource owns now, it still owns (a failed check of an
    // update changes nothing in the account).
    registry.forgetPending(name);
    return { inputs: news, failures };
  }
  const region = isUnknown(inputs.regionId) ? undefined : effectiveRegion(inputs.regionId);
  const eniId = inputs.networkInterfaceId;
  if (region === undefined || typeof eniId !== "string" || eniId === "") return checkOffline(news, inputs);
  // Read the run's demand, gather, validate, record: one check at a time per region, or two checks
  // in flight would each judge themselves without the other (and both pass).
  try {
    return await checkQueue.run(region, () => checkLive(olds, news, inputs, region, eniId));
  } catch (error) {
    registry.forgetPending(name);
    throw asProviderError(error, `${inputs.resourceName}: check could not read the account (nothing was changed)`);
  }
}

/**
 * Not judgeable against the account yet (unknown ENI or region), or no ENI at all, which the core
 * reports as rule 8. Its demand cannot be placed, so it adds none.
 */
function checkOffline(news: Props, inputs: DecodedInputs): CheckResult {
  const name = inputs.resourceName;
  registry.forgetPending(inputs.kind.registryKey(name));
  const offline = validate({ declarations: [toDeclaration(inputs)], facts: NO_FACTS, limits: limitsNow() });
  const mine = offline.violations.filter(
    (v) => v.declaration === name && (OFFLINE_CODES.has(v.code) || (v.code === "eni_not_found" && !isUnknown(inputs.networkInterfaceId))),
  );
  return { inputs: news, failures: mine.map((v) => violationFailure(inputs.kind.shown(v))) };
}

async function checkLive(olds: Props, news: Props, inputs: DecodedInputs, region: string, eniId: string): Promise<CheckResult> {
  const { kind } = inputs;
  const name = kind.registryKey(inputs.resourceName);
  const old = Object.keys(olds).length > 0 ? decodeInputs(olds, kind) : undefined;
  const oldEni = old !== undefined && typeof old.networkInterfaceId === "string" ? old.networkInterfaceId : undefined;
  const oldRegion = old !== undefined ? effectiveRegion(old.regionId) : undefined;
  const sameResource = old !== undefined && oldEni === eniId && oldRegion === region;
  // A resource this process has not seen outputs of yet (a fresh host of a new `pulumi up`): its
  // old explicit list is what it owns, and no other declaration may take those addresses.
  const oldList = old !== undefined ? knownAddressList(old.privateIpAddresses) : undefined;
  if (oldList !== undefined && oldEni !== undefined && oldRegion !== undefined) registry.assumeOwned(name, oldRegion, oldEni, oldList);

  const ids = [eniId, ...(oldEni !== undefined && !sameResource ? [oldEni] : [])];
  const facts = await gatherRun(sessionFor(region), region, ids);
  let owned: string[] | undefined;
  let moving: string[] = [];
  if (old !== undefined && sameResource) {
    // What the resource owns, as its outputs said, beats a guess from the old inputs.
    const known = registry.ownedBy(name);
    owned =
      known !== undefined && known.regionId === region && known.networkInterfaceId === eniId
        ? [...known.owned]
        : ownedFromOldInputs(name, region, old, inputs, eniOf(facts, eniId));
  } else if (old !== undefined && oldEni !== undefined) {
    // A replacement that moves the same explicit addresses to another ENI: diff asks for
    // deleteBeforeReplace, so judge the new ENI as if the old resource had released them.
    const newList = new Set(knownAddressList(inputs.privateIpAddresses) ?? []);
    moving = (oldList ?? []).filter((a) => newList.has(a));
  }

  const declaration = toDeclaration(inputs, owned);
  const judge = () => registry.check(name, region, declaration);
  const judgement = moving.length > 0 && oldEni !== undefined ? regionRun(region).withReleased(oldEni, moving, judge) : judge();
  const guest = await guestCheckFailures(inputs, facts, eniId, sessionFor(region));
  // A passing declaration whose guest configuration cannot be rendered or applied fails all the same.
  if (guest.length > 0) registry.forgetPending(name);
  return { inputs: news, failures: [...judgement.violations.map((v) => violationFailure(kind.shown(v))), ...guest] };
}

/**
 * On update, the addresses this resource already owns are not new demand (docs/architecture.md,
 * "Run demand and ownership"). check gets the old *inputs* only: an explicit old list names them;
 * for an old count, that many of the ENI's secondary addresses stand in for them (the limits only
 * need how many).
 */
function ownedFromOldInputs(name: string, region: string, olds: DecodedInputs, news: DecodedInputs, eni: EniFacts | undefined): string[] {
  const oldList = knownAddressList(olds.privateIpAddresses);
  if (oldList !== undefined) return oldList;
  const oldCount = olds.secondaryPrivateIpAddressCount;
  // A switch from count to list cannot say which listed addresses were ours: judge them as new.
  if (typeof oldCount !== "number" || news.privateIpAddresses !== undefined || eni === undefined) return [];
  const run = regionRun(region);
  return news.kind.heldOn(eni).filter((a) => a !== eni.primaryIpAddress && !run.claimedByOther(name, eni, a)).slice(0, oldCount);
}
