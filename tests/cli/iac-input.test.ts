// Files `eni-ips preview` is handed that are not usable plans, or are plans of a failed run: exit 2 with
// one clear line naming the file (and where in it), never a stack trace; a preview whose program
// failed part-way is judged on the steps it has, with a warning.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pulumiPreview, terraformPlan } from "../../examples/ci-preview/plan-builder";
import { cli, parseJsonReport, type CliRun } from "./cli-harness";

const tmp = mkdtempSync(join(tmpdir(), "eni-ips-iac-input-"));
const TF = "examples/ci-preview/terraform/plan.json";
const PULUMI = "examples/ci-preview/pulumi/preview.json";
const SNAP = "examples/ci-preview/terraform/snapshot.json";

function writeTmp(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

/** Exit 2, the message on stderr (one line per problem, prefixed), nothing on stdout, no stack. */
function refused(run: CliRun): string {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).toMatch(/^eni-ips preview: /);
  return run.stderr;
}

describe("eni-ips preview refuses unusable plan files (exit 2)", () => {
  it("JSON that is neither an eni-ips plan, a Terraform plan nor a Pulumi preview", async () => {
    const f = writeTmp("other.json", JSON.stringify({ resources: [], version: 4 }));
    expect(refused(await cli(["preview", f, "--snapshot", SNAP]))).toMatch(/other\.json: neither an eni-ips plan .* a Terraform JSON plan .* nor a Pulumi preview .*--input/);
  });

  it("a Terraform plan of an unsupported format_version", async () => {
    const doc = { ...JSON.parse(readFileSync(TF, "utf8")), format_version: "2.0" };
    expect(refused(await cli(["preview", writeTmp("v2.json", JSON.stringify(doc)), "--snapshot", SNAP]))).toMatch(/v2\.json: format_version: unsupported format_version "2\.0"; eni-ips reads Terraform's JSON plan format 1\.x/);
  });

  it("a truncated file", async () => {
    const cut = writeTmp("cut.json", readFileSync(TF, "utf8").slice(0, 5000));
    expect(refused(await cli(["preview", cut, "--snapshot", SNAP]))).toMatch(/cut\.json: not valid JSON \(.*\); the file may be truncated/);
    expect(refused(await cli(["preview", "-", "--snapshot", SNAP], { stdin: readFileSync(PULUMI, "utf8").slice(0, 3000) }))).toMatch(/\(standard input\): not valid JSON/);
  });

  it("an empty file, or nothing on standard input", async () => {
    expect(refused(await cli(["preview", writeTmp("empty.json", "  \n"), "--snapshot", SNAP]))).toMatch(/empty\.json: the file is empty/);
    expect(refused(await cli(["preview", "-", "--snapshot", SNAP], { stdin: "" }))).toMatch(/\(standard input\): the file is empty/);
  });

  it("Terraform state instead of a plan", async () => {
    const state = { format_version: "1.0", terraform_version: "1.9.8", values: { root_module: { resources: [] } } };
    expect(refused(await cli(["preview", writeTmp("state.json", JSON.stringify(state)), "--snapshot", SNAP]))).toMatch(/resource_changes: missing: this is Terraform state, not a plan; run `terraform plan -out tfplan` and `terraform show -json tfplan`/);
  });

  it("a resource change that is not one", async () => {
    const doc = JSON.parse(readFileSync(TF, "utf8")) as { resource_changes: Record<string, unknown>[] };
    (doc.resource_changes[3] as { change: unknown }).change = { actions: "create" };
    expect(refused(await cli(["preview", writeTmp("bad-rc.json", JSON.stringify(doc)), "--snapshot", SNAP]))).toMatch(/bad-rc\.json: resource_changes\[3\]\.change\.actions: expected a list of actions/);
  });

  it("--input naming the wrong format, or a bad --input", async () => {
    expect(refused(await cli(["preview", TF, "--input", "pulumi", "--snapshot", SNAP]))).toMatch(/steps: missing: this is not the output of `pulumi preview --json` \(read as a Pulumi preview\)/);
    expect(refused(await cli(["preview", PULUMI, "--input", "terraform", "--snapshot", SNAP]))).toMatch(/format_version: missing: this is not the output of `terraform show -json PLANFILE` \(read as a Terraform plan\)/);
    expect(refused(await cli(["preview", TF, "--input", "plan", "--snapshot", SNAP]))).toMatch(/plan\.json:2:3: format_version: unknown property/);
    expect(refused(await cli(["preview", TF, "--input", "cloudformation"]))).toMatch(/--input must be one of plan, terraform, pulumi/);
  });

  it("a Pulumi preview that failed before planning any resource", async () => {
    const failed = {
      config: { "alicloud:region": "cn-hangzhou" },
      diagnostics: [{ urn: "urn:pulumi:dev::network::pulumi:pulumi:Stack::network-dev", message: "TypeError: Cannot read properties of undefined (reading 'id')\n    at Object.<anonymous> (/app/index.js:12:40)", severity: "error" }],
      duration: 812345678,
    };
    expect(refused(await cli(["preview", writeTmp("failed.json", JSON.stringify(failed)), "--snapshot", SNAP]))).toMatch(
      /failed\.json: the preview failed before planning any resource: TypeError: Cannot read properties of undefined \(reading 'id'\) at Object/,
    );
  });

  it("a snapshot that does not cover what the plan refers to", async () => {
    expect(refused(await cli(["preview", TF, "--snapshot", "examples/ci-preview/snapshot.json"]))).toMatch(
      /snapshot\.json: scope: the snapshot was captured for other objects and does not cover i-bp1demostarting; recapture it with `eni-ips snapshot --plan examples\/ci-preview\/terraform\/plan\.json`/,
    );
  });
});

describe("eni-ips preview on plans of a partly failed or unusual run", () => {
  it("judges a Pulumi preview that reported errors on the steps it has, with a warning", async () => {
    const p = pulumiPreview();
    p.resource({ type: "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface", name: "taken", inputs: { vswitchId: "vsw-bp1demoapp", securityGroupIds: ["sg-bp1demobasic"], privateIpAddresses: ["10.0.1.11"] } });
    const doc = p.build({ diagnostics: [{ urn: "urn:pulumi:dev::network::alicloud:ecs/instance:Instance::db", message: "error: instanceType is required", severity: "error" }, { message: "a warning", severity: "warning" }] });
    const run = await cli(["preview", writeTmp("partial.json", JSON.stringify(doc)), "--snapshot", "examples/ci-preview/pulumi/snapshot.json", "--max-age", "off", "--format", "json"]);
    expect(run.code).toBe(1);
    const report = parseJsonReport(run);
    expect(report.violations.map((v) => v.code)).toEqual(["ip_in_use"]);
    expect(report.warnings.map((w) => w.code)).toEqual(["preview_errors"]);
    expect(report.warnings[0]?.message).toMatch(/the preview reported 1 error \(first: error: instanceType is required\); judged on the \d+ steps it has/);
  });

  it("ignores resources of types it does not judge, counting them in a note, and a plan with nothing to judge exits 0", async () => {
    const tf = terraformPlan();
    tf.resource({ type: "alicloud_eip_address", name: "a", config: { address_name: "a" } });
    tf.resource({ type: "alicloud_eip_address", name: "b", config: { address_name: "b" } });
    const run = await cli(["preview", writeTmp("eips.json", JSON.stringify(tf.build())), "--snapshot", SNAP, "--max-age", "off"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("(the plan asks no ENI for addresses)");
    expect(run.stdout).toContain("Notes\n  2 resources of types eni-ips does not judge ignored: alicloud_eip_address ×2\n");
    const github = await cli(["preview", writeTmp("eips2.json", JSON.stringify(tf.build())), "--snapshot", SNAP, "--max-age", "off", "--format", "github"]);
    expect(github.stdout).toMatch(/^eni-ips: note: 2 resources of types eni-ips does not judge ignored/m);
  });

  it("refuses a plan for another region than the snapshot's", async () => {
    const tf = terraformPlan({ region: "cn-beijing" });
    tf.resource({ type: "alicloud_ecs_network_interface", name: "x", config: { vswitch_id: "vsw-bp1demoapp", security_group_ids: ["sg-bp1demobasic"] } });
    expect(refused(await cli(["preview", writeTmp("bj.json", JSON.stringify(tf.build())), "--snapshot", SNAP]))).toMatch(/the snapshot is of region cn-hangzhou but .*bj\.json targets cn-beijing/);
  });
});
