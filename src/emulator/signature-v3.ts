// ACS3-HMAC-SHA256 (signature V3) as @alicloud/openapi-core 1.0.8 computes it (docs/alibaba-api.md). The
// verifier never signs the raw wire query: Node's querystring leaves !'()* unescaped while the
// signer encodes them, so the query is decoded and re-encoded with the signer's rules.
import { createHash, createHmac } from "node:crypto";

export const V3_ALGORITHM = "ACS3-HMAC-SHA256";

/** RFC 3986 encoding as the SDK's `encode`: encodeURIComponent plus !'()* escaped. */
export function acsEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Sorted by name in code-unit order (`.10` before `.2`), ties by value; values encoded. */
export function canonicalQueryString(pairs: readonly (readonly [string, string])[]): string {
  return [...pairs]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${acsEncode(v)}`)
    .join("&");
}

/** `name:value\n` for each signed header, values trimmed, repeated values sorted and comma-joined. */
export function canonicalHeaders(signedHeaders: readonly string[], headers: Readonly<Record<string, string | string[] | undefined>>): string {
  let out = "";
  for (const name of signedHeaders) {
    const raw = headers[name];
    const values = (raw === undefined ? [""] : Array.isArray(raw) ? raw : [raw]).map((v) => v.replace(/[\t\n\r\f]/g, " ").trim()).sort();
    out += `${name}:${values.join(",")}\n`;
  }
  return out;
}

export interface V3Input {
  method: string;
  path: string;
  queryPairs: readonly (readonly [string, string])[];
  /** Lower-cased header names as Node gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  signedHeaders: readonly string[];
  payloadSha256Hex: string;
}

export function canonicalRequest(input: V3Input): string {
  const uri = (input.path || "/").replace(/\+/g, "%20").replace(/\*/g, "%2A").replace(/%7E/g, "~");
  return [
    input.method.toUpperCase(),
    uri,
    canonicalQueryString(input.queryPairs),
    canonicalHeaders(input.signedHeaders, input.headers),
    input.signedHeaders.join(";"),
    input.payloadSha256Hex,
  ].join("\n");
}

export function stringToSign(canonical: string): string {
  return `${V3_ALGORITHM}\n${createHash("sha256").update(canonical).digest("hex")}`;
}

export function v3Signature(input: V3Input, secret: string): string {
  return createHmac("sha256", secret).update(stringToSign(canonicalRequest(input))).digest("hex");
}

export interface ParsedAuthorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** `ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=a;b,Signature=hex`; undefined when malformed. */
export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const m = /^ACS3-HMAC-SHA256 (.*)$/.exec(header.trim());
  if (!m || m[1] === undefined) return undefined;
  const fields = new Map<string, string>();
  for (const part of m[1].split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get("Credential");
  const signed = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!accessKeyId || !signed || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return undefined;
  const signedHeaders = signed.split(";").map((h) => h.trim().toLowerCase());
  if (signedHeaders.some((h) => h === "")) return undefined;
  return { accessKeyId, signedHeaders, signature: signature.toLowerCase() };
}

export function sha256Hex(body: Buffer | string): string {
  return createHash("sha256").update(body).digest("hex");
}
