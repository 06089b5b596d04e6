// Nothing secret leaves the provider: the serialized provider text is a few small functions that
// load eni-ips by package name (no credential, endpoint or captured object), and no credential
// appears in outputs, state, check failures, errors or anything the host logs – on success or failure.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../src/emulator";
import { ProviderCallError, startProviderHost } from "../helpers/provider-host";
import { startProviderFixture, up, type ProviderFixture } from "./provider-fixture";

const D = DEMO_IDS;
const KEY = { accessKeyId: "LTAI5tEniIpsTestKey01", accessKeySecret: "EniIpsSuperSecretValue0123456789" };
const TOKEN = "EniIpsSecurityTokenValue-abcdef";

describe("credentials never leak", () => {
  let f: ProviderFixture;
  const seen: string[] = [];
  beforeAll(async () => {
    f = await startProviderFixture({ emulator: { credentials: [KEY] }, hostEnv: { ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN } });
  });
  afterAll(async () => f?.close());

  it.each(["address", "prefix"])("the %s resource's serialized provider is small, loads eni-ips by name and captures nothing", (which) => {
    const text = which === "address" ? f.providerText : f.prefixProviderText;
    expect(text).toContain('require("eni-ips/provider/engine")');
    if (which === "prefix") expect(text).toContain("engine.ipv4Prefixes.check(");
    expect(text.length).toBeLessThan(6000);
    for (const s of [KEY.accessKeyId, KEY.accessKeySecret, TOKEN, "ALIBABA_CLOUD", "127.0.0.1", f.em.url, "accessKey", "Credential", "Ecs20140526", "process.env"]) {
      expect(text).not.toContain(s);
    }
    // Only the provider's six methods and the handler are serialized.
    expect(text.match(/^function __f\d+/gm)).toHaveLength(7);
  });

  it("the resource's inputs carry its name and no credential", () => {
    expect(f.probe.type).toBe("pulumi-nodejs:dynamic/eni-ips:SecondaryPrivateIpAddresses");
    expect(f.probe.inputs["resourceName"]).toBe("probe");
    expect(JSON.stringify(f.probe.inputs)).not.toContain(KEY.accessKeySecret);
  });

  it("outputs, state, failures, errors and logs hold no credential", async () => {
    const c = await up(f, "sec", { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.210"] });
    seen.push(JSON.stringify(c));
    const news = f.inputs("sec", { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.211"] });
    const u = await f.host.update(f.urn("sec"), c.id, c.outputs, news);
    seen.push(JSON.stringify(u));
    seen.push(JSON.stringify(await f.host.read(f.urn("sec"), c.id, u.properties)));
    seen.push(JSON.stringify(await f.host.check(f.urn("bad"), {}, f.inputs("bad", { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.11"] }))));
    // A create the account refuses (rule 5 at re-validation) and a create the API refuses.
    const refused = await f.host.create(f.urn("bad"), f.inputs("bad", { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.11"] })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProviderCallError);
    seen.push(String((refused as Error).message));
    await f.host.delete(f.urn("sec"), c.id, u.properties);

    // A host with a wrong secret: the API's authentication error must not quote any credential.
    const wrong = await startProviderHost({
      projectDir: f.projectDir,
      env: { ...f.em.env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: "WrongSecretValue-987654321" },
    });
    try {
      await wrong.configure();
      const err = await wrong.check(f.urn("w"), {}, f.inputs("w", { networkInterfaceId: D.eniWeb01, secondaryPrivateIpAddressCount: 1 })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderCallError);
      seen.push(String((err as Error).message), wrong.allLogText());
      expect(wrong.allLogText() + String((err as Error).message)).not.toContain("WrongSecretValue-987654321");
    } finally {
      await wrong.close();
    }

    seen.push(f.host.allLogText());
    const all = seen.join("\n");
    expect(all.length).toBeGreaterThan(1000);
    for (const s of [KEY.accessKeySecret, TOKEN, KEY.accessKeyId]) expect(all).not.toContain(s);
  });

  it("the host resolves eni-ips from its working directory (the project), not from the provider text", async () => {
    // A project without node_modules/eni-ips: the same provider text cannot load the implementation.
    const bare = fs.mkdtempSync(path.join(path.dirname(f.projectDir), "eni-ips-bare-"));
    fs.mkdirSync(path.join(bare, "node_modules"));
    fs.symlinkSync(path.join(f.projectDir, "node_modules", "@pulumi"), path.join(bare, "node_modules", "@pulumi"), "dir");
    const host = await startProviderHost({ projectDir: bare, env: f.em.env });
    try {
      await host.configure();
      const err = await host.check(f.urn("x"), {}, f.inputs("x", { networkInterfaceId: D.eniWeb01, secondaryPrivateIpAddressCount: 1 })).catch((e: unknown) => e);
      expect(String((err as Error).message)).toContain("Cannot find module 'eni-ips/provider/engine'");
    } finally {
      await host.close();
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });
});
