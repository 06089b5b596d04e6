// Authentication over HTTP: the real SDK gets in, everything else gets the gateway's error codes.
// Raw requests are signed with the SDK's own signer (OpenApiUtil) so the test does not trust ours.
import * as $Ecs from "@alicloud/ecs20140526";
import { OpenApiUtil } from "@alicloud/openapi-core";
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS, DEMO_IDS } from "../../src/emulator";
import { sdkError, useEmulator } from "../helpers/emulator";
import { acsDate, v1Call, v3Call as rawCall } from "./raw-requests";

describe("emulator authentication", () => {
  const emu = useEmulator();

  it("accepts the real SDK with the demo key", async () => {
    const res = await emu().ecs.describeNetworkInterfaces(new $Ecs.DescribeNetworkInterfacesRequest({ regionId: "cn-hangzhou", networkInterfaceId: [DEMO_IDS.eniWeb01] }));
    expect(res.body?.networkInterfaceSets?.networkInterfaceSet?.[0]?.networkInterfaceId).toBe(DEMO_IDS.eniWeb01);
    expect(res.body?.requestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });

  it("accepts a raw request signed by the SDK's signer", async () => {
    const res = await rawCall(emu().url);
    expect(res.status).toBe(200);
  });

  it("refuses an unknown access key with InvalidAccessKeyId.NotFound (404)", async () => {
    const err = await sdkError(emu().ecsClient({ accessKeyId: "nobody", accessKeySecret: "x" }).describeNetworkInterfaces(new $Ecs.DescribeNetworkInterfacesRequest({ regionId: "cn-hangzhou" })));
    expect(err.code).toBe("InvalidAccessKeyId.NotFound");
    expect(err.statusCode).toBe(404);
  });

  it("refuses a wrong secret with SignatureDoesNotMatch (400) and the full error envelope", async () => {
    const res = await rawCall(emu().url, { secret: "wrong-secret" });
    expect(res.status).toBe(400);
    expect(res.body["Code"]).toBe("SignatureDoesNotMatch");
    expect(Object.keys(res.body).sort()).toEqual(["Code", "HostId", "Message", "Recommend", "RequestId"]);
    expect(res.body["RequestId"]).toMatch(/^[0-9A-F-]{36}$/);
    expect(res.body["Recommend"]).toContain("SignatureDoesNotMatch");
    const viaSdk = await sdkError(emu().ecsClient({ accessKeyId: DEMO_CREDENTIALS.accessKeyId, accessKeySecret: "wrong" }).describeNetworkInterfaces(new $Ecs.DescribeNetworkInterfacesRequest({ regionId: "cn-hangzhou" })));
    expect(viaSdk.code).toBe("SignatureDoesNotMatch");
    expect(viaSdk.statusCode).toBe(400);
  });

  it("refuses a tampered parameter (signature computed over other values)", async () => {
    const res = await rawCall(emu().url, {
      authorization: (signed) => signed.replace(/Signature=[0-9a-f]{64}/, `Signature=${"0".repeat(64)}`),
    });
    expect(res.body["Code"]).toBe("SignatureDoesNotMatch");
  });

  it("refuses a malformed Authorization header with IncompleteSignature (400)", async () => {
    const res = await rawCall(emu().url, { authorization: () => "ACS3-HMAC-SHA256 Credential=eni-ips-demo" });
    expect(res.status).toBe(400);
    expect(res.body["Code"]).toBe("IncompleteSignature");
  });

  it("refuses an x-acs-* header left out of SignedHeaders", async () => {
    const res = await rawCall(emu().url, {
      extraHeaders: { "x-acs-extra": "1" },
      authorization: (signed) => signed.replace(";x-acs-extra", ""),
    });
    expect(res.body["Code"]).toBe("IncompleteSignature");
  });

  it("refuses x-acs-date more than 15 minutes off with InvalidTimeStamp.Expired, accepts 14 minutes", async () => {
    const stale = await rawCall(emu().url, { date: acsDate(Date.now() - 16 * 60_000) });
    expect(stale.status).toBe(400);
    expect(stale.body["Code"]).toBe("InvalidTimeStamp.Expired");
    const future = await rawCall(emu().url, { date: acsDate(Date.now() + 16 * 60_000) });
    expect(future.body["Code"]).toBe("InvalidTimeStamp.Expired");
    const ok = await rawCall(emu().url, { date: acsDate(Date.now() - 14 * 60_000) });
    expect(ok.status).toBe(200);
  });

  it("refuses a reused nonce with SignatureNonceUsed (400)", async () => {
    const nonce = randomBytes(16).toString("hex");
    const first = await rawCall(emu().url, { nonce });
    expect(first.status).toBe(200);
    const again = await rawCall(emu().url, { nonce });
    expect(again.status).toBe(400);
    expect(again.body["Code"]).toBe("SignatureNonceUsed");
  });

  it("does not count refused requests as calls", async () => {
    const before = emu().emulator.callCounts().reads;
    await rawCall(emu().url, { secret: "bad" });
    expect(emu().emulator.callCounts().reads).toBe(before);
  });

  it("accepts the legacy V1 query signature and refuses a wrong one", async () => {
    const params = { Action: "DescribeNetworkInterfaceAttribute", NetworkInterfaceId: DEMO_IDS.eniAvailable };
    const ok = await v1Call(emu().url, params);
    expect(ok.status).toBe(200);
    expect(ok.body["PrivateIpAddress"]).toBe("10.0.1.100");
    const bad = await v1Call(emu().url, params, {}, (signed) => ({ ...signed, SignatureNonce: "other" }));
    expect(bad.status).toBe(400);
    expect(bad.body["Code"]).toBe("SignatureDoesNotMatch");
  });

  it("answers an unknown action with InvalidAction.NotFound (404)", async () => {
    const res = await rawCall(emu().url, { action: "RunInstances" });
    expect(res.status).toBe(404);
    expect(res.body["Code"]).toBe("InvalidAction.NotFound");
  });

  it("reads form-encoded bodies as parameters", async () => {
    const body = `RegionId=cn-hangzhou&NetworkInterfaceId=${DEMO_IDS.eniAvailable}`;
    const bodySha = createHash("sha256").update(body).digest("hex");
    const headers: Record<string, string> = {
      host: new URL(emu().url).host,
      "content-type": "application/x-www-form-urlencoded",
      "x-acs-action": "DescribeNetworkInterfaceAttribute",
      "x-acs-version": "2014-05-26",
      "x-acs-date": acsDate(Date.now()),
      "x-acs-signature-nonce": randomBytes(16).toString("hex"),
      "x-acs-content-sha256": bodySha,
    };
    const authorization = OpenApiUtil.getAuthorization({ pathname: "/", method: "POST", query: {}, headers } as never, "ACS3-HMAC-SHA256", bodySha, DEMO_CREDENTIALS.accessKeyId, DEMO_CREDENTIALS.accessKeySecret);
    const { host: _h, ...send } = headers;
    const res = await fetch(`${emu().url}/`, { method: "POST", headers: { ...send, authorization }, body });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Record<string, unknown>)["NetworkInterfaceId"]).toBe(DEMO_IDS.eniAvailable);
  });
});
