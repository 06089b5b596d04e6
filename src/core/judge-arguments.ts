// Rule 6: a declaration gives exactly one of privateIpAddresses and secondaryPrivateIpAddressCount
// (null counts as not given, as Pulumi and YAML mean it).
import type { Found } from "./judgement";
import type { Declaration, Violation } from "./types";
import { violation, type ViolationSubject } from "./violation";

export function judgeArguments(d: Declaration, subject: ViolationSubject): Found & { readonly hasList: boolean; readonly hasCount: boolean } {
  const hasList = d.privateIpAddresses !== undefined && d.privateIpAddresses !== null;
  const hasCount = d.secondaryPrivateIpAddressCount !== undefined && d.secondaryPrivateIpAddressCount !== null;
  const violations: Violation[] = [];
  if (hasList && hasCount) {
    violations.push(violation("conflicting_args", subject, "secondaryPrivateIpAddressCount", d.secondaryPrivateIpAddressCount, { given: "both" }));
  } else if (!hasList && !hasCount) {
    violations.push(violation("conflicting_args", subject, "privateIpAddresses", undefined, { given: "neither" }));
  }
  return { violations, hasList, hasCount };
}
