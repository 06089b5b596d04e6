// Request parameters of an RPC call, read the way the gateway reads them: query string and
// form body merged, repeat lists flattened 1-based (`PrivateIpAddress.2`), some lists as JSON arrays.
import { invalidParameter, missingParameter } from "./errors";

export class Params {
  private readonly values = new Map<string, string>();

  constructor(pairs: Iterable<readonly [string, string]>) {
    for (const [k, v] of pairs) this.values.set(k, v);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** Present and non-empty, else undefined (the SDK never sends empty optional values). */
  string(name: string): string | undefined {
    const v = this.values.get(name);
    return v === undefined || v === "" ? undefined : v;
  }

  required(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw missingParameter(name);
    return v;
  }

  integer(name: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw invalidParameter(name, `"${v}" is not an integer`);
    const n = Number(v);
    if (n < min || n > max) throw invalidParameter(name, `${n} is outside ${min}-${max}`);
    return n;
  }

  boolean(name: string): boolean | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (v !== "true" && v !== "false") throw invalidParameter(name, `"${v}" is not true or false`);
    return v === "true";
  }

  /** `Name.1`, `Name.2`, … in index order (not string order: `.10` comes after `.9`). */
  repeatList(name: string, max?: number): string[] {
    const prefix = `${name}.`;
    const items: [number, string][] = [];
    for (const [k, v] of this.values) {
      if (!k.startsWith(prefix)) continue;
      const index = k.slice(prefix.length);
      if (!/^[1-9]\d*$/.test(index)) continue;
      items.push([Number(index), v]);
    }
    items.sort((a, b) => a[0] - b[0]);
    if (max !== undefined && items.length > max) throw invalidParameter(`${name}.N`, `at most ${max} items are allowed, got ${items.length}`);
    return items.map(([, v]) => v);
  }

  /** A list sent as a JSON array string (`InstanceIds=["i-1","i-2"]`). */
  jsonArray(name: string, max?: number): string[] | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw invalidParameter(name, "not a JSON array");
    }
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === "string")) throw invalidParameter(name, "not a JSON array of strings");
    if (max !== undefined && parsed.length > max) throw invalidParameter(name, `at most ${max} items are allowed, got ${parsed.length}`);
    return parsed as string[];
  }

  /** The action's own parameters, sorted: the fingerprint of a request for ClientToken idempotency. */
  fingerprint(ignored: ReadonlySet<string>): string {
    return [...this.values]
      .filter(([k]) => !ignored.has(k))
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join("&");
  }
}

/** Splits `a=b&c=d` into decoded pairs; `+` is a space as in forms (the SDK never sends a raw `+`). */
export function parseQueryPairs(raw: string): [string, string][] {
  if (raw === "") return [];
  const out: [string, string][] = [];
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? "" : part.slice(eq + 1);
    out.push([decode(k), decode(v)]);
  }
  return out;
}

function decode(s: string): string {
  const spaced = s.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
