// Who calls: an SDK credential object that reads the environment on every request. Keys from
// ALIBABA_CLOUD_ACCESS_KEY_ID/…_SECRET/…_SECURITY_TOKEN win; otherwise the default chain of
// @alicloud/credentials (env, OIDC, CLI profile, ECS RAM role, …). Nothing here keeps a secret in a
// field: the env object is held in a closure, so JSON.stringify/inspect of the object show no key.
// When the chain finds nothing we throw CloudConfigError(MissingCredentials): the SDK rethrows what
// the credential throws unchanged, so it reaches the caller as a config error, which is never retried,
// instead of as a transport error retried for half a minute that names no credential at all.
import Credential, { CredentialModel, DefaultCredentialsProvider, type CredentialsProvider } from "@alicloud/credentials";
import { CloudConfigError } from "./errors";

/**
 * The library's default chain, less its URI provider when ALIBABA_CLOUD_CREDENTIALS_URI is unset:
 * @alicloud/credentials 2.4 adds that provider unconditionally, and without a URI it resolves and
 * connects to the host "undefined" on port 443, a DNS query and a connection attempt for a source
 * that cannot exist. Like the chain itself, this reads process.env. Should the library's internals
 * change shape, the chain is used as it comes.
 */
function defaultChain(): Credential {
  const chain = DefaultCredentialsProvider.builder().build();
  const providers = (chain as unknown as { providers?: unknown }).providers;
  if (!process.env["ALIBABA_CLOUD_CREDENTIALS_URI"] && Array.isArray(providers)) {
    for (let i = providers.length - 1; i >= 0; i--) {
      if ((providers[i] as CredentialsProvider | undefined)?.getProviderName?.() === "credential_uri") providers.splice(i, 1);
    }
  }
  return new Credential(null, chain);
}

/**
 * What to do about missing credentials, naming variables only (the chain's own message is kept as
 * the error's cause, not quoted: a provider's message may quote a file path or config value).
 */
export function missingCredentialsMessage(env: NodeJS.ProcessEnv): string {
  const id = Boolean(env["ALIBABA_CLOUD_ACCESS_KEY_ID"]);
  const secret = Boolean(env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]);
  const half = id && !secret ? "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not; " : !id && secret ? "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not; " : "";
  return (
    `no Alibaba Cloud credentials: ${half}set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET ` +
    "(plus ALIBABA_CLOUD_SECURITY_TOKEN for STS keys), or configure the default credential chain of @alicloud/credentials " +
    "(ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials, the aliyun CLI's ~/.aliyun/config.json, " +
    "ALIBABA_CLOUD_ROLE_ARN with ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE, " +
    "an ECS instance RAM role, or ALIBABA_CLOUD_CREDENTIALS_URI)"
  );
}

/** The subset of @alicloud/credentials' ICredential that @alicloud/openapi-core calls. */
export interface CallTimeCredential {
  getCredential(): Promise<CredentialModel>;
  getAccessKeyId(): Promise<string>;
  getAccessKeySecret(): Promise<string>;
  getSecurityToken(): Promise<string>;
  getBearerToken(): string;
  getType(): string;
}

export function createCallTimeCredential(env: NodeJS.ProcessEnv = process.env): CallTimeCredential {
  // Built on first need only: constructing the default chain may probe files, and its ECS RAM role
  // provider may query the metadata service, which we never want when env keys are given.
  let chain: Credential | undefined;
  const resolve = async (): Promise<CredentialModel> => {
    const accessKeyId = env["ALIBABA_CLOUD_ACCESS_KEY_ID"];
    const accessKeySecret = env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"];
    if (accessKeyId && accessKeySecret) {
      const securityToken = env["ALIBABA_CLOUD_SECURITY_TOKEN"];
      return new CredentialModel({
        accessKeyId,
        accessKeySecret,
        ...(securityToken ? { securityToken, type: "sts" } : { type: "access_key" }),
        providerName: "env",
      });
    }
    try {
      chain ??= defaultChain();
      return await chain.getCredential();
    } catch (error) {
      // A later call tries the chain afresh (a file may have appeared, a role come up); the library's
      // chain would otherwise only ever ask the provider it tried last.
      chain = undefined;
      throw new CloudConfigError("MissingCredentials", missingCredentialsMessage(env), { cause: error });
    }
  };
  const credential: CallTimeCredential = {
    getCredential: resolve,
    getAccessKeyId: async () => (await resolve()).accessKeyId ?? "",
    getAccessKeySecret: async () => (await resolve()).accessKeySecret ?? "",
    getSecurityToken: async () => (await resolve()).securityToken ?? "",
    getBearerToken: () => "",
    getType: () => "access_key",
    // Belt and braces: should anything ever serialise or print this object, it says nothing.
    toJSON: () => "[credential]",
    [Symbol.for("nodejs.util.inspect.custom")]: () => "[credential]",
  } as CallTimeCredential;
  return credential;
}
