// One emulated account behind the wire protocol: state, auth, faults, idempotency and counters, and
// the single place where a request becomes an action call (so the ordering of checks lives here).
import { ACTIONS, PRODUCT_VERSIONS, type ActionDef, type ActionResult } from "./actions";
import { AddressPicker } from "./address-picker";
import { Authenticator, type AuthRequest } from "./auth";
import { ApiError, forbiddenRam, notBurning } from "./errors";
import { FaultConfigError } from "./fault-config";
import { FaultEngine } from "./faults";
import { IdempotencyStore } from "./idempotency";
import { Params } from "./params";
import { readStateFile, STATE_FILE_HINT, StateFileError, stateFileLabel, writeStateFile } from "./persistence";
import { signedTarget } from "./request-action";
import { AccountState, DEFAULT_SOURCE, SeedError } from "./state";
import { recordedScripts } from "./invocations";
import type { AllocationOptions, CallCounts, CallRecord, RecordedScript, EmulatorCredentials, EmulatorLimits, EmulatorSeed, EmulatorSnapshot, FaultConfig } from "./types";

/** Parameters of the envelope, not of the action: left out of the ClientToken fingerprint. */
/** Calls kept in the call log (the oldest go first). */
const CALL_LOG_SIZE = 10_000;

const COMMON_PARAMS = new Set([
  "ClientToken", "Action", "Version", "Format", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion",
  "SignatureNonce", "SignatureType", "Timestamp", "SecurityToken", "OwnerId", "OwnerAccount", "ResourceOwnerId", "ResourceOwnerAccount",
]);

export interface EmulatorCoreOptions {
  seed: EmulatorSeed;
  /** Where the seed came from, for messages ("emulator seed FILE"). */
  seedSource?: string;
  statePath: string | undefined;
  credentials: readonly EmulatorCredentials[];
  readOnlyCredentials?: readonly EmulatorCredentials[];
  faults: FaultConfig | undefined;
  clock: () => number;
  /** Win over the seed's and the state file's limits and allocation. */
  limits?: EmulatorLimits | undefined;
  allocation?: AllocationOptions | undefined;
}

export interface Outcome {
  action: ActionDef;
  body: ActionResult;
  /** True when the response should be dropped after the commit (fault). */
  lose: boolean;
}

export class EmulatorCore {
  state: AccountState;
  readonly faults: FaultEngine;
  readonly auth: Authenticator;
  readonly idempotency = new IdempotencyStore();
  private picker: AddressPicker;
  private counts = new Map<string, number>();
  private reads = 0;
  private mutations = 0;
  private log: CallRecord[] = [];

  /** The state as last written to the state file: what a failed write rolls back to. */
  private lastPersisted: EmulatorSnapshot | undefined;

  constructor(private readonly options: EmulatorCoreOptions) {
    const seedSource = options.seedSource ?? DEFAULT_SOURCE;
    const saved = options.statePath !== undefined ? readStateFile(options.statePath) : undefined;
    if (saved !== undefined && options.statePath !== undefined) {
      const label = stateFileLabel(options.statePath);
      try {
        this.state = this.withOverrides(AccountState.fromSeed(saved, label));
      } catch (error) {
        // The state file, not the seed, is what is damaged: say so, and how to get going again.
        if (error instanceof SeedError) throw new StateFileError(`${error.message}; ${STATE_FILE_HINT}`, { cause: error });
        throw error;
      }
      this.lastPersisted = saved;
    } else {
      this.state = this.withOverrides(AccountState.fromSeed(options.seed, seedSource));
    }
    try {
      this.faults = new FaultEngine(options.faults ?? options.seed.faults);
    } catch (error) {
      if (error instanceof FaultConfigError && options.faults === undefined) throw new SeedError(`${seedSource}: ${error.message}`, { cause: error });
      throw error;
    }
    this.auth = new Authenticator(options.credentials, options.clock, options.readOnlyCredentials);
    this.picker = new AddressPicker(this.state.allocation);
    if (!saved && options.statePath !== undefined) {
      const snapshot = this.state.snapshot();
      try {
        writeStateFile(options.statePath, snapshot);
      } catch (error) {
        throw new StateFileError(`${stateFileLabel(options.statePath)}: cannot be written (${errorCode(error)})`, { cause: error });
      }
      this.lastPersisted = snapshot;
    }
  }

  private withOverrides(state: AccountState): AccountState {
    state.limits = { ...state.limits, ...this.options.limits };
    state.allocation = { ...state.allocation, ...this.options.allocation };
    return state;
  }

  get clock(): () => number {
    return this.options.clock;
  }

  /** Runs an authenticated request; throws ApiError for every refusal. */
  async call(auth: AuthRequest): Promise<Outcome> {
    const { accessKeyId, scheme, readOnly } = this.auth.authenticate(auth);
    const params = new Params(auth.allPairs);
    const { action: name, version } = signedTarget(auth, scheme, params);
    const action = ACTIONS.get(name);
    if (!action || (version !== undefined && version !== PRODUCT_VERSIONS[action.product])) {
      throw new ApiError(404, "InvalidAction.NotFound", `Specified api is not found, please check your url and method. (${name}${version ? ` ${version}` : ""})`);
    }
    const record = this.count(action, params);
    try {
      return await this.authorized(action, params, readOnly, accessKeyId);
    } catch (error) {
      record.error = error instanceof ApiError ? error.code : "InternalError";
      throw error;
    }
  }

