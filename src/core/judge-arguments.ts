// Rule 6: a declaration gives exactly one of privateIpAddresses and secondaryPrivateIpAddressCount
// (null counts as not given, as Pulumi and YAML mean it).
import { NONE, type Found } from "./judgement";
import type { Declaration } from "./types";
import { violation, type ViolationSubject } from "./violation";

export function judgeArguments(d: Declaration, subject: ViolationSubject): Found & { readonly hasList: boolean; readonly hasCount: boolean } {
  const hasList = d.privateIpAddresses !== undefined && d.privateIpAddresses !== null;
  const hasCount = d.secondaryPrivateIpAddressCount !== undefined && d.secondaryPrivateIpAddressCount !== null;
  if (hasList && hasCount) {
    const v = violation("conflicting_args", subject, "secondaryPrivateIpAddressCount", d.secondaryPrivateIpAddressCount, { given: "both" });
    return { violations: [v], hasList, hasCount };
  }
  if (!hasList && !hasCount) {
    return { violations: [violation("conflicting_args", subject, "privateIpAddresses", undefined, { given: "neither" })], hasList, hasCount };
  }
  return { violations: NONE, hasList, hasCount };
}
