// Who calls: an SDK credential object that reads the environment on every request. Keys from
// ALIBABA_CLOUD_ACCESS_KEY_ID/…_SECRET/…_SECURITY_TOKEN win; otherwise the default chain of
// @alicloud/credentials (env, OIDC, CLI profile, ECS RAM role, …). Nothing here keeps a secret in a
// field: the env object is held in a closure, so JSON.stringify/inspect of the object show no key.
import Credential, { CredentialModel } from "@alicloud/credentials";

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
  let defaultChain: Credential | undefined;
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
    defaultChain ??= new Credential();
    return defaultChain.getCredential();
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
