// Hand-built requests for the tests that must send what the SDK never would (a tampered header, a
// conflicting action, a foreign Host). Signatures come from the SDK's own signers (OpenApiUtil), so
// these tests do not trust the emulator's implementation of them.
import { OpenApiUtil } from "@alicloud/openapi-core";
import { createHash, randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { DEMO_CREDENTIALS, DEMO_IDS } from "../../src/emulator";

export const EMPTY_SHA = createHash("sha256").update("").digest("hex");

export function acsDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface RawAnswer {
  status: number;
  body: Record<string, string>;
  headers: Headers;
}

export interface V3Options {
  action?: string;
  version?: string;
  query?: Record<string, string>;
  id?: string;
  secret?: string;
  date?: string;
  nonce?: string;
  extraHeaders?: Record<string, string>;
  authorization?: (signed: string) => string;
}

/** A V3 (ACS3-HMAC-SHA256) RPC call, signed by the SDK's signer; `extraHeaders` are signed too. */
export async function v3Call(url: string, o: V3Options = {}): Promise<RawAnswer> {
  const host = new URL(url).host;
  const query = o.query ?? { RegionId: "cn-hangzhou", "NetworkInterfaceId.1": DEMO_IDS.eniWeb01 };
  const headers: Record<string, string> = {
    host,
    "x-acs-action": o.action ?? "DescribeNetworkInterfaces",
    "x-acs-version": o.version ?? "2014-05-26",
    "x-acs-date": o.date ?? acsDate(Date.now()),
    "x-acs-signature-nonce": o.nonce ?? randomBytes(16).toString("hex"),
    "x-acs-content-sha256": EMPTY_SHA,
    ...o.extraHeaders,
  };
  const signed = OpenApiUtil.getAuthorization(
    { pathname: "/", method: "POST", query, headers } as never,
    "ACS3-HMAC-SHA256",
    EMPTY_SHA,
    o.id ?? DEMO_CREDENTIALS.accessKeyId,
    o.secret ?? DEMO_CREDENTIALS.accessKeySecret,
  );
  const { host: _h, ...sendHeaders } = headers;
  const res = await fetch(`${url}/?${new URLSearchParams(query).toString()}`, {
    method: "POST",
    headers: { ...sendHeaders, authorization: o.authorization ? o.authorization(signed) : signed, accept: "application/json" },
  });
  return { status: res.status, body: (await res.json()) as Record<string, string>, headers: res.headers };
}

/** A legacy V1 call: every parameter signed (HMAC-SHA1) by the SDK's getRPCSignature; `headers`
 *  are sent as they are, unsigned, as V1 has no way to sign them. `tamper` edits the parameters
 *  after signing. */
export async function v1Call(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
  tamper: (signed: Record<string, string>) => Record<string, string> = (p) => p,
): Promise<RawAnswer> {
  const all: Record<string, string> = {
    Version: "2014-05-26",
    Format: "JSON",
    AccessKeyId: DEMO_CREDENTIALS.accessKeyId,
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    SignatureNonce: randomBytes(8).toString("hex"),
    Timestamp: acsDate(Date.now()),
    RegionId: "cn-hangzhou",
    ...params,
  };
  const signature = OpenApiUtil.getRPCSignature(all, "GET", DEMO_CREDENTIALS.accessKeySecret);
  const res = await fetch(`${url}/?${new URLSearchParams(tamper({ ...all, Signature: signature }))}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, string>, headers: res.headers };
}

/** node:http, because fetch will not send a Host of our choosing. */
export function adminRequest(url: string, path: string, o: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: u.hostname, port: u.port, path, method: o.method ?? "GET", headers: { host: o.host ?? u.host, ...o.headers, ...(o.body !== undefined ? { "content-length": Buffer.byteLength(o.body) } : {}) } },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
      },
    );
    req.on("error", reject);
    req.end(o.body);
  });
}
