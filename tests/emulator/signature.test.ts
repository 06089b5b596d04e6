// Signature algorithms checked against the published V3 test vector (docs/alibaba-api.md) and against the
// SDK's own signer, so the emulator cannot agree with itself while disagreeing with the SDK.
import { OpenApiUtil } from "@alicloud/openapi-core";
import { describe, expect, it } from "vitest";
import { parseQueryPairs } from "../../src/emulator/params";
import { v1Signature } from "../../src/emulator/signature-v1";
import { acsEncode, canonicalQueryString, parseAuthorization, sha256Hex, v3Signature } from "../../src/emulator/signature-v3";

const WIRE_QUERY =
  "RegionId=cn-hangzhou&NetworkInterfaceId=eni-bp1example0000&PrivateIpAddress.1=192.168.0.10&PrivateIpAddress.2=192.168.0.11&PrivateIpAddress.10=192.168.0.19&ClientToken=a%20b*c'(x)!~";
const HEADERS = {
  host: "ecs.cn-hangzhou.aliyuncs.com",
  "x-acs-action": "AssignPrivateIpAddresses",
  "x-acs-version": "2014-05-26",
  "x-acs-date": "2025-01-01T00:00:00Z",
  "x-acs-signature-nonce": "3a1e4f0b5c6d7e8f90a1b2c3d4e5f607",
  "x-acs-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
};
const VECTOR_AUTHORIZATION =
  "ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=9762ba0abcd512498412b4e8927146452bf850c5a70705cc9d364dbe7584e414";

describe("signature V3 (ACS3-HMAC-SHA256)", () => {
  it("re-encodes the decoded wire query into the canonical query string of the test vector", () => {
    expect(canonicalQueryString(parseQueryPairs(WIRE_QUERY))).toBe(
      "ClientToken=a%20b%2Ac%27%28x%29%21~&NetworkInterfaceId=eni-bp1example0000&PrivateIpAddress.1=192.168.0.10&PrivateIpAddress.10=192.168.0.19&PrivateIpAddress.2=192.168.0.11&RegionId=cn-hangzhou",
    );
  });

  it("verifies the V3 test vector computed with @alicloud/openapi-core 1.0.8", () => {
    const parsed = parseAuthorization(VECTOR_AUTHORIZATION);
    expect(parsed).toBeDefined();
    const signature = v3Signature(
      { method: "POST", path: "/", queryPairs: parseQueryPairs(WIRE_QUERY), headers: HEADERS, signedHeaders: parsed!.signedHeaders, payloadSha256Hex: sha256Hex("") },
      "testAccessKeySecret",
    );
    expect(signature).toBe("9762ba0abcd512498412b4e8927146452bf850c5a70705cc9d364dbe7584e414");
    expect(parsed!.signature).toBe(signature);
    expect(parsed!.accessKeyId).toBe("testAccessKeyId");
  });

  it("rejects the vector with another secret or a changed parameter", () => {
    const parsed = parseAuthorization(VECTOR_AUTHORIZATION)!;
    const base = { method: "POST", path: "/", headers: HEADERS, signedHeaders: parsed.signedHeaders, payloadSha256Hex: sha256Hex("") };
    expect(v3Signature({ ...base, queryPairs: parseQueryPairs(WIRE_QUERY) }, "otherSecret")).not.toBe(parsed.signature);
    expect(v3Signature({ ...base, queryPairs: parseQueryPairs(WIRE_QUERY.replace("192.168.0.19", "192.168.0.20")) }, "testAccessKeySecret")).not.toBe(parsed.signature);
  });

  it("matches the SDK's own getAuthorization for awkward values", () => {
    const query = { RegionId: "cn-hangzhou", Name: "a b+c/d*é~!'()", "PrivateIpAddress.1": "10.0.0.1" };
    const headers = { ...HEADERS, host: "127.0.0.1:8080", "x-acs-credentials-provider": "static_ak" };
    const sdk = OpenApiUtil.getAuthorization(
      { pathname: "/", method: "POST", query, headers } as never,
      "ACS3-HMAC-SHA256",
      sha256Hex(""),
      "id",
      "secret",
    );
    const parsed = parseAuthorization(sdk)!;
    // The wire form as Node's querystring writes it (what the SDK sends).
    const wire = new URLSearchParams(query).toString().replace(/\+/g, "%20");
    const ours = v3Signature(
      { method: "POST", path: "/", queryPairs: parseQueryPairs(wire), headers, signedHeaders: parsed.signedHeaders, payloadSha256Hex: sha256Hex("") },
      "secret",
    );
    expect(ours).toBe(parsed.signature);
  });

  it("refuses malformed Authorization headers", () => {
    expect(parseAuthorization("ACS3-HMAC-SHA256 Credential=x,SignedHeaders=host")).toBeUndefined();
    expect(parseAuthorization("HMAC-SHA1 Credential=x,SignedHeaders=host,Signature=ab")).toBeUndefined();
    expect(parseAuthorization("ACS3-HMAC-SHA256 Credential=x,SignedHeaders=host,Signature=nothex")).toBeUndefined();
  });

  it("encodes like RFC 3986 with upper-case hex", () => {
    expect(acsEncode("a b*c'(x)!~é")).toBe("a%20b%2Ac%27%28x%29%21~%C3%A9");
  });
});

describe("signature V1 (HMAC-SHA1)", () => {
  it("matches the SDK's getRPCSignature", () => {
    const params = {
      Action: "DescribeNetworkInterfaces",
      Version: "2014-05-26",
      Format: "JSON",
      AccessKeyId: "id",
      SignatureMethod: "HMAC-SHA1",
      SignatureVersion: "1.0",
      SignatureNonce: "n-1",
      Timestamp: "2025-01-01T00:00:00Z",
      RegionId: "cn-hangzhou",
      "NetworkInterfaceId.1": "eni-a b*",
    };
    const expected = OpenApiUtil.getRPCSignature(params, "GET", "secret");
    expect(v1Signature("GET", Object.entries(params), "secret")).toBe(expected);
    expect(v1Signature("GET", Object.entries(params), "other")).not.toBe(expected);
  });
});
