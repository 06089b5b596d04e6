// What check (and an apply's re-validation) judges of applying the guest configuration through Cloud
// Assistant: the type of applyGuestConfig and that it comes with guestOs, and rule 15
// (guest_agent_unavailable): the ENI is bound to an instance whose agent is running and whose OS is
// the one guestOs renders for. The agent is read through the region's cloud session (cached for a
// preview's many checks, fresh before a change).
import { UNKNOWN, type AccountFacts, type Violation } from "../core/types";
import { guestAgentUnavailable } from "../core/violation";
import type { CloudSession } from "../cloud/types";
import { resolveGuestOs } from "../guest/plan";
import { inputFailure, violationFailure, type CheckFailure } from "./failures";
import { boundInstanceOf } from "./guest-record";
import type { DecodedInputs } from "./inputs";
import { eniOf } from "./run-facts";

export function guestInputFailures(inputs: DecodedInputs): CheckFailure[] {
  const apply = inputs.applyGuestConfig;
  if (apply === undefined || apply === UNKNOWN) return [];
  const name = inputs.resourceName;
  if (typeof apply !== "boolean") return [inputFailure(name, "applyGuestConfig", apply, "must be true or false")];
  if (apply && inputs.guestOs === undefined) {
    return [inputFailure(name, "applyGuestConfig", apply, "needs guestOs: the family (or image name) of the instance's OS, whose script Cloud Assistant runs")];
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

/** The same, as preview's check failures (cached agent reads). */
export async function guestAgentFailures(inputs: DecodedInputs, facts: AccountFacts, eniId: string, session: CloudSession): Promise<CheckFailure[]> {
  return (await guestAgentViolations(inputs, facts, eniId, session, false)).map(violationFailure);
}
