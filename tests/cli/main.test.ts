// The dispatcher loads subcommands lazily; this proves it does so under vitest (TypeScript sources)
// as well as from the compiled package, and maps usage errors to exit 2.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main";

function fakeIo() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  return { io: { stdout, stderr, env: {}, cwd: process.cwd() }, out: () => out, err: () => err };
}

describe("eni-ips dispatcher", () => {
  it("runs a subcommand loaded lazily", async () => {
    const f = fakeIo();
    const code = await runCli(["guest-config", "--os", "rhel", "--cidr", "10.0.0.0/24", "10.0.0.7"], f.io);
    expect(code).toBe(0);
    expect(f.out()).toContain("IPADDR=10.0.0.7");
  });

  it("exits 2 on an unknown command and lists the commands", async () => {
    const f = fakeIo();
    expect(await runCli(["frobnicate"], f.io)).toBe(2);
    expect(f.err()).toContain("unknown command");
    expect(f.err()).toContain("preview");
  });

  it("exits 2 with the command's message on bad usage", async () => {
    const f = fakeIo();
    expect(await runCli(["guest-config", "--os", "plan9", "--cidr", "10.0.0.0/24", "10.0.0.7"], f.io)).toBe(2);
    expect(f.err()).toMatch(/plan9/);
  });
});
