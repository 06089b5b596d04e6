// The local Alibaba Cloud ECS/VPC emulator's public entry point: start one in-process, read its
// state and counters, inject faults. The wire protocol is the real one, so the real SDK clients talk
// to it unchanged (endpoint "127.0.0.1:PORT", protocol "http").
export type {
  ActionFaults,
  CallCounts,
  EmulatorCredentials,
  EmulatorLimits,
  EmulatorOptions,
  EmulatorSeed,
  EmulatorSnapshot,
  EniStatus,
  FaultConfig,
  FaultRule,
  InstanceStatus,
  RunningEmulator,
  SecurityGroupType,
  SeedInstance,
  SeedInstanceType,
  SeedNetworkInterface,
  SeedSecurityGroup,
  SeedVSwitch,
  SeedVpc,
} from "./types";
import type { EmulatorCredentials, EmulatorOptions, RunningEmulator } from "./types";

/** The documented demo key: accepted by default, and by `eni-ips emulator` when no key is set. */
export const DEMO_CREDENTIALS: Readonly<EmulatorCredentials> = Object.freeze({
  accessKeyId: "eni-ips-demo",
  accessKeySecret: "eni-ips-demo-secret",
});

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  void options;
  throw new Error("eni-ips emulator: not implemented yet");
}
