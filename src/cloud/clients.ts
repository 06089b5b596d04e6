// SDK client construction: one ECS and one VPC client for a region, pointed at an endpoint override
// when one is set (the emulator serves both products on one port), with bounded timeouts and the
// SDK's own retry switched off (our retry loop owns backoff, tokens and read-back).
import EcsClient from "@alicloud/ecs20140526";
import VpcClient from "@alicloud/vpc20160428";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import type { CallTimeCredential } from "./credentials";
import { parseEndpointUrl } from "./settings";
import type { CloudSettings } from "./types";

export { EcsClient, VpcClient };

/** Milliseconds. A hung connection must not hold a Pulumi preview for minutes. */
export const CONNECT_TIMEOUT_MS = 5_000;
export const READ_TIMEOUT_MS = 20_000;

export interface SdkClients {
  readonly ecs: EcsClient;
  readonly vpc: VpcClient;
}

export interface ClientOptions {
  readonly connectTimeoutMs?: number | undefined;
  readonly readTimeoutMs?: number | undefined;
}

function config(settings: CloudSettings, endpointUrl: string | undefined, variable: string, credential: CallTimeCredential, options: ClientOptions): $OpenApiUtil.Config {
  const cfg = new $OpenApiUtil.Config({
    regionId: settings.regionId,
    connectTimeout: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    readTimeout: options.readTimeoutMs ?? READ_TIMEOUT_MS,
    userAgent: "eni-ips",
  });
  // The SDK types `credential` as the concrete class; it only ever calls the methods we implement.
  cfg.credential = credential as unknown as NonNullable<$OpenApiUtil.Config["credential"]>;
  if (endpointUrl !== undefined) {
    const { endpoint, protocol } = parseEndpointUrl(endpointUrl, variable);
    cfg.endpoint = endpoint;
    cfg.protocol = protocol;
  }
  return cfg;
}

export function createSdkClients(settings: CloudSettings, credential: CallTimeCredential, options: ClientOptions = {}): SdkClients {
  return {
    ecs: new EcsClient(config(settings, settings.ecsEndpoint, "ALIBABA_CLOUD_ECS_ENDPOINT", credential, options)),
    vpc: new VpcClient(config(settings, settings.vpcEndpoint, "ALIBABA_CLOUD_VPC_ENDPOINT", credential, options)),
  };
}
