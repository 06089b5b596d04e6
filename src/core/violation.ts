// Builds violations and warnings: the rule number from the table, the detail as given, the message
// from the one formatter. Every problem the core (and, through invalidInput, the provider) reports is
// made here.
import { closestName } from "./closest-name";
import { formatMessage } from "./messages";
import { RULES } from "./rules";
import type { CoreWarningCode, GuestAgentProblem, ValidationWarning, ViolationCode, ViolationDetails, ViolationOf, WarningDetails } from "./types";

/** Who a violation is about: the declaration and, when known, its ENI id. */
export interface ViolationSubject {
  readonly declaration: string;
  readonly networkInterfaceId: string | undefined;
}

export function violation<C extends ViolationCode>(
  code: C,
  subject: ViolationSubject,
  property: string,
  value: unknown,
  detail: ViolationDetails[C],
): ViolationOf<C> {
  const parts = {
    code,
    rule: RULES[code].number,
    declaration: subject.declaration,
    networkInterfaceId: subject.networkInterfaceId,
    property,
    ...(value === undefined ? {} : { value }),
    detail,
  };
  const message = formatMessage(parts as Parameters<typeof formatMessage>[0]);
  return {
    code,
    rule: parts.rule,
    declaration: subject.declaration,
    networkInterfaceId: subject.networkInterfaceId,
    property,
    message,
    ...(value === undefined ? {} : { value }),
    detail,
  };
}

/**
 * Rule 14 for a resource's inputs: a value of the wrong type (`expected` says what fits), a
 * required input missing, or an input the resource does not have (the closest known one is named).
 */
export function invalidInput(
  declaration: string,
  property: string,
  value: unknown,
  problem: { readonly reason: "wrong_type" | "missing"; readonly expected: string } | { readonly reason: "unknown_input"; readonly known: readonly string[] },
): ViolationOf<"invalid_input"> {
  const subject = { declaration, networkInterfaceId: undefined };
  if (problem.reason !== "unknown_input") return violation("invalid_input", subject, property, value, { reason: problem.reason, expected: problem.expected });
  const closest = closestName(property, problem.known);
  return violation("invalid_input", subject, property, value, {
    reason: "unknown_input",
    known: problem.known,
    ...(closest === undefined ? {} : { closest }),
  });
}

/**
 * Rule 15 for a resource that applies its guest configuration through Cloud Assistant: on
 * `guestOs` when the instance runs another OS, else on `applyGuestConfig`.
 */
export function guestAgentUnavailable(declaration: string, networkInterfaceId: string | undefined, problem: GuestAgentProblem): ViolationOf<"guest_agent_unavailable"> {
  const subject = { declaration, networkInterfaceId };
  if (problem.reason === "os_mismatch") return violation("guest_agent_unavailable", subject, "guestOs", problem.guestOs, problem);
  return violation("guest_agent_unavailable", subject, "applyGuestConfig", true, problem);
}

export function warning<C extends CoreWarningCode>(code: C, declaration: string, networkInterfaceId: string | undefined, detail: WarningDetails[C]): ValidationWarning {
  const parts = { code, declaration, ...(networkInterfaceId === undefined ? {} : { networkInterfaceId }), detail };
  return { ...parts, message: formatMessage(parts) };
}
