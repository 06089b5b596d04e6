// Every Pulumi example runs through the harness: its program under mocks in a project that has
// eni-ips installed (linked to this build), then preview and up through Pulumi's dynamic-provider
// host against the emulator, then destroy; the ENIs end as they started. The failover example also
// runs its failover.js (real SDK, real Attaching/Detaching waits) between up and refresh. The emulator
// keeps its default transition time throughout, so code that does not wait for a move fails here.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS, demoSeed, type EmulatorSnapshot } from "../../src/emulator";
import { DEFAULT_LIMITS } from "../../src/emulator/state";
import { startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { startProviderHost, type ProviderHost } from "../helpers/provider-host";
import { copyExample, deploy, destroy, makeLinkedProject, preview, REPO_ROOT, runProgram, type DeployedResource } from "../helpers/pulumi-program";

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

/** Attaching/Detaching/Deleting last as long as the emulator makes them by default (as in the cloud, a
 *  second or two), not the 0 the test fixture otherwise chooses. */
const TRANSITION_MS = DEFAULT_LIMITS.transitionMs;

describe("examples", () => {
  let em: EmulatorFixture;
  beforeAll(async () => {
    em = await startEmulatorFixture({ limits: { transitionMs: TRANSITION_MS } });
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
    // Where the addresses live: the instance the ENI is bound to, for both sets on it.
    expect(vips!.outputs["instanceId"]).toBe(D.instanceWeb01);
    expect(sidecars!.outputs["instanceId"]).toBe(D.instanceWeb01);
    expect(addressesOn(em, D.eniBound)).toHaveLength(before.length + 4);
    await run.finish();
    expect(addressesOn(em, D.eniBound)).toEqual(before);
  });
});

describe("examples on their own seed", () => {
  let em: EmulatorFixture;
  beforeAll(async () => {
    // The example's seed file, as its README runs the emulator with it.
    em = await startEmulatorFixture({ seed: path.join(REPO_ROOT, "examples", "prefixes", "seed.yaml") });
  });
  afterAll(async () => em?.close());

  it("prefixes: two /28s and two addresses on one ENI, judged together, never overlapping", async () => {
    const eniId = "eni-bp1demoprefix";
    const prefixesOn = () => [...(em.emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === eniId)!.ipv4Prefixes ?? [])];
    const before = addressesOn(em, eniId);
    const run = await runExample(em, "prefixes");
    expect([...run.failures.values()].flat()).toEqual([]);
    const byName = (n: string) => run.deployed.find((d) => d.resource.name === n)!;
    const prefixes = byName("pod-prefixes").outputs["prefixes"] as string[];
    const addresses = byName("service-ips").outputs["privateIpAddresses"] as string[];
    expect(prefixes).toHaveLength(2);
    expect(addresses).toHaveLength(2);
    // Picked from the reservation's free /28s; the addresses outside it (10.0.3.64-127).
    for (const p of prefixes) expect(["10.0.3.80/28", "10.0.3.96/28", "10.0.3.112/28"]).toContain(p);
    for (const a of addresses) expect(Number(a.split(".")[3]) < 64 || Number(a.split(".")[3]) > 127, a).toBe(true);
    expect(prefixesOn()).toEqual(["10.0.3.64/28", ...prefixes]);
    await run.finish();
    // The prefix another tool put there stays.
    expect(prefixesOn()).toEqual(["10.0.3.64/28"]);
    expect(addressesOn(em, eniId)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// The failover story end to end: up, move the ENI with the example's own script, refresh, up again.

/** Every ENI's address list, by id: what "nothing leaked" compares. */
function addressMap(state: EmulatorSnapshot): Map<string, string[]> {
  return new Map(state.networkInterfaces.map((e) => [e.networkInterfaceId, [e.primaryIpAddress, ...(e.secondaryIpAddresses ?? [])]]));
}

function eniRecord(em: EmulatorFixture, eniId: string) {
  return em.emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === eniId)!;
}

/** `node failover.js ARGS` in the project, with only the emulator's environment (nothing inherited). */
function startFailover(cwd: string, env: Record<string, string>, args: string[]) {
  const child = spawn(process.execPath, ["failover.js", ...args], { cwd, env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("failover example: the ENI moves to the standby, the stack follows without a change", () => {
  let em: EmulatorFixture;
  // The emulator's clock, held still on demand: a transition started while it is held stays visible
  // (the move is caught half-way, deterministically) until it is let go.
  let heldAt: number | undefined;
  beforeAll(async () => {
    em = await startEmulatorFixture({ seed: { ...demoSeed(), limits: { transitionMs: TRANSITION_MS } }, clock: () => heldAt ?? Date.now() });
  });
  afterAll(async () => em?.close());

  it("up, failover.js, a check mid-move fails with eni_state, refresh shows the standby, up changes nothing, destroy", async () => {
    const initial = em.emulator.state();
    const before = addressesOn(em, D.eniBound);
    expect(eniRecord(em, D.eniBound)).toMatchObject({ status: "InUse", instanceId: D.instanceWeb01 });

    const project = makeLinkedProject();
    copyExample(path.join(REPO_ROOT, "examples", "failover"), project.dir);
    // What `npm install` of the example's package.json provides next to eni-ips and @pulumi.
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", "@alicloud"), path.join(project.dir, "node_modules", "@alicloud"), "dir");
    const hosts: ProviderHost[] = [];
    const newHost = async (): Promise<ProviderHost> => {
      // Every pulumi command is a new provider process.
      const h = await startProviderHost({ projectDir: project.dir, env: em.env });
      hosts.push(h);
      await h.configure();
      return h;
    };
    let failover: ReturnType<typeof startFailover> | undefined;
    try {
      // pulumi up
      const resources = await runProgram({ projectDir: project.dir });
      // Registration order is the runtime's; only the set matters.
      expect(resources.map((r) => r.name).sort()).toEqual(["service-vips", "sidecar-ips"]);
      const deployed = await deploy(await newHost(), resources);
      const owned = deployed.flatMap((d) => d.outputs["privateIpAddresses"] as string[]);
      expect(owned).toHaveLength(4);
      expect(deployed.map((d) => d.outputs["instanceId"])).toEqual([D.instanceWeb01, D.instanceWeb01]);
      expect(addressesOn(em, D.eniBound)).toEqual([...before, ...owned]);
      const afterUp = addressMap(em.emulator.state());
      const mutationsAfterUp = em.emulator.callCounts().mutations;

      // node failover.js, with the clock held: the detach is accepted and the ENI stays Detaching.
      heldAt = Date.now();
      failover = startFailover(project.dir, em.env, ["--poll-ms", "25", "--timeout-ms", "30000"]);
      await until("the ENI to be Detaching", () => eniRecord(em, D.eniBound).status === "Detaching");
      expect(em.emulator.callCounts()["DetachNetworkInterface"]).toBe(1);

      // pulumi preview during the move: rule 9 on the ENI, for both resources, and no mutating call.
      const mutationsMidMove = em.emulator.callCounts().mutations;
      expect(mutationsMidMove).toBe(mutationsAfterUp + 1); // the script's detach, nothing else
      const midHost = await newHost();
      for (const d of deployed) {
        const res = await midHost.check(d.resource.urn, d.inputs, d.resource.inputs);
        const failure = res.failures.find((x) => x.reason.includes("rule 9 (eni_state)"));
        expect(failure, JSON.stringify(res.failures)).toBeDefined();
        expect(failure!.property).toBe("networkInterfaceId");
        expect(failure!.reason).toContain(d.resource.name);
      }
      expect(em.emulator.callCounts().mutations).toBe(mutationsMidMove);
      expect(eniRecord(em, D.eniBound).status).toBe("Detaching");

      // Let time run: Detaching settles, the script attaches, waits through Attaching, and is done.
      heldAt = undefined;
      const released = Date.now();
      const result = await failover.done;
      expect(result.code, result.stderr).toBe(0);
      // The attach alone lasts the default transition time, and the script waited it out.
      expect(TRANSITION_MS).toBeGreaterThanOrEqual(1000);
      expect(Date.now() - released).toBeGreaterThanOrEqual(TRANSITION_MS);
      // Its waits saw both transitions (they last TRANSITION_MS), in order.
      const seen = [...result.stdout.matchAll(/^eni-bp1demobound: (\w+)/gm)].map((m) => m[1]);
      expect(seen).toEqual(["InUse", "Detaching", "Available", "Attaching", "InUse"]);
      expect(result.stdout).toContain(`failover done: ${D.eniBound} ${D.instanceWeb01} -> ${D.instanceStopped}`);
      const counts = em.emulator.callCounts();
      expect(counts["DetachNetworkInterface"]).toBe(1);
      expect(counts["AttachNetworkInterface"]).toBe(1);
      expect(counts.mutations).toBe(mutationsAfterUp + 2);
      expect(eniRecord(em, D.eniBound)).toMatchObject({ status: "InUse", instanceId: D.instanceStopped });
      // The addresses moved with the ENI, and no address anywhere else moved.
      const afterMove = em.emulator.state();
      expect(addressMap(afterMove)).toEqual(afterUp);

      // pulumi refresh: the same owned addresses, the new instance, the same id.
      const refreshHost = await newHost();
      const refreshed: DeployedResource[] = [];
      for (const d of deployed) {
        const r = await refreshHost.read(d.resource.urn, d.id, d.outputs, d.inputs);
        expect(r.id).toBe(d.id);
        expect(r.properties["privateIpAddresses"]).toEqual(d.outputs["privateIpAddresses"]);
        expect(r.properties["instanceId"]).toBe(D.instanceStopped);
        expect(r.properties["guestConfig"]).toEqual(d.outputs["guestConfig"]);
        refreshed.push({ ...d, outputs: r.properties });
      }
      expect(JSON.stringify(refreshed.find((d) => d.resource.name === "service-vips")!.outputs["guestConfig"])).toContain("10.0.1.180");

      // pulumi up with the unchanged program: check passes, diff says nothing changed (instanceId is
      // an output; it moved, the declaration did not).
      const upAgain = await newHost();
      for (const d of refreshed) {
        const checked = await upAgain.check(d.resource.urn, d.inputs, d.resource.inputs);
        expect(checked.failures).toEqual([]);
        const diff = await upAgain.diff(d.resource.urn, d.id, d.outputs, checked.inputs, d.inputs);
        expect(diff).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
      }
      expect(em.emulator.callCounts().mutations).toBe(mutationsAfterUp + 2);
      expect(addressMap(em.emulator.state())).toEqual(afterUp);

      // pulumi destroy from the refreshed state: the ENI ends with what it had, on the standby.
      await destroy(upAgain, refreshed);
      expect(addressesOn(em, D.eniBound)).toEqual(before);
      const initialAddresses = addressMap(initial);
      expect(addressMap(em.emulator.state())).toEqual(initialAddresses);
    } finally {
      heldAt = undefined;
      if (failover !== undefined && failover.child.exitCode === null && failover.child.signalCode === null) failover.child.kill("SIGTERM");
      for (const h of hosts) await h.close();
      project.cleanup();
    }
  });
});
