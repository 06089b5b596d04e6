// Served packs load eni-ips by package name, i.e. from dist/: rebuild when a source is newer than the
// build (npm test builds first; a lone `vitest run tests/policy` may not have).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/pulumi-program";

function newest(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((d) => (d.isDirectory() ? newest(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs)));
}

export function ensurePackageBuilt(): void {
  const built = join(REPO_ROOT, "dist", "policy", "index.js");
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(REPO_ROOT, "src"))) return;
  const run = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`build failed:\n${run.stdout}${run.stderr}`);
}
