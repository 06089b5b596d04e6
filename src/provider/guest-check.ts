// What check (and an apply's re-validation) judges of applying the guest configuration through Cloud
// Assistant: the type of applyGuestConfig and that it comes with guestOs, and rule 15
// (guest_agent_unavailable): the ENI is bound to an instance whose agent is running and whose OS is
// the one guestOs renders for. The agent is read through the region's cloud session (cached for a
// preview's many checks, fresh before a change).
import { UNKNOWN, type AccountFacts, type Violation } from "../core/types";
import { guestAgentUnavailable, invalidInput } from "../core/violation";
import type { CloudSession } from "../cloud/types";
import { intToIpv4, ipv4ToInt, parseCidr, pickFreeAddresses } from "../core/address";
import { resolveGuestOs } from "../guest/plan";
import { GuestConfigError } from "../guest/types";
import { inputFailure, ProviderError, violationFailure, violationLines, type CheckFailure } from "./failures";
import { boundInstanceOf, guestSettingsOf, renderFor } from "./guest-record";
import { isUnknown, type DecodedInputs } from "./inputs";
import { cidrOf, eniOf } from "./run-facts";

/** applyGuestConfig is a boolean, and true only together with guestOs (no script without a family). */
export function guestInputFailures(inputs: DecodedInputs): CheckFailure[] {
  const apply = inputs.applyGuestConfig;
  if (apply === undefined || apply === UNKNOWN) return [];
  const name = inputs.resourceName;
  if (typeof apply !== "boolean") return [inputFailure(name, "applyGuestConfig", apply, "true or false")];
  if (apply && inputs.guestOs === undefined) {
    const expected = "a guest OS family or image name, as applyGuestConfig is true (Cloud Assistant runs that family's script)";
    return [violationFailure(invalidInput(name, "guestOs", undefined, { reason: "missing", expected }))];
  }
  return [];
}

/** Rule 15 for one resource, against the ENI as `facts` hold it and its instance's agent now. */
export async function guestAgentViolations(inputs: DecodedInputs, facts: AccountFacts, eniId: string, session: CloudSession, fresh: boolean): Promise<Violation[]> {
  const os = resolveGuestOs(inputs.guestOs);
  const eni = eniOf(facts, eniId);
  // Without a known ENI, rule 8 speaks; an ENI in transition is rule 9's.
  if (inputs.applyGuestConfig !== true || os === undefined || eni === undefined) return [];
  const name = inputs.resourceName;
  const instanceId = boundInstanceOf(eni);
  if (instanceId === undefined) {
    return eni.status === "Available" || eni.status === "InUse" ? [guestAgentUnavailable(name, eniId, { reason: "no_instance", eniStatus: eni.status })] : [];
  }
  const agent = (await session.cloudAssistantStatus([instanceId], { fresh })).get(instanceId);
  if (agent === undefined) return [guestAgentUnavailable(name, eniId, { reason: "agent_unknown", instanceId })];
  if (!agent.running) return [guestAgentUnavailable(name, eniId, { reason: "agent_not_running", instanceId })];
  if (agent.osType !== undefined && (agent.osType.toLowerCase() === "windows") !== (os === "windows")) {
    return [guestAgentUnavailable(name, eniId, { reason: "os_mismatch", instanceId, osType: agent.osType, guestOs: String(inputs.guestOs) })];
  }
  return [];
}

/** check's guest part: the interface renders for guestOs, and rule 15 (cached agent reads). */
export async function guestCheckFailures(inputs: DecodedInputs, facts: AccountFacts, eniId: string, session: CloudSession): Promise<CheckFailure[]> {
  const agent = await guestAgentViolations(inputs, facts, eniId, session, false);
  return [...guestRenderFailures(inputs, facts, eniId), ...agent.map(violationFailure)];
}

/**
 * Renders once with a stand-in address, as create will (the resource's key, the ENI's primary), so a
 * bad interface name fails in preview, not after assigning.
 */
function guestRenderFailures(inputs: DecodedInputs, facts: AccountFacts, eniId: string): CheckFailure[] {
  if (isUnknown(inputs.interfaceName)) return [];
  const settings = guestSettingsOf(inputs.resourceName, inputs.guestOs, inputs.interfaceName);
  const eni = eniOf(facts, eniId);
  const cidrBlock = cidrOf(facts, eni);
  const cidr = cidrBlock === undefined ? undefined : parseCidr(cidrBlock);
  if (settings === undefined || eni === undefined || cidr === undefined || cidrBlock === undefined) return [];
  const sample = pickFreeAddresses(cidr, new Set([ipv4ToInt(eni.primaryIpAddress)]), 1)[0];
  if (sample === undefined) return [];
  try {
    renderFor(settings, [intToIpv4(sample)], cidrBlock, eni.primaryIpAddress);
  } catch (error) {
    if (error instanceof GuestConfigError && (error.code === "invalid_interface" || error.code === "label_too_long")) {
      return [inputFailure(inputs.resourceName, "interfaceName", inputs.interfaceName, `an interface name guestOs ${String(inputs.guestOs)} accepts (${error.message})`)];
    }
  }
  return [];
}

/**
 * Before a create or update changes anything: rule 15 again, against the ENI as re-validation just
 * read it and a fresh read of the agent, so no address is assigned for a script that cannot run.
 */
export async function refuseWithoutGuestAgent(inputs: DecodedInputs, facts: AccountFacts, eniId: string, session: CloudSession): Promise<void> {
  const found = await guestAgentViolations(inputs, facts, eniId, session, true);
  if (found.length > 0) throw new ProviderError("refused", `the guest cannot be configured; nothing was changed:\n${violationLines(found)}`);
}
