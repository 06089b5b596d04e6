// Public shapes of the emulator: the seed (and persisted state, which has the same shape), the fault
// configuration and the running handle. Kept apart from the implementation so other modules and
// engineers can code against them without pulling in the server.

export type EniStatus = "Available" | "Attaching" | "InUse" | "Detaching" | "Deleting";
/** What a transition settles into; "Deleted" removes the ENI. */
export type SettleStatus = EniStatus | "Deleted";
export type InstanceStatus = "Pending" | "Running" | "Starting" | "Stopping" | "Stopped";
export type SecurityGroupType = "normal" | "enterprise";

export interface SeedVpc {
  vpcId: string;
  cidrBlock: string;
  name?: string;
}

export interface SeedVSwitch {
  vSwitchId: string;
  vpcId: string;
  zoneId: string;
  cidrBlock: string;
  name?: string;
  /** Reserved CIDR blocks (VPC CreateVSwitchCidrReservation): IPv4 prefixes come only from these. */
  cidrReservations?: SeedCidrReservation[];
}

export interface SeedCidrReservation {
  /** Default: derived from the vSwitch id and position (`vcr-…`). */
  vSwitchCidrReservationId?: string;
  /** A proper subset of the vSwitch CIDR, mask /28 or shorter, clear of the vSwitch's system-reserved
   *  addresses and of other reservations. */
  cidr: string;
  /** `prefix`, the one type the API documents (and the default). */
  type?: "prefix";
  name?: string;
  description?: string;
  creationTime?: string;
}

export interface SeedSecurityGroup {
  securityGroupId: string;
  vpcId: string;
  /** `normal` = basic group (private-IP quota), `enterprise` = advanced group (no IP quota). */
  type: SecurityGroupType;
  name?: string;
  /** Overrides limits.basicSecurityGroupIpQuota for this group (basic groups only). */
  ipQuota?: number;
}

export interface SeedInstanceType {
  instanceTypeId: string;
  cpuCoreCount: number;
  memorySize: number;
  /** ENIs per instance, primary included. */
  eniQuantity: number;
  /** Private IPv4 addresses per ENI, primary included. */
  eniPrivateIpAddressQuantity: number;
  eniIpv6AddressQuantity?: number;
}

export interface SeedInstance {
  instanceId: string;
  instanceType: string;
  status: InstanceStatus;
  vSwitchId: string;
  securityGroupIds: string[];
  /** The instance's primary ENI. When it is not listed in networkInterfaces it is created from
   *  primaryIpAddress (required then) and secondaryIpAddresses. */
  primaryNetworkInterfaceId: string;
  primaryIpAddress?: string;
  secondaryIpAddresses?: string[];
  /** IPv4 prefixes (aligned /28s) of the primary ENI when it is created from these fields. */
  ipv4Prefixes?: string[];
  /** Derived from the vSwitch when omitted. */
  zoneId?: string;
  vpcId?: string;
  name?: string;
  creationTime?: string;
  /** The guest OS family, for Cloud Assistant (RunShellScript on Linux, RunPowerShellScript/RunBatScript
   *  on Windows). Default Linux. */
  osType?: OsType;
  /** Whether the Cloud Assistant agent runs (heartbeats) on the instance. Default true; a stopped
   *  instance never reports a running agent. */
  cloudAssistant?: boolean;
}

export type OsType = "Linux" | "Windows";
export type CommandType = "RunShellScript" | "RunPowerShellScript" | "RunBatScript";

/** A command kept by RunCommand(KeepCommand=true), invocable again with InvokeCommand. */
export interface SeedCommand {
  commandId: string;
  name: string;
  type: CommandType;
  /** Base64, as the API stores it. */
  content: string;
  timeout: number;
  username?: string;
  workingDir?: string;
}

/** One instance's part of an invocation. Its status is Running until `finishAt`, then `status`. */
export interface SeedInvocationInstance {
  instanceId: string;
  /** Epoch ms. */
  startAt: number;
  finishAt: number;
  /** The final status: Success, Failed, Timeout (after Running), or Aborted, Invalid (at once). */
  status: "Success" | "Failed" | "Timeout" | "Aborted" | "Invalid";
  exitCode?: number;
  /** Plain text. */
  output: string;
  errorCode: string;
  errorInfo: string;
}

export interface SeedInvocation {
  invokeId: string;
  commandId: string;
  commandName: string;
  type: CommandType;
  /** Base64. */
  content: string;
  timeout: number;
  username?: string;
  workingDir?: string;
  /** Epoch ms. */
  createdAt: number;
  instances: SeedInvocationInstance[];
}

