// Plain data out of what @pulumi/policy hands a policy. It wraps each resource's properties in a proxy
// that throws when an unknown value (one known only after the update runs) is read, and reports the
// whole policy as "can't run during preview". eni-ips skips only the checks that need such a value,
// so it reads every property itself, once, and keeps an unknown as Pulumi's own unknown string, the
// form the resource reader (src/iac/pulumi-resources.ts) already understands.
import { PULUMI_UNKNOWN } from "../iac/pulumi-resources";

/** The engine's sentinels for unknown values of each type (pulumi/pulumi `resource/plugin/rpc.go`);
 *  the string one doubles as the marker for every unknown here. */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  PULUMI_UNKNOWN,
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export type PlainValue = null | boolean | number | string | PlainValue[] | { [key: string]: PlainValue };
export type PlainProps = Record<string, PlainValue>;

/** A resource as the stack policy sees it: plain properties, dependencies by URN. */
export interface PlainResource {
  readonly urn: string;
  readonly type: string;
  readonly props: PlainProps;
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** Reads every property; one whose read throws (an unknown) becomes PULUMI_UNKNOWN. Depth-limited:
 *  what eni-ips reads is two levels deep at most, and a property graph is not ours to walk whole. */
export function plainProps(props: unknown): PlainProps {
  const out = plain(props, 0);
  return out !== null && typeof out === "object" && !Array.isArray(out) ? out : {};
}

const MAX_DEPTH = 8;

function plain(value: unknown, depth: number): PlainValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return UNKNOWN_SENTINELS.has(value) ? PULUMI_UNKNOWN : value;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value !== "object" || depth > MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    const out: PlainValue[] = [];
    for (let i = 0; i < value.length; i++) out.push(read(value, i, depth));
    return out;
  }
  const out: Record<string, PlainValue> = {};
  for (const key of Object.keys(value)) out[key] = read(value as Record<string, unknown>, key, depth);
  return out;
}

function read(container: object, key: string | number, depth: number): PlainValue {
  try {
    return plain((container as Record<string | number, unknown>)[key], depth + 1);
  } catch {
    return PULUMI_UNKNOWN;
  }
}

export function isPulumiUnknown(value: unknown): boolean {
  return value === PULUMI_UNKNOWN;
}

/** A known, non-empty string. */
export function knownString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" && value !== PULUMI_UNKNOWN ? value : undefined;
}
