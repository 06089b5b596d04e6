// Error translation and classification, settings from an env object, call-time credentials.
import { mkdtempSync, rmSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  CloudApiError,
  CloudConfigError,
  CloudTransportError,
  createCallTimeCredential,
  createCloudSession,
  isAmbiguous,
  isRetryable,
  parseEndpointUrl,
  readCloudSettings,
} from "../../src/cloud";
import { toCloudError } from "../../src/cloud/errors";

/** Shaped like @alicloud/openapi-core's ClientError/ServerError/ThrottlingError. */
function sdkError(statusCode: number, code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`code: ${statusCode}, msg request id: RID-1`), {
    name: statusCode >= 500 ? "ServerError" : "ClientError",
    statusCode,
    code,
    requestId: "RID-1",
    data: { Code: code, Message: `the message of ${code}`, RequestId: "RID-1" },
    ...extra,
  });
}

function nodeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("toCloudError", () => {
  it("keeps the API's code, request id, status, action and the SDK error as cause", () => {
    const original = sdkError(403, "InvalidVSwitchId.IpInvalid");
    const e = toCloudError(original, "AssignPrivateIpAddresses");
    expect(e).toBeInstanceOf(CloudApiError);
    const api = e as CloudApiError;
    expect(api.name).toBe("CloudApiError");
    expect(api.code).toBe("InvalidVSwitchId.IpInvalid");
    expect(api.requestId).toBe("RID-1");
    expect(api.statusCode).toBe(403);
    expect(api.action).toBe("AssignPrivateIpAddresses");
    expect(api.cause).toBe(original);
    expect(api.message).toContain("the message of InvalidVSwitchId.IpInvalid");
  });

  it("names the missing RAM permission: the gateway's AccessDeniedDetail.AuthAction, else the action's own", () => {
    const detail = { AuthAction: "ecs:UnassignPrivateIpAddresses", AuthPrincipalDisplayName: "key-id-of-someone", NoPermissionType: "ImplicitDeny" };
    const told = toCloudError(sdkError(403, "Forbidden.RAM", { accessDeniedDetail: detail }), "UnassignPrivateIpAddresses") as CloudApiError;
    expect(told.permission).toBe("ecs:UnassignPrivateIpAddresses");
    expect(told.message).toContain("needs the permission ecs:UnassignPrivateIpAddresses");
    expect(told.message).not.toContain("key-id-of-someone");
    const known = toCloudError(sdkError(403, "Forbidden.RAM"), "DescribeVSwitchAttributes") as CloudApiError;
    expect(known.permission).toBe("vpc:DescribeVSwitchAttributes");
    const other = toCloudError(sdkError(403, "InvalidIp.IpAssigned"), "AssignPrivateIpAddresses") as CloudApiError;
    expect(other.permission).toBeUndefined();
    expect(other.message).not.toContain("permission");
  });

  it("reads x-acs-retry-after from the SDK's ThrottlingError", () => {
    const e = toCloudError(sdkError(400, "Throttling.User", { name: "ThrottlingError", retryAfter: 1500 }), "DescribeInstances") as CloudApiError;
    expect(e.retryAfterMs).toBe(1500);
  });

  it.each([
    ["ECONNRESET", "socket hang up", true],
    ["ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1", false],
    ["ENOTFOUND", "getaddrinfo ENOTFOUND x", false],
  ])("transport %s becomes CloudTransportError (sent: %s)", (code, message, sent) => {
    const e = toCloudError(nodeError(code, message), "AssignPrivateIpAddresses");
    expect(e).toBeInstanceOf(CloudTransportError);
    expect((e as CloudTransportError).code).toBe(code);
    expect((e as CloudTransportError).requestMayHaveBeenSent).toBe(sent);
  });

  it("classifies httpx timeouts: both may have been sent (httpx's ConnectTimeout is the socket's idle timeout, also after connecting)", () => {
    const connect = toCloudError(Object.assign(new Error("ConnectTimeout: Connect http://x failed."), { name: "RequestTimeoutError" }), "A") as CloudTransportError;
    const read = toCloudError(Object.assign(new Error("ReadTimeout: 100. POST /?a=b failed."), { name: "RequestTimeoutError" }), "A") as CloudTransportError;
    expect([connect.code, connect.requestMayHaveBeenSent, isAmbiguous(connect)]).toEqual(["ConnectTimeout", true, true]);
    expect([read.code, read.requestMayHaveBeenSent]).toEqual(["ReadTimeout", true]);
    expect(read.message).not.toContain("a=b");
  });
});

