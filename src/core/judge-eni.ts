// Rules 8-10: the ENI exists, is in a state that takes addresses, and (a primary ENI) its instance is
// too. Also finds the ENI's vSwitch, which the address and limit rules need, and warns when the facts
// lack the instance or the vSwitch (their rules are then skipped, and the user told so).
import type { EniTarget, Found, RunView } from "./judgement";
import { UNKNOWN, type Declaration, type ValidationWarning, type Violation } from "./types";
import { violation, warning } from "./violation";

const ASSIGNABLE_ENI_STATES = new Set(["Available", "InUse"]);
const ASSIGNABLE_INSTANCE_STATES = new Set(["Running", "Stopped"]);

export function judgeEni(run: RunView, d: Declaration): Found & { readonly target: EniTarget } {
  const name = d.name;
  const raw = d.networkInterfaceId;
  const eniId = typeof raw === "string" && raw !== "" ? raw : undefined;
  const subject = { declaration: name, networkInterfaceId: eniId };
  const violations: Violation[] = [];
  const warnings: ValidationWarning[] = [];
  if (raw === UNKNOWN) {
    return { violations, target: { subject, eniId, eni: undefined, stateOk: false, vsw: undefined }, unknown: "networkInterfaceId" };
  }
  const eni = eniId === undefined ? undefined : run.facts.eni(eniId);
  if (eni === undefined) {
    violations.push(violation("eni_not_found", subject, "networkInterfaceId", raw, {}));
    return { violations, target: { subject, eniId, eni, stateOk: false, vsw: undefined } };
  }

  // The value of a state violation is the property's own value (the ENI id); the state that breaks
  // the rule is in the detail.
  const id = eni.networkInterfaceId;
  const stateOk = ASSIGNABLE_ENI_STATES.has(eni.status);
  if (!stateOk) violations.push(violation("eni_state", subject, "networkInterfaceId", id, { status: eni.status }));
  if (eni.type === "Primary" && eni.instanceId !== undefined) {
    const instance = run.facts.instance(eni.instanceId);
    if (instance === undefined) {
      warnings.push(warning("unknown_instance", name, id, { instanceId: eni.instanceId }));
    } else if (!ASSIGNABLE_INSTANCE_STATES.has(instance.status)) {
      violations.push(violation("instance_state", subject, "networkInterfaceId", id, { instanceId: instance.instanceId, status: instance.status }));
    }
  }
  const vsw = run.facts.vSwitch(eni.vSwitchId);
  if (vsw === undefined) warnings.push(warning("unknown_vswitch", name, id, { vSwitchId: eni.vSwitchId }));
  return { violations, warnings, target: { subject, eniId, eni, stateOk, vsw } };
}
