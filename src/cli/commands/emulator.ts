// `eni-ips emulator`: run the local ECS/VPC API until SIGINT/SIGTERM. Accepts only the key in its own
// ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET when both are set, else the documented demo key; plus, when both
// ENI_IPS_EMULATOR_READONLY_ACCESS_KEY_ID/_SECRET are set, a key that may read but not change anything.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { startEmulator, DEMO_CREDENTIALS } from "../../emulator";
import { UsageError, type CliIo, type Command } from "../io";

const HELP = `usage: eni-ips emulator [--port N] [--host H] [--state FILE] [--seed FILE] [--faults JSON] [--transition-ms N]

Runs the local Alibaba Cloud ECS/VPC API emulator (default 127.0.0.1, a free port).
  --port N           port to listen on (0 = any free port; default 0)
  --host H           address to bind (default 127.0.0.1)
  --state FILE       persist every change to FILE; an existing FILE wins over the seed
  --seed FILE        YAML or JSON seed (default: the bundled demo account in cn-hangzhou)
  --faults JSON      fault injection config, inline JSON or @FILE
  --transition-ms N  how long Attaching/Detaching/Deleting last (default: the seed's, else 1500)
Credentials: ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET when set, else the demo key
eni-ips-demo / eni-ips-demo-secret. A read-only key (Forbidden.RAM on every change) from
ENI_IPS_EMULATOR_READONLY_ACCESS_KEY_ID / ENI_IPS_EMULATOR_READONLY_ACCESS_KEY_SECRET when both are set.
`;

interface EmulatorArgs {
  port: number;
  host: string;
  state?: string;
  seed?: string;
  faults?: string;
  transitionMs?: number;
  help: boolean;
}

function parseArgs(argv: readonly string[]): EmulatorArgs {
  const out: EmulatorArgs = { port: 0, host: "127.0.0.1", help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") {
      out.help = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case "--port": {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`--port must be 0-65535, got "${v}"`);
        out.port = Number(v);
        break;
      }
      case "--host": out.host = value(); break;
      case "--state": out.state = value(); break;
      case "--seed": out.seed = value(); break;
      case "--faults": out.faults = value(); break;
      case "--transition-ms": {
        const v = value();
        if (!/^\d{1,7}$/.test(v)) throw new UsageError(`--transition-ms must be a whole number of milliseconds (0-9999999), got "${v}"`);
        out.transitionMs = Number(v);
        break;
      }
      default: throw new UsageError(`unknown option "${arg}"`);
    }
  }
  return out;
}

/** `--faults JSON` or `--faults @FILE`: a missing or unreadable file is said as such, not as bad JSON. */
function readFaults(value: string, cwd: string): unknown {
  let text = value;
  let what = "--faults";
  if (value.startsWith("@")) {
    const path = resolve(cwd, value.slice(1));
    what = `--faults file ${path}`;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`${what}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : `cannot be read (${code ?? (error as Error).message})`}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

export const emulator: Command = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const args = parseArgs(argv);
  if (args.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const faults = args.faults === undefined ? undefined : readFaults(args.faults, io.cwd);
  const id = io.env["ALIBABA_CLOUD_ACCESS_KEY_ID"];
  const secret = io.env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"];
  const credentials = id && secret ? [{ accessKeyId: id, accessKeySecret: secret }] : [{ ...DEMO_CREDENTIALS }];
  const roId = io.env["ENI_IPS_EMULATOR_READONLY_ACCESS_KEY_ID"];
  const roSecret = io.env["ENI_IPS_EMULATOR_READONLY_ACCESS_KEY_SECRET"];
  if ((roId === undefined || roId === "") !== (roSecret === undefined || roSecret === "")) {
    throw new UsageError("set both ENI_IPS_EMULATOR_READONLY_ACCESS_KEY_ID and ENI_IPS_EMULATOR_READONLY_ACCESS_KEY_SECRET, or neither");
  }
  const readOnlyCredentials = roId && roSecret ? [{ accessKeyId: roId, accessKeySecret: roSecret }] : [];
  let running;
  try {
    running = await startEmulator({
      port: args.port,
      host: args.host,
      credentials,
      readOnlyCredentials,
      ...(args.transitionMs !== undefined ? { limits: { transitionMs: args.transitionMs } } : {}),
      ...(args.seed !== undefined ? { seed: resolve(io.cwd, args.seed) } : {}),
      ...(args.state !== undefined ? { statePath: resolve(io.cwd, args.state) } : {}),
      ...(faults !== undefined ? { faults: faults as object } : {}),
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === "EADDRINUSE" || e.code === "EACCES" || e.name === "SeedError" || e.name === "StateFileError" || e.name === "FaultConfigError") {
      throw new UsageError(e.message);
    }
    throw error;
  }
  io.stdout.write(`eni-ips emulator listening on ${running.url}\n`);
  const emu = running;
  return new Promise<number>((done) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      emu.close().then(() => done(0), () => done(1));
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
};