describe("isRetryable / isAmbiguous", () => {
  const api = (status: number, code: string) => toCloudError(sdkError(status, code), "AssignPrivateIpAddresses");
  it.each([
    [400, "Throttling", true, false],
    [400, "Throttling.User", true, false],
    [400, "Throttling.Api", true, false],
    [400, "Rejected.Throttling", true, false],
    [403, "Operation.Conflict", true, false],
    [409, "OperationConflict", true, false],
    [500, "InternalError", true, true],
    [503, "ServiceUnavailable", true, true],
    [403, "InvalidVSwitchId.IpInvalid", false, false],
    [403, "InvalidIp.IpAssigned", false, false],
    [404, "InvalidEniId.NotFound", false, false],
    [400, "IdempotentParameterMismatch", false, false],
    [400, "IdempotentFailed", false, false],
    [403, "IdempotentProcessing", true, true],
    [403, "LastTokenProcessing", true, true],
    [403, "Forbidden.RAM", false, false],
  ])("HTTP %s %s: retryable %s, ambiguous %s", (status, code, retryable, ambiguous) => {
    const e = api(status, code);
    expect(isRetryable(e)).toBe(retryable);
    expect(isAmbiguous(e)).toBe(ambiguous);
  });

  it("transport errors are retryable; ambiguous only when the request may have left", () => {
    const reset = toCloudError(nodeError("ECONNRESET", "socket hang up"), "A");
    const refused = toCloudError(nodeError("ECONNREFUSED", "refused"), "A");
    expect([isRetryable(reset), isAmbiguous(reset)]).toEqual([true, true]);
    expect([isRetryable(refused), isAmbiguous(refused)]).toEqual([true, false]);
    expect(isRetryable(new Error("plain"))).toBe(false);
    expect(isRetryable(new CloudConfigError("MissingRegion", "x"))).toBe(false);
  });
});

