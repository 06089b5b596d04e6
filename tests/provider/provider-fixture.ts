// Shared setup of the provider tests: an emulator (real SDK over HTTP), a Pulumi project whose
// node_modules links eni-ips to this repository's build, the `__provider` text captured from a real
// program run under mocks, and Pulumi's dynamic-provider host started in that project with an
// environment pointing at the emulator. One host = one Pulumi run (the demand registry lives there).
import { startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { startProviderHost, urnOf, type ProviderHost, type Props } from "../helpers/provider-host";
import { makeLinkedProject, runProgram, type RegisteredResource } from "../helpers/pulumi-program";
import type { EmulatorOptions } from "../../src/emulator";

export const TYPE = "pulumi-nodejs:dynamic/eni-ips:SecondaryPrivateIpAddresses";
export const PREFIX_TYPE = "pulumi-nodejs:dynamic/eni-ips:Ipv4Prefixes";

const PROBE_PROGRAM = `
const { SecondaryPrivateIpAddresses, Ipv4Prefixes } = require("eni-ips");
new SecondaryPrivateIpAddresses("probe", { networkInterfaceId: "eni-probe", privateIpAddresses: ["10.0.1.200"] });
new Ipv4Prefixes("probe-prefixes", { networkInterfaceId: "eni-probe", prefixCount: 1 });
`;

export interface ProviderFixture {
  readonly em: EmulatorFixture;
  readonly projectDir: string;
  readonly probe: RegisteredResource;
  /** The serialized provider, as a real program put it into the resource's inputs. */
  readonly providerText: string;
  /** The Ipv4Prefixes resource's serialized provider. */
  readonly prefixProviderText: string;
  host: ProviderHost;
  /** Inputs as the resource class sends them (resourceName and __provider included). */
  inputs(name: string, args: Props): Props;
  urn(name: string): string;
  /** The same for an Ipv4Prefixes resource. */
  prefixInputs(name: string, args: Props): Props;
  prefixUrn(name: string): string;
  /** A fresh host: a new Pulumi run in the same project against the same emulator. */
  restartHost(env?: Record<string, string>): Promise<ProviderHost>;
  close(): Promise<void>;
}

export async function startProviderFixture(options: { emulator?: EmulatorOptions; hostEnv?: Record<string, string> } = {}): Promise<ProviderFixture> {
  const em = await startEmulatorFixture(options.emulator ?? {});
  const project = makeLinkedProject({ "index.js": PROBE_PROGRAM });
  const [probe, prefixProbe] = await runProgram({ projectDir: project.dir });
  if (probe === undefined || prefixProbe === undefined) throw new Error("probe program registered too little");
  const providerText = probe.inputs["__provider"];
  const prefixProviderText = prefixProbe.inputs["__provider"];
  if (typeof providerText !== "string" || typeof prefixProviderText !== "string") throw new Error("probe resource has no __provider text");
  const start = async (env?: Record<string, string>): Promise<ProviderHost> => {
    const h = await startProviderHost({ projectDir: project.dir, env: { ...em.env, ...options.hostEnv, ...env } });
    await h.configure();
    return h;
  };
  const fixture: ProviderFixture = {
    em,
    projectDir: project.dir,
    probe,
    providerText,
    prefixProviderText,
    host: await start(),
    inputs: (name, args) => ({ ...args, resourceName: name, __provider: providerText }),
    urn: (name) => urnOf(name, TYPE),
    prefixInputs: (name, args) => ({ ...args, resourceName: name, __provider: prefixProviderText }),
    prefixUrn: (name) => urnOf(name, PREFIX_TYPE),
    async restartHost(env) {
      await fixture.host.close();
      fixture.host = await start(env);
      return fixture.host;
    },
    async close() {
      await fixture.host.close();
      await em.close();
      project.cleanup();
    },
  };
  return fixture;
}

/** check then create, like `pulumi up` for a new resource; throws when check fails. */
export async function up(f: ProviderFixture, name: string, args: Props): Promise<{ id: string; inputs: Props; outputs: Props }> {
  const checked = await f.host.check(f.urn(name), {}, f.inputs(name, args));
  if (checked.failures.length > 0) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  const created = await f.host.create(f.urn(name), checked.inputs);
  return { id: created.id, inputs: checked.inputs, outputs: created.properties };
}

/** check then create of an Ipv4Prefixes resource; throws when check fails. */
export async function upPrefixes(f: ProviderFixture, name: string, args: Props): Promise<{ id: string; inputs: Props; outputs: Props }> {
  const checked = await f.host.check(f.prefixUrn(name), {}, f.prefixInputs(name, args));
  if (checked.failures.length > 0) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  const created = await f.host.create(f.prefixUrn(name), checked.inputs);
  return { id: created.id, inputs: checked.inputs, outputs: created.properties };
}

/** The IPv4 prefixes on an ENI right now, straight from the emulator's state. */
export function prefixesOn(f: ProviderFixture, eniId: string): string[] {
  const eni = f.em.emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === eniId);
  return [...(eni?.ipv4Prefixes ?? [])];
}

/** The addresses on an ENI right now, straight from the emulator's state. */
export function addressesOn(f: ProviderFixture, eniId: string): string[] {
  const eni = f.em.emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === eniId);
  return eni === undefined ? [] : [eni.primaryIpAddress, ...(eni.secondaryIpAddresses ?? [])];
}
