// Rules 8-10: the ENI exists, is in a state that takes addresses, and (a primary ENI) its instance is
// too. Also finds the ENI's vSwitch, which the address and limit rules need, and warns when the facts
// lack the instance or the vSwitch (their rules are then skipped, and the user told so).
import { append, NONE, type EniTarget, type Found, type RunView } from "./judgement";
import { UNKNOWN, type Declaration, type ValidationWarning, type Violation } from "./types";
import { violation, warning } from "./violation";

const ASSIGNABLE_ENI_STATES = new Set(["Available", "InUse"]);
const ASSIGNABLE_INSTANCE_STATES = new Set(["Running", "Stopped"]);

export function judgeEni(run: RunView, d: Declaration): Found & { readonly target: EniTarget } {
  const name = d.name;
  const raw = d.networkInterfaceId;
  const eniId = typeof raw === "string" && raw !== "" ? raw : undefined;
  const subject = { declaration: name, networkInterfaceId: eniId };
  if (raw === UNKNOWN) {
    return { violations: NONE, target: { subject, eniId, eni: undefined, entry: undefined, stateOk: false, vsw: undefined }, unknown: "networkInterfaceId" };
  }
  const entry = eniId === undefined ? undefined : run.facts.eniEntry(eniId);
  if (entry === undefined) {
    const violations = [violation("eni_not_found", subject, "networkInterfaceId", raw, {})];
    return { violations, target: { subject, eniId, eni: undefined, entry, stateOk: false, vsw: undefined } };
  }

  // The value of a state violation is the property's own value (the ENI id); the state that breaks
  // the rule is in the detail.
  const eni = entry.facts;
  const id = eni.networkInterfaceId;
  let violations: Violation[] | undefined;
  let warnings: ValidationWarning[] | undefined;
  const stateOk = ASSIGNABLE_ENI_STATES.has(eni.status);
  if (!stateOk) violations = append(violations, violation("eni_state", subject, "networkInterfaceId", id, { status: eni.status }));
  if (eni.type === "Primary" && eni.instanceId !== undefined) {
    const instance = run.facts.instance(eni.instanceId);
    if (instance === undefined) {
      warnings = append(warnings, warning("unknown_instance", name, id, { instanceId: eni.instanceId }));
    } else if (!ASSIGNABLE_INSTANCE_STATES.has(instance.status)) {
      const detail = { instanceId: instance.instanceId, status: instance.status };
      violations = append(violations, violation("instance_state", subject, "networkInterfaceId", id, detail));
    }
  }
  const vsw = run.facts.vSwitch(eni.vSwitchId);
  if (vsw === undefined) warnings = append(warnings, warning("unknown_vswitch", name, id, { vSwitchId: eni.vSwitchId }));
  return { violations: violations ?? NONE, warnings: warnings ?? NONE, target: { subject, eniId, eni, entry, stateOk, vsw } };
}
