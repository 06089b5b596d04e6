// Every Pulumi example runs through the harness: its program under mocks in a project that has
// eni-ips installed (linked to this build), then preview and up through Pulumi's dynamic-provider
// host against the emulator, then destroy; the ENIs end as they started.
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../src/emulator";
import { startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { startProviderHost } from "../helpers/provider-host";
import { copyExample, deploy, destroy, makeLinkedProject, preview, REPO_ROOT, runProgram } from "../helpers/pulumi-program";

const D = DEMO_IDS;

function addressesOn(em: EmulatorFixture, eniId: string): string[] {
  const eni = em.emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === eniId)!;
  return [eni.primaryIpAddress, ...(eni.secondaryIpAddresses ?? [])];
}

async function runExample(em: EmulatorFixture, example: string) {
  const project = makeLinkedProject();
  copyExample(path.join(REPO_ROOT, "examples", example), project.dir);
  const resources = await runProgram({ projectDir: project.dir });
  const host = await startProviderHost({ projectDir: project.dir, env: em.env });
  await host.configure();
  const failures = await preview(host, resources);
  expect(em.emulator.callCounts().mutations).toBe(0);
  // `pulumi up` is a new process.
  await host.close();
  const upHost = await startProviderHost({ projectDir: project.dir, env: em.env });
  await upHost.configure();
  const deployed = failures.size > 0 && [...failures.values()].some((f) => f.length > 0) ? [] : await deploy(upHost, resources);
  return {
    resources,
    failures,
    deployed,
    async finish() {
      await destroy(upHost, deployed);
      await upHost.close();
      project.cleanup();
    },
  };
}

describe("examples", () => {
  let em: EmulatorFixture;
  beforeAll(async () => {
    em = await startEmulatorFixture();
  });
  afterAll(async () => em?.close());
  beforeEach(() => em.emulator.reset());

  it("basic: two addresses on a primary ENI", async () => {
    const before = addressesOn(em, D.eniWeb01);
    const run = await runExample(em, "basic");
    expect([...run.failures.values()].flat()).toEqual([]);
    expect(run.deployed.map((d) => d.outputs["privateIpAddresses"])).toEqual([["10.0.1.101", "10.0.1.102"]]);
    expect(addressesOn(em, D.eniWeb01)).toEqual([...before, "10.0.1.101", "10.0.1.102"]);
    await run.finish();
    expect(addressesOn(em, D.eniWeb01)).toEqual(before);
  });

  it("count: the cloud picks three addresses", async () => {
    const before = addressesOn(em, D.eniAvailable);
    const run = await runExample(em, "count");
    expect([...run.failures.values()].flat()).toEqual([]);
    const got = run.deployed[0]!.outputs["privateIpAddresses"] as string[];
    expect(got).toHaveLength(3);
    expect(addressesOn(em, D.eniAvailable)).toEqual([...before, ...got]);
    await run.finish();
    expect(addressesOn(em, D.eniAvailable)).toEqual(before);
  });

  it("failover: service addresses and a counted set on the secondary ENI, with guest config", async () => {
    const before = addressesOn(em, D.eniBound);
    const run = await runExample(em, "failover");
    expect([...run.failures.values()].flat()).toEqual([]);
    const byName = (n: string) => run.deployed.find((d) => d.resource.name === n);
    const vips = byName("service-vips");
    const sidecars = byName("sidecar-ips");
    expect(vips!.outputs["privateIpAddresses"]).toEqual(["10.0.1.180", "10.0.1.181"]);
    expect(sidecars!.outputs["privateIpAddresses"]).toHaveLength(2);
    expect(JSON.stringify(vips!.outputs["guestConfig"])).toContain("10.0.1.181");
    expect(addressesOn(em, D.eniBound)).toHaveLength(before.length + 4);
    await run.finish();
    expect(addressesOn(em, D.eniBound)).toEqual(before);
  });
});
