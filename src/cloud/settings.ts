// Where to call: region and endpoint overrides, read from an environment object at call time (never
// cached in module state, so a long-lived provider process follows the environment it is given).
import { CloudConfigError } from "./errors";
import type { CloudSettings } from "./types";

export interface ReadSettingsOptions {
  /** Default: process.env. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Wins over ALIBABA_CLOUD_REGION_ID (a resource's own `regionId`, a plan's `regionId`). */
  readonly regionId?: string | undefined;
}

/** What the SDK's Config wants for an endpoint override: host[:port] and the scheme apart. */
export interface SdkEndpoint {
  readonly endpoint: string;
  readonly protocol: "http" | "https";
}

const REGION_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function readCloudSettings(options: ReadSettingsOptions = {}): CloudSettings {
  const env = options.env ?? process.env;
  const regionId = nonEmpty(options.regionId) ?? nonEmpty(env["ALIBABA_CLOUD_REGION_ID"]);
  if (regionId === undefined) {
    throw new CloudConfigError("MissingRegion", "no region: set ALIBABA_CLOUD_REGION_ID or pass regionId");
  }
  if (!REGION_ID.test(regionId)) {
    throw new CloudConfigError("MissingRegion", `region id "${regionId}" is not a region id (expected e.g. cn-hangzhou)`);
  }
  const ecsEndpoint = nonEmpty(env["ALIBABA_CLOUD_ECS_ENDPOINT"]);
  const vpcEndpoint = nonEmpty(env["ALIBABA_CLOUD_VPC_ENDPOINT"]);
  // Validate now so a bad URL fails before the first call, naming the variable at fault.
  if (ecsEndpoint !== undefined) parseEndpointUrl(ecsEndpoint, "ALIBABA_CLOUD_ECS_ENDPOINT");
  if (vpcEndpoint !== undefined) parseEndpointUrl(vpcEndpoint, "ALIBABA_CLOUD_VPC_ENDPOINT");
  return { regionId, ecsEndpoint, vpcEndpoint };
}

/** `http://127.0.0.1:8080` → `{ endpoint: "127.0.0.1:8080", protocol: "http" }`. */
export function parseEndpointUrl(url: string, variable = "endpoint"): SdkEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new CloudConfigError("InvalidEndpoint", `${variable} must be a full URL such as http://127.0.0.1:8080, got "${url}"`, { cause: error });
  }
  const protocol = parsed.protocol === "http:" ? "http" : parsed.protocol === "https:" ? "https" : undefined;
  if (protocol === undefined || parsed.host === "") {
    throw new CloudConfigError("InvalidEndpoint", `${variable} must be an http:// or https:// URL such as http://127.0.0.1:8080, got "${url}"`);
  }
  if ((parsed.pathname !== "/" && parsed.pathname !== "") || parsed.search !== "" || parsed.username !== "" || parsed.password !== "") {
    // The SDK signs requests for path "/" on this host; a path or credentials in the URL would be lost.
    throw new CloudConfigError("InvalidEndpoint", `${variable} must be scheme://host[:port] without path, query or user info, got "${redact(parsed)}"`);
  }
  return { endpoint: parsed.host, protocol };
}

function redact(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}