/** A script the emulator received, one per instance it was sent to (RunCommand, InvokeCommand). */
export interface RecordedScript {
  invokeId: string;
  commandId: string;
  instanceId: string;
  type: CommandType;
  /** Decoded. */
  content: string;
  /** Seconds. */
  timeout: number;
  username?: string;
  workingDir?: string;
  /** ISO time it was received. */
  receivedAt: string;
  /** Its status now: Running, Success, Failed, Timeout, Aborted, Invalid. */
  status: string;
  exitCode?: number;
  errorCode: string;
}

/** How a script ends: the first rule that matches (instance, content) and still has `times` left. */
export interface CommandOutcomeRule extends FaultRule {
  instanceId?: string;
  /** Matches when the decoded script contains this text. */
  contains?: string;
  /** Default Failed. */
  status?: "Success" | "Failed" | "Timeout";
  /** Default 1 for Failed, 0 for Success; none for Timeout. */
  exitCode?: number;
  /** Plain text; returned Base64-encoded unless the caller asks for PlainText. */
  output?: string;
}

export interface SeedNetworkInterface {
  networkInterfaceId: string;
  vSwitchId: string;
  securityGroupIds: string[];
  primaryIpAddress: string;
  /** Default []. */
  secondaryIpAddresses?: string[];
  /** Aligned /28s inside a prefix reservation of the vSwitch. Default []. */
  ipv4Prefixes?: string[];
  /** Set when bound (InUse) or for a primary ENI. */
  instanceId?: string;
  /** Derived when omitted: Primary for an instance's primary ENI, else Secondary. */
  type?: "Primary" | "Secondary";
  /** Derived when omitted: InUse when instanceId is set, else Available. */
  status?: EniStatus;
  /** Derived from the vSwitch when omitted. */
  vpcId?: string;
  zoneId?: string;
  /** A transition in progress (Attaching/Detaching/Deleting): the status it settles into, and when
   *  (epoch ms). Without it a transitional status stays as it is. */
  settlesTo?: { status: SettleStatus; at: number; instanceId?: string };
  macAddress?: string;
  name?: string;
  description?: string;
  creationTime?: string;
}

export interface EmulatorLimits {
  /** Private IPv4 addresses (primary included) on an ENI in Available state. Default 10. */
  availableEniIpLimit?: number;
  /** Private IP quota of a basic (normal) security group over all member ENIs. Default 2000. */
  basicSecurityGroupIpQuota?: number;
  /** How long Attaching/Detaching/Deleting stay visible, in ms. Default 1500; 0 makes attach, detach
   *  and delete finish within the call. */
  transitionMs?: number;
  /** How long a Cloud Assistant script reports Running before its result, in ms. Default 1000. */
  commandRunMs?: number;
}

/** How addresses are picked when a request gives a count instead of addresses. */
export interface AllocationOptions {
  /** `random` (default; what Alibaba documents) draws free addresses from a PRNG seeded with `seed`,
   *  so a run replays exactly; `lowest` takes the lowest free ones in order. */
  order?: "random" | "lowest";
  /** Default 1. */
  seed?: number;
}

export interface EmulatorSeed {
  regionId: string;
  /** Account id reported as OwnerId. */
  ownerId?: string;
  vpcs: SeedVpc[];
  vSwitches: SeedVSwitch[];
  securityGroups: SeedSecurityGroup[];
  instanceTypes: SeedInstanceType[];
  instances: SeedInstance[];
  networkInterfaces: SeedNetworkInterface[];
  limits?: EmulatorLimits;
  allocation?: AllocationOptions;
  faults?: FaultConfig;
  /** Cloud Assistant commands kept for InvokeCommand, and invocations so far (saved state). */
  commands?: SeedCommand[];
  invocations?: SeedInvocation[];
}

/** The persisted/snapshotted state: the seed shape plus counters that keep generated ids unique.
 *  Version 2 added prefixes and reservations; version 1 files are still read. */
export interface EmulatorSnapshot extends EmulatorSeed {
  version: 1 | 2;
  nextId: number;
}

/** A throttling code, or "rotate": each throttled answer takes the next of the four in turn. */
export type ThrottlingCode = "Throttling" | "Throttling.User" | "Throttling.Api" | "Rejected.Throttling";
export type ThrottlingCodeChoice = ThrottlingCode | "rotate";

/** When a fault applies: with `probability` (default 1) and at most `times` times (default: always). */
export interface FaultRule {
  probability?: number;
  times?: number;
}

