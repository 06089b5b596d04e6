// Rules 8-10: the ENI exists, is in a state that takes addresses, and (a primary ENI) its instance is
// too. Also finds the ENI's vSwitch, which the address and limit rules need, and warns when the facts
// lack the instance or the vSwitch (their rules are then skipped, and the user told so).
import { append, NONE, type EniTarget, type Found, type RunView } from "./judgement";
import { UNKNOWN, type Declaration, type ValidationWarning, type Violation } from "./types";
import { violation, warning } from "./violation";

const ASSIGNABLE_ENI_STATES = new Set(["Available", "InUse"]);
const ASSIGNABLE_INSTANCE_STATES = new Set(["Running", "Stopped"]);

/** The ENI found, with what the ENI rules found about it. */
export function judgeEni(run: RunView, d: Declaration): EniTarget & Found {
  const declaration = d.name;
  const raw = d.networkInterfaceId;
  const networkInterfaceId = typeof raw === "string" && raw !== "" ? raw : undefined;
  if (raw === UNKNOWN) {
    return { declaration, networkInterfaceId, eni: undefined, entry: undefined, stateOk: false, vsw: undefined, violations: NONE, unknown: "networkInterfaceId" };
  }
  const entry = networkInterfaceId === undefined ? undefined : run.facts.eniEntry(networkInterfaceId);
  if (entry === undefined) {
    const violations = [violation("eni_not_found", { declaration, networkInterfaceId }, "networkInterfaceId", raw, {})];
    return { declaration, networkInterfaceId, eni: undefined, entry, stateOk: false, vsw: undefined, violations };
  }

  // The value of a state violation is the property's own value (the ENI id); the state that breaks
  // the rule is in the detail.
  const eni = entry.facts;
  const id = eni.networkInterfaceId;
  const subject = { declaration, networkInterfaceId };
  let violations: Violation[] | undefined;
  let warnings: ValidationWarning[] | undefined;
  const stateOk = ASSIGNABLE_ENI_STATES.has(eni.status);
  if (!stateOk) violations = append(violations, violation("eni_state", subject, "networkInterfaceId", id, { status: eni.status }));
  if (eni.type === "Primary" && eni.instanceId !== undefined) {
    const instance = run.facts.instances.get(eni.instanceId);
    if (instance === undefined) {
      warnings = append(warnings, warning("unknown_instance", declaration, id, { instanceId: eni.instanceId }));
    } else if (!ASSIGNABLE_INSTANCE_STATES.has(instance.status)) {
      const detail = { instanceId: instance.instanceId, status: instance.status };
      violations = append(violations, violation("instance_state", subject, "networkInterfaceId", id, detail));
    }
  }
  const vsw = run.facts.vSwitch(eni.vSwitchId);
  if (vsw === undefined) warnings = append(warnings, warning("unknown_vswitch", declaration, id, { vSwitchId: eni.vSwitchId }));
  return { declaration, networkInterfaceId, eni, entry, stateOk, vsw, violations: violations ?? NONE, warnings: warnings ?? NONE };
}