describe("readCloudSettings", () => {
  it("reads the region and endpoint URLs from the given env object", () => {
    const s = readCloudSettings({ env: { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou", ALIBABA_CLOUD_ECS_ENDPOINT: "http://127.0.0.1:8080" } });
    expect(s).toEqual({ regionId: "cn-hangzhou", ecsEndpoint: "http://127.0.0.1:8080", vpcEndpoint: undefined });
  });

  it("an explicit regionId wins over the environment", () => {
    expect(readCloudSettings({ env: { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou" }, regionId: "eu-central-1" }).regionId).toBe("eu-central-1");
  });

  it("a missing region is a CloudConfigError MissingRegion", () => {
    const error = (() => {
      try {
        readCloudSettings({ env: {} });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CloudConfigError);
    expect((error as CloudConfigError).code).toBe("MissingRegion");
  });

  it.each(["127.0.0.1:8080", "ftp://x", "http://h/path", "not a url"])("endpoint %s is rejected as InvalidEndpoint", (url) => {
    expect(() => readCloudSettings({ env: { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou", ALIBABA_CLOUD_VPC_ENDPOINT: url } })).toThrow(
      expect.objectContaining({ name: "CloudConfigError", code: "InvalidEndpoint" }),
    );
  });

  it("splits a URL into the SDK's endpoint and protocol", () => {
    expect(parseEndpointUrl("http://127.0.0.1:8080")).toEqual({ endpoint: "127.0.0.1:8080", protocol: "http" });
    expect(parseEndpointUrl("https://ecs.cn-hangzhou.aliyuncs.com/")).toEqual({ endpoint: "ecs.cn-hangzhou.aliyuncs.com", protocol: "https" });
  });
});

describe("call-time credentials", () => {
  it("reads keys from the env object on every call and shows nothing when serialised", async () => {
    const env: NodeJS.ProcessEnv = { ALIBABA_CLOUD_ACCESS_KEY_ID: "id-1", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "very-secret-1" };
    const credential = createCallTimeCredential(env);
    expect(await credential.getCredential()).toMatchObject({ accessKeyId: "id-1", accessKeySecret: "very-secret-1", type: "access_key" });
    env["ALIBABA_CLOUD_ACCESS_KEY_ID"] = "id-2";
    env["ALIBABA_CLOUD_SECURITY_TOKEN"] = "sts-token";
    expect(await credential.getCredential()).toMatchObject({ accessKeyId: "id-2", securityToken: "sts-token", type: "sts" });
    expect(JSON.stringify(credential)).not.toContain("very-secret");
    expect(inspect(credential, { depth: 10, showHidden: true })).not.toContain("very-secret");
  });
});

describe("no credentials anywhere", () => {
  // @alicloud/credentials' default chain reads process.env (not our env object) and the home
  // directory, and would ask the ECS metadata service: fence all of it off. Every socket is refused
  // and recorded, so nothing here can reach the network or this machine's real credentials, and
  // the tests fail should anything try (the library's own URI provider, left in the chain, would
  // connect to a host named "undefined").
  let home: string;
  let saved: NodeJS.ProcessEnv;
  let connect: ReturnType<typeof vi.spyOn>;
  let hosts: string[];
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), "eni-ips-nocreds-"));
    saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (k.startsWith("ALIBABA_CLOUD_") || k.startsWith("ALICLOUD_")) delete process.env[k];
    process.env["HOME"] = home;
    process.env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "true";
    process.env["ALIBABA_CLOUD_CLI_PROFILE_DISABLED"] = "true";
    process.env["ALIBABA_CLOUD_CREDENTIALS_FILE"] = join(home, "credentials"); // does not exist
    hosts = [];
    connect = vi.spyOn(Socket.prototype, "connect").mockImplementation((...args: unknown[]) => {
      const [first, second] = args;
      const host = typeof first === "object" && first !== null ? (first as { host?: unknown }).host : second;
      hosts.push(typeof host === "string" && host !== "" ? host : "localhost");
      throw Object.assign(new Error("connect ECONNREFUSED (refused by the test)"), { code: "ECONNREFUSED" });
    });
  });
  afterEach(() => {
    connect.mockRestore();
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    rmSync(home, { recursive: true, force: true });
  });

  it("the credential raises CloudConfigError MissingCredentials naming the variables to set", async () => {
    const error = await createCallTimeCredential({}).getCredential().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CloudConfigError);
    expect(error).toMatchObject({ name: "CloudConfigError", code: "MissingCredentials" });
    const message = (error as Error).message;
    expect(message).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
    // The chain's own failure is kept for debugging, as the cause.
    expect(String((error as Error).cause)).toMatch(/unable to get credentials/);
    expect(hosts).toEqual([]);
  });

  it("names the missing half and never a value", async () => {
    const secret = "very-secret-half-key";
    const onlySecret = await createCallTimeCredential({ ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret }).getCredential().catch((e: unknown) => e as Error);
    expect(onlySecret).toMatchObject({ code: "MissingCredentials" });
    expect((onlySecret as Error).message).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not/);
    expect((onlySecret as Error).message).not.toContain(secret);
    const onlyId = await createCallTimeCredential({ ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI-visible-id" }).getCredential().catch((e: unknown) => e as Error);
    expect((onlyId as Error).message).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not/);
    expect((onlyId as Error).message).not.toContain("LTAI-visible-id");
  });

  it("a session's first read fails with it at once: one attempt, no retry, no socket", async () => {
    const sleeps: number[] = [];
    const session = createCloudSession({
      env: { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou", ALIBABA_CLOUD_ECS_ENDPOINT: "http://127.0.0.1:9", ALIBABA_CLOUD_VPC_ENDPOINT: "http://127.0.0.1:9" },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await expect(session.gatherFacts(["eni-bp1demofree"])).rejects.toMatchObject({ name: "CloudConfigError", code: "MissingCredentials" });
    expect(session.stats().reads).toBe(1);
    expect(sleeps).toEqual([]);
    // A mutation (explicit addresses: no read first) is not retried either, nor read back: the
    // credential failed before any request was sent, so nothing can have happened.
    await expect(session.assignPrivateIpAddresses("eni-bp1demofree", { privateIpAddresses: ["10.0.1.200"] })).rejects.toMatchObject({ code: "MissingCredentials" });
    expect(session.stats()).toMatchObject({ reads: 1, mutations: 1 });
    expect(sleeps).toEqual([]);
    expect(hosts).toEqual([]);
  });
});