export interface ActionFaults {
  /** A throttling answer (400) before the action runs; `code` overrides FaultConfig.throttlingCode.
   *  retryAfterMs sets `x-acs-retry-after`. */
  throttling?: FaultRule & { retryAfterMs?: number; code?: ThrottlingCodeChoice };
  /** `InternalError` (500, default) or `ServiceUnavailable` (503) before the action runs. */
  serverError?: FaultRule & { code?: "InternalError" | "ServiceUnavailable" };
  /** Delay before answering, in ms. */
  latencyMs?: number;
  /** Mutations only: the change is committed, then the socket is destroyed without a response. */
  responseLost?: FaultRule;
}

export interface FaultConfig {
  /** PRNG seed for every probability (reproducible runs). Default 1. */
  seed?: number;
  /** The code of every throttling answer whose rule names none. */
  throttlingCode?: ThrottlingCodeChoice;
  /** Per action name; the key "*" applies to every action. */
  actions?: Record<string, ActionFaults>;
  /** `Operation.Conflict` (403) for a mutation on an ENI that is busy: within busyMs after another
   *  mutation on it started, or at random with `probability`, or for the next `times` mutations of an
   *  existing ENI (with `probability`: at most `times`). */
  conflict?: { busyMs?: number; probability?: number; times?: number };
  /** Addresses newly assigned to an ENI stay hidden from the next `describes` describe calls that
   *  return that ENI (DescribeNetworkInterfaces / DescribeNetworkInterfaceAttribute / DescribeInstances). */
  staleReads?: { describes: number };
  /** Mutating calls allowed per second over all ENIs; the excess gets a throttling answer. */
  mutationRateLimit?: { perSecond: number; code?: ThrottlingCodeChoice };
  /** How Cloud Assistant scripts end (default: Success, exit code 0, empty output). */
  commands?: { outcomes?: CommandOutcomeRule[] };
}

export interface EmulatorCredentials {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A seed object or a path to a YAML/JSON seed file. Default: the bundled demo seed. */
  seed?: EmulatorSeed | string;
  /** Persist every change here (atomically); an existing file wins over the seed on start. */
  statePath?: string;
  /** Accepted keys. Default: DEMO_CREDENTIALS only. */
  credentials?: EmulatorCredentials[];
  /** Keys that read like the main ones and get `Forbidden.RAM` (403) on every mutation. Default none. */
  readOnlyCredentials?: EmulatorCredentials[];
  /** Override the seed's limits (e.g. `{ transitionMs: 0 }` for instant attach/detach/delete). */
  limits?: EmulatorLimits;
  /** Override the seed's allocation (e.g. `{ order: "lowest" }`). */
  allocation?: AllocationOptions;
  /** Overrides the seed's faults. */
  faults?: FaultConfig;
  /** Milliseconds since the epoch; for x-acs-date checks, nonce windows, busy windows. */
  clock?: () => number;
}

export interface CallCounts {
  [action: string]: number;
  reads: number;
  mutations: number;
}

/** One call that passed authentication, in the order received (RunningEmulator.calls()). */
export interface CallRecord {
  /** 1 for the first call since the start or the last reset. */
  seq: number;
  action: string;
  /** The emulator's clock (ms since the epoch) when the call arrived. */
  at: number;
  networkInterfaceId?: string;
  /** `InstanceId.N` or `InstanceId`. */
  instanceIds?: string[];
  /** `PrivateIpAddress.N`. */
  privateIpAddresses?: string[];
  /** The error code answered, when the call was refused. */
  error?: string;
}

export interface RunningEmulator {
  /** http://HOST:PORT */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** `host:port`, the value for the SDK's `endpoint` option. */
  readonly endpoint: string;
  close(): Promise<void>;
  /** Calls that passed authentication, by action, plus `reads` and `mutations` totals. */
  callCounts(): CallCounts;
  /** The calls that passed authentication, oldest first, with their ENI, instances and addresses (the last 10,000). */
  calls(): CallRecord[];
  /** Replace the fault configuration (undefined clears every fault). */
  setFaults(faults: FaultConfig | undefined): void;
  faults(): FaultConfig;
  /** Back to the seed: state, call counts, idempotency tokens, nonces and fault counters. */
  reset(): void;
  /** A deep copy of the account's data. */
  state(): EmulatorSnapshot;
  /** Every Cloud Assistant script received so far, oldest first, decoded. */
  scripts(): RecordedScript[];
  /** Start or stop the Cloud Assistant agent of an instance (DescribeCloudAssistantStatus, RunCommand). */
  setCloudAssistant(instanceId: string, running: boolean): void;
}
