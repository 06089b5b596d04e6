// The local Alibaba Cloud ECS/VPC emulator's public entry point: start one in-process, read its
// state and counters, inject faults. The wire protocol is the real one, so the real SDK clients talk
// to it unchanged (endpoint "127.0.0.1:PORT", protocol "http").
export type {
  ActionFaults,
  AllocationOptions,
  CallCounts,
  CallRecord,
  CommandOutcomeRule,
  CommandType,
  EmulatorCredentials,
  EmulatorLimits,
  EmulatorOptions,
  EmulatorSeed,
  EmulatorSnapshot,
  EniStatus,
  FaultConfig,
  FaultRule,
  InstanceStatus,
  OsType,
  RecordedScript,
  SeedCommand,
  SeedInvocation,
  SeedInvocationInstance,
  RunningEmulator,
  SecurityGroupType,
  SeedCidrReservation,
  SettleStatus,
  ThrottlingCode,
  ThrottlingCodeChoice,
  SeedInstance,
  SeedInstanceType,
  SeedNetworkInterface,
  SeedSecurityGroup,
  SeedVSwitch,
  SeedVpc,
} from "./types";
import type { AddressInfo } from "node:net";
import { EmulatorCore } from "./emulator";
import { loadSeed } from "./seed";
import { createEmulatorServer } from "./server";
import type { EmulatorCredentials, EmulatorOptions, RunningEmulator } from "./types";

export { DEMO_IDS, DEMO_PREFIX_IDS, DEMO_REGION_ID, DEMO_FULL_GROUP_USED, demoSeed, demoSeedWithPrefixes } from "./demo-seed";
export { SeedError } from "./state";
export { StateFileError } from "./persistence";
export { FaultConfigError } from "./fault-config";

/** The documented demo key: accepted by default, and by `eni-ips emulator` when no key is set. */
export const DEMO_CREDENTIALS: Readonly<EmulatorCredentials> = Object.freeze({
  accessKeyId: "eni-ips-demo",
  accessKeySecret: "eni-ips-demo-secret",
});

/** A documented read-only pair for tests and demos; accepted only when passed as readOnlyCredentials. */
export const DEMO_READONLY_CREDENTIALS: Readonly<EmulatorCredentials> = Object.freeze({
  accessKeyId: "eni-ips-demo-readonly",
  accessKeySecret: "eni-ips-demo-readonly-secret",
});

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const { seed, source } = loadSeed(options.seed);
  const core = new EmulatorCore({
    seed,
    seedSource: source,
    statePath: options.statePath,
    credentials: options.credentials ?? [DEMO_CREDENTIALS],
    readOnlyCredentials: options.readOnlyCredentials ?? [],
    faults: options.faults,
    clock: options.clock ?? Date.now,
    limits: options.limits,
    allocation: options.allocation,
  });
  const server = createEmulatorServer(core);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    endpoint: `${urlHost}:${port}`,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // SDK clients keep connections alive; without this close() would wait for their timeout.
        server.closeAllConnections();
      });
      return closed;
    },
    callCounts: () => core.callCounts(),
    calls: () => core.calls(),
    setFaults: (faults) => core.faults.set(faults),
    faults: () => core.faults.get(),
    reset: () => core.reset(),
    state: () => core.snapshot(),
    scripts: () => core.scripts(),
    setCloudAssistant: (instanceId, running) => core.setCloudAssistant(instanceId, running),
  };
}
