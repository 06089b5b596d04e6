// The legacy RPC signature (HMAC-SHA1 over the sorted query, key = secret + "&", base64), still
// sent by old SDKs, the aliyun CLI and hand-written scripts (docs/alibaba-api.md, "Request signatures"; getRPCSignature of @alicloud/openapi-core).
import { createHmac } from "node:crypto";
import { acsEncode } from "./signature-v3";

/** Every parameter except Signature, sorted by name, `k=v` with both sides encoded. */
export function v1StringToSign(method: string, pairs: readonly (readonly [string, string])[]): string {
  const canonical = pairs
    .filter(([k]) => k !== "Signature")
    .map(([k, v]) => [acsEncode(k), acsEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  return `${method.toUpperCase()}&${acsEncode("/")}&${acsEncode(canonical)}`;
}

export function v1Signature(method: string, pairs: readonly (readonly [string, string])[], secret: string): string {
  return createHmac("sha1", `${secret}&`).update(v1StringToSign(method, pairs)).digest("base64");
}
