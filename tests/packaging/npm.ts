// npm (and node) for the packaging tests, with an environment of their own: vitest started under
// `npm test`/`npx` leaks npm_* settings that would redirect the scratch installs.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

export async function run(cmd: string, args: string[], options: { cwd: string; maxBuffer?: number }): Promise<{ stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^npm_/i.test(k)) env[k] = v;
  try {
    return await execFileAsync(cmd, args, { maxBuffer: 16 * 1024 * 1024, ...options, env });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${e.message}\n${e.stderr ?? ""}`);
  }
}