  private async authorized(action: ActionDef, params: Params, readOnly: boolean, accessKeyId: string): Promise<Outcome> {
    const name = action.name;
    if (readOnly && action.mutation) throw forbiddenRam(action.product, name, accessKeyId);
    const token = action.mutation && action.idempotent ? params.string("ClientToken") : undefined;
    if (token === undefined) return this.run(action, params);
    if (token.length > 64 || !/^[\x20-\x7e]*$/.test(token)) throw new ApiError(400, "InvalidParameter", 'The specified parameter "ClientToken" is not valid: ASCII only, at most 64 characters.');
    // Registered before the latency, so a retry arriving meanwhile finds the token in flight.
    const replay = this.idempotency.begin(name, token, params.fingerprint(COMMON_PARAMS));
    if (replay) return { action, body: structuredClone(replay), lose: false };
    try {
      const outcome = await this.run(action, params);
      this.idempotency.succeed(name, token, structuredClone(outcome.body));
      return outcome;
    } catch (error) {
      // Refused at the gateway (throttled) or rolled back: the request never counted, the token stays
      // usable. Anything else failed in the service and burns it.
      if (error instanceof ApiError && !error.burnsToken) this.idempotency.abandon(name, token);
      else this.idempotency.fail(name, token);
      throw error;
    }
  }

  /** Latency, injected faults, due transitions, then the action; a mutation is persisted (or rolled
   *  back) before it counts as done. */
  private async run(action: ActionDef, params: Params): Promise<Outcome> {
    const latency = this.faults.latencyMs(action.name);
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    const now = this.options.clock();
    this.faults.beforeAction(action.name, action.mutation, now);
    if (this.state.settle(now)) this.persist();
    const ctx = { params, state: this.state, faults: this.faults, picker: this.picker, now };
    if (!action.mutation) return { action, body: action.run(ctx), lose: false };
    const eniId = params.string("NetworkInterfaceId");
    const restoreFaults = eniId !== undefined ? this.faults.checkpoint(eniId) : undefined;
    const restorePicker = this.picker.checkpoint();
    if (eniId !== undefined && this.state.enis.has(eniId)) this.faults.enterMutation(eniId, now);
    const body = action.run(ctx);
    try {
      this.persist();
    } catch (error) {
      // Rolled back: a retry must meet the ENI as it was (not busy, no hidden addresses, same picks).
      restoreFaults?.();
      restorePicker();
      throw error;
    }
    return { action, body, lose: this.faults.loseResponse(action.name) };
  }

  private count(action: ActionDef, params: Params): CallRecord {
    this.counts.set(action.name, (this.counts.get(action.name) ?? 0) + 1);
    if (action.mutation) this.mutations++;
    else this.reads++;
    const eni = params.string("NetworkInterfaceId");
    const single = params.string("InstanceId");
    const instances = single !== undefined ? [single] : params.repeatList("InstanceId");
    const addresses = params.repeatList("PrivateIpAddress");
    const record: CallRecord = {
      seq: this.reads + this.mutations,
      action: action.name,
      at: this.options.clock(),
      ...(eni !== undefined ? { networkInterfaceId: eni } : {}),
      ...(instances.length > 0 ? { instanceIds: instances } : {}),
      ...(addresses.length > 0 ? { privateIpAddresses: addresses } : {}),
    };
    this.log.push(record);
    if (this.log.length > CALL_LOG_SIZE) this.log.splice(0, this.log.length - CALL_LOG_SIZE);
    return record;
  }

  /** The calls that passed authentication, oldest first (the last 10,000). */
  calls(): CallRecord[] {
    return this.log.map((r) => ({ ...r }));
  }

  callCounts(): CallCounts {
    return { ...Object.fromEntries(this.counts), reads: this.reads, mutations: this.mutations };
  }

  reset(): void {
    this.state = this.withOverrides(AccountState.fromSeed(structuredClone(this.options.seed)));
    this.faults.set(this.options.faults ?? this.options.seed.faults);
    this.idempotency.clear();
    this.picker = new AddressPicker(this.state.allocation);
    this.auth.nonces.clear();
    this.counts = new Map();
    this.log = [];
    this.reads = 0;
    this.mutations = 0;
    this.persist();
  }

  snapshot(): EmulatorSnapshot {
    return this.state.snapshot();
  }

  scripts(): RecordedScript[] {
    return recordedScripts(this.state, this.options.clock());
  }

  setCloudAssistant(instanceId: string, running: boolean): void {
    const inst = this.state.instances.get(instanceId);
    if (!inst) throw new RangeError(`setCloudAssistant: no instance ${instanceId}`);
    inst.cloudAssistant = running;
    this.persist();
  }

  /** Writes the state file; when that fails, the state goes back to what the file last held and the
   *  caller gets InternalError, so an unacknowledged change never lingers in memory. */
  persist(): void {
    if (this.options.statePath === undefined) return;
    const snapshot = this.state.snapshot();
    try {
      writeStateFile(this.options.statePath, snapshot);
    } catch (error) {
      if (this.lastPersisted !== undefined) this.state = AccountState.fromSeed(this.lastPersisted);
      throw notBurning(new ApiError(500, "InternalError", `The request processing has failed due to some unknown error: the emulator could not write its state file (${errorCode(error)}); nothing was changed.`));
    }
    this.lastPersisted = snapshot;
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
