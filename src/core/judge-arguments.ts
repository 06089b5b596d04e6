// Rule 6: a declaration gives exactly one of privateIpAddresses, secondaryPrivateIpAddressCount,
// ipv4Prefixes and ipv4PrefixCount (null counts as not given, as Pulumi and YAML mean it): one
// request to ECS takes one kind, and the official ENI resources make them conflict too.
import { NONE, type Found } from "./judgement";
import type { Declaration } from "./types";
import { violation, type ViolationSubject } from "./violation";

export interface GivenArguments {
  readonly hasList: boolean;
  readonly hasCount: boolean;
  readonly hasPrefixes: boolean;
  readonly hasPrefixCount: boolean;
  /** More than one is given: each is still judged on its own, but none asks for anything. */
  readonly conflict: boolean;
}

const given = (v: unknown): boolean => v !== undefined && v !== null;

export function judgeArguments(d: Declaration, subject: ViolationSubject): Found & GivenArguments {
  const flags = {
    hasList: given(d.privateIpAddresses),
    hasCount: given(d.secondaryPrivateIpAddressCount),
    hasPrefixes: given(d.ipv4Prefixes),
    hasPrefixCount: given(d.ipv4PrefixCount),
  };
  const names: string[] = [];
  if (flags.hasList) names.push("privateIpAddresses");
  if (flags.hasCount) names.push("secondaryPrivateIpAddressCount");
  if (flags.hasPrefixes) names.push("ipv4Prefixes");
  if (flags.hasPrefixCount) names.push("ipv4PrefixCount");
  if (names.length > 1) {
    // The last one given is the property at fault (the address count, when a list and a count are given).
    const property = names[names.length - 1]!;
    const detail = names.length === 2 && flags.hasList && flags.hasCount ? { given: "both" as const } : { given: "both" as const, properties: names };
    const v = violation("conflicting_args", subject, property, d[property as keyof Declaration], detail);
    return { violations: [v], ...flags, conflict: true };
  }
  if (names.length === 0) {
    return { violations: [violation("conflicting_args", subject, "privateIpAddresses", undefined, { given: "neither" })], ...flags, conflict: false };
  }
  return { violations: NONE, ...flags, conflict: false };
}
