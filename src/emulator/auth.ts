// Authenticates a request by signature V3 (Authorization header) or the legacy V1 query signature,
// with the gateway's codes and statuses (docs/alibaba-api.md): unknown key 404, bad or malformed
// signature 400, clock skew beyond 15 minutes 400, replayed nonce 400.
import { timingSafeEqual } from "node:crypto";
import { ApiError } from "./errors";
import { NonceCache } from "./nonce-cache";
import { v1Signature } from "./signature-v1";
import { parseAuthorization, sha256Hex, v3Signature } from "./signature-v3";
import type { EmulatorCredentials } from "./types";

export const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;

export interface AuthRequest {
  method: string;
  path: string;
  queryPairs: readonly (readonly [string, string])[];
  /** Query and form parameters together (V1 signs both). */
  allPairs: readonly (readonly [string, string])[];
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

/** V1 signs the parameters (query and form); V3 signs the headers it lists, the query and the body. */
export type SignatureScheme = "v1" | "v3";

export interface Authenticated {
  accessKeyId: string;
  scheme: SignatureScheme;
  /** A read-only key: every mutation is refused with Forbidden.RAM. */
  readOnly: boolean;
}

export const incomplete = (why: string): ApiError =>
  new ApiError(400, "IncompleteSignature", `The request signature does not conform to Aliyun standards. ${why}`);
const keyNotFound = (): ApiError => new ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
const mismatch = (detail: string): ApiError =>
  new ApiError(400, "SignatureDoesNotMatch", `Specified signature does not match our calculation. ${detail}`);
const expired = (): ApiError => new ApiError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
const nonceUsed = (): ApiError => new ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");

export class Authenticator {
  private readonly secrets: Map<string, string>;
  private readonly readOnlyKeys: Set<string>;
  readonly nonces = new NonceCache(2 * TIMESTAMP_WINDOW_MS);

  constructor(
    credentials: readonly EmulatorCredentials[],
    private readonly clock: () => number,
    readOnlyCredentials: readonly EmulatorCredentials[] = [],
  ) {
    // A key listed both ways keeps its full rights.
    const full = new Set(credentials.map((c) => c.accessKeyId));
    this.readOnlyKeys = new Set(readOnlyCredentials.map((c) => c.accessKeyId).filter((id) => !full.has(id)));
    this.secrets = new Map([...readOnlyCredentials, ...credentials].map((c) => [c.accessKeyId, c.accessKeySecret]));
  }

  /** The AccessKeyId of a valid request and the scheme that signed it, or throws the gateway's error. */
  authenticate(req: AuthRequest): Authenticated {
    const authorization = header(req.headers, "authorization");
    const signed = (accessKeyId: string, scheme: SignatureScheme): Authenticated => ({ accessKeyId, scheme, readOnly: this.readOnlyKeys.has(accessKeyId) });
    if (authorization !== undefined) return signed(this.verifyV3(req, authorization), "v3");
    if (req.allPairs.some(([k]) => k === "Signature")) return signed(this.verifyV1(req), "v1");
    throw incomplete("Neither an Authorization header nor a Signature parameter was sent.");
  }

  private verifyV3(req: AuthRequest, authorization: string): string {
    const parsed = parseAuthorization(authorization);
    if (!parsed) throw incomplete("Malformed Authorization header.");
    const signed = new Set(parsed.signedHeaders);
    // The SDK signs host and every x-acs-* header; an unsigned one could be altered in transit.
    if (!signed.has("host")) throw incomplete("SignedHeaders must include host.");
    for (const name of Object.keys(req.headers)) {
      if (name.startsWith("x-acs-") && !signed.has(name)) throw incomplete(`Header ${name} is not signed.`);
    }
    const date = header(req.headers, "x-acs-date");
    const nonce = header(req.headers, "x-acs-signature-nonce");
    if (date === undefined) throw incomplete("Missing x-acs-date.");
    if (nonce === undefined) throw incomplete("Missing x-acs-signature-nonce.");
    const secret = this.secrets.get(parsed.accessKeyId);
    if (secret === undefined) throw keyNotFound();
    const payload = sha256Hex(req.body);
    const declared = header(req.headers, "x-acs-content-sha256");
    if (declared !== undefined && declared.toLowerCase() !== payload) throw mismatch("x-acs-content-sha256 does not match the body.");
    const expected = v3Signature(
      { method: req.method, path: req.path, queryPairs: req.queryPairs, headers: req.headers, signedHeaders: parsed.signedHeaders, payloadSha256Hex: payload },
      secret,
    );
    if (!sameText(expected, parsed.signature)) throw mismatch("");
    this.checkFreshness(date, nonce);
    return parsed.accessKeyId;
  }

  private verifyV1(req: AuthRequest): string {
    const get = (name: string): string | undefined => {
      for (const [k, v] of req.allPairs) if (k === name) return v;
      return undefined;
    };
    const accessKeyId = get("AccessKeyId");
    const signature = get("Signature");
    const method = get("SignatureMethod");
    const timestamp = get("Timestamp");
    const nonce = get("SignatureNonce");
    if (!accessKeyId || !signature) throw incomplete("AccessKeyId and Signature are required.");
    if (method !== "HMAC-SHA1") throw new ApiError(400, "InvalidParameter", `The specified SignatureMethod "${method ?? ""}" is not supported.`);
    if (!timestamp) throw new ApiError(400, "MissingParameter", 'The input parameter "Timestamp" that is mandatory for processing this request is not supplied.');
    if (!nonce) throw new ApiError(400, "MissingParameter", 'The input parameter "SignatureNonce" that is mandatory for processing this request is not supplied.');
    const secret = this.secrets.get(accessKeyId);
    if (secret === undefined) throw keyNotFound();
    const expected = v1Signature(req.method, req.allPairs, secret);
    if (!sameText(expected, signature)) throw mismatch("");
    this.checkFreshness(timestamp, nonce);
    return accessKeyId;
  }

  private checkFreshness(date: string, nonce: string): void {
    const at = parseAcsDate(date);
    if (at === undefined) throw new ApiError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
    const now = this.clock();
    if (Math.abs(now - at) > TIMESTAMP_WINDOW_MS) throw expired();
    if (!this.nonces.use(nonce, now)) throw nonceUsed();
  }
}

/** `YYYY-MM-DDTHH:mm:ssZ` (milliseconds tolerated); undefined when not that shape. */
export function parseAcsDate(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

export function header(headers: AuthRequest["headers"], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
