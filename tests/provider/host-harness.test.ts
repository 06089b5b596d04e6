// The harness itself: Pulumi's real dynamic-provider host, started as the engine starts it, serves a
// trivial dynamic provider (defined inline in a program) over gRPC; check failures come back as data,
// unknowns cross as the sentinel, create errors carry what the provider reported as created.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startProviderHost, UNKNOWN_SENTINEL, type ProviderHost } from "../helpers/provider-host";
import { makeLinkedProject, runProgram, type RegisteredResource } from "../helpers/pulumi-program";

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const provider = {
  async check(olds, news) {
    const failures = news.value === "bad" ? [{ property: "value", reason: "value is bad" }] : [];
    return { inputs: { ...news, sawUnknown: news.value === "${UNKNOWN_SENTINEL}" }, failures };
  },
  async create(inputs) {
    if (inputs.value === "half") { const e = new Error("half done"); e.id = "half-id"; e.properties = { got: 1 }; e.reasons = ["half"]; throw e; }
    console.error("create called in " + process.cwd());
    return { id: "id-" + inputs.value, outs: { value: inputs.value, secret: process.env.HARNESS_SECRET ? "present" : "absent" } };
  },
  async delete() {},
};
new pulumi.dynamic.Resource(provider, "thing", { value: "v1" }, {}, "harness", "Thing");
`;

describe("provider host harness", () => {
  let project: ReturnType<typeof makeLinkedProject>;
  let host: ProviderHost;
  let resources: RegisteredResource[];

  beforeAll(async () => {
    project = makeLinkedProject({ "index.js": PROGRAM });
    resources = await runProgram({ projectDir: project.dir });
    host = await startProviderHost({ projectDir: project.dir, env: { HARNESS_SECRET: "s3cr3t" } });
    await host.configure();
  });
  afterAll(async () => {
    await host?.close();
    project?.cleanup();
  });

  it("captures the registered resource with its serialized provider", () => {
    expect(resources).toHaveLength(1);
    const r = resources[0]!;
    expect(r.type).toBe("pulumi-nodejs:dynamic/harness:Thing");
    expect(typeof r.inputs["__provider"]).toBe("string");
    expect(r.inputs["__provider"]).toContain("exports.handler");
  });

  it("returns check failures as data and passes unknowns as the sentinel", async () => {
    const r = resources[0]!;
    const bad = await host.check(r.urn, {}, { ...r.inputs, value: "bad" });
    expect(bad.failures).toEqual([{ property: "value", reason: "value is bad" }]);
    const unknown = await host.check(r.urn, {}, { ...r.inputs, value: UNKNOWN_SENTINEL });
    expect(unknown.failures).toEqual([]);
    expect(unknown.inputs["sawUnknown"]).toBe(true);
  });

  it("creates through the host, in the project directory, with the env it was given", async () => {
    const r = resources[0]!;
    const created = await host.create(r.urn, r.inputs);
    expect(created.id).toBe("id-v1");
    expect(created.properties["secret"]).toBe("present");
    expect(created.properties["__provider"]).toBe(r.inputs["__provider"]);
    // The host's stderr is a separate pipe from its gRPC answer: wait for the line to arrive.
    await vi.waitFor(() => expect(host.output().stderr).toContain("create called in"), { timeout: 5000 });
    const err = await host.create(r.urn, { ...r.inputs, value: "half" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ method: "Create", initFailed: { id: "half-id", properties: { got: 1 }, reasons: ["half"] } });
  });
});
