// One emulated account behind the wire protocol: state, auth, faults, idempotency and counters, and
// the single place where a request becomes an action call (so the ordering of checks lives here).
import { ACTIONS, type ActionDef, type ActionResult } from "./actions";
import { Authenticator, type AuthRequest } from "./auth";
import { ApiError } from "./errors";
import { FaultEngine } from "./faults";
import { IdempotencyStore } from "./idempotency";
import { Params } from "./params";
import { readStateFile, writeStateFile } from "./persistence";
import { AccountState } from "./state";
import type { CallCounts, EmulatorCredentials, EmulatorSeed, EmulatorSnapshot, FaultConfig } from "./types";

/** Parameters of the envelope, not of the action: left out of the ClientToken fingerprint. */
const COMMON_PARAMS = new Set([
  "ClientToken", "Action", "Version", "Format", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion",
  "SignatureNonce", "SignatureType", "Timestamp", "SecurityToken", "OwnerId", "OwnerAccount", "ResourceOwnerId", "ResourceOwnerAccount",
]);

export interface EmulatorCoreOptions {
  seed: EmulatorSeed;
  statePath: string | undefined;
  credentials: readonly EmulatorCredentials[];
  faults: FaultConfig | undefined;
  clock: () => number;
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
  private counts = new Map<string, number>();
  private reads = 0;
  private mutations = 0;

  constructor(private readonly options: EmulatorCoreOptions) {
    const saved = options.statePath !== undefined ? readStateFile(options.statePath) : undefined;
    this.state = AccountState.fromSeed(saved ?? options.seed);
    this.faults = new FaultEngine(options.faults ?? options.seed.faults);
    this.auth = new Authenticator(options.credentials, options.clock);
    if (!saved) this.persist();
  }

  get clock(): () => number {
    return this.options.clock;
  }

  /** Runs an authenticated request; throws ApiError for every refusal. */
  async call(auth: AuthRequest, headerAction: string | undefined, headerVersion: string | undefined): Promise<Outcome> {
    this.auth.authenticate(auth);
    const params = new Params(auth.allPairs);
    const name = headerAction ?? params.string("Action");
    if (name === undefined) throw new ApiError(400, "MissingParameter", 'The input parameter "Action" that is mandatory for processing this request is not supplied.');
    const action = ACTIONS.get(name);
    const version = headerVersion ?? params.string("Version");
    if (!action || (version !== undefined && version !== (action.product === "Ecs" ? "2014-05-26" : "2016-04-28"))) {
      throw new ApiError(404, "InvalidAction.NotFound", `Specified api is not found, please check your url and method. (${name}${version ? ` ${version}` : ""})`);
    }
    this.count(action);
    const latency = this.faults.latencyMs(name);
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    const now = this.options.clock();
    this.faults.beforeAction(name, action.mutation, now);
    if (this.state.settle(now)) this.persist();
    if (!action.mutation) return { action, body: action.run({ params, state: this.state, faults: this.faults, now }), lose: false };

    const token = action.idempotent ? params.string("ClientToken") : undefined;
    const fingerprint = token !== undefined ? params.fingerprint(COMMON_PARAMS) : "";
    if (token !== undefined) {
      if (token.length > 64 || !/^[\x20-\x7e]*$/.test(token)) throw new ApiError(400, "InvalidParameter", 'The specified parameter "ClientToken" is not valid: ASCII only, at most 64 characters.');
      const replay = this.idempotency.lookup(name, token, fingerprint);
      if (replay) return { action, body: structuredClone(replay), lose: false };
    }
    const eniId = params.string("NetworkInterfaceId");
    if (eniId !== undefined && this.state.enis.has(eniId)) this.faults.enterMutation(eniId, now);
    const body = action.run({ params, state: this.state, faults: this.faults, now });
    if (token !== undefined) this.idempotency.remember(name, token, fingerprint, structuredClone(body));
    this.persist();
    return { action, body, lose: this.faults.loseResponse(name) };
  }

  private count(action: ActionDef): void {
    this.counts.set(action.name, (this.counts.get(action.name) ?? 0) + 1);
    if (action.mutation) this.mutations++;
    else this.reads++;
  }

  callCounts(): CallCounts {
    return { ...Object.fromEntries(this.counts), reads: this.reads, mutations: this.mutations };
  }

  reset(): void {
    this.state = AccountState.fromSeed(structuredClone(this.options.seed));
    this.faults.set(this.options.faults ?? this.options.seed.faults);
    this.idempotency.clear();
    this.auth.nonces.clear();
    this.counts = new Map();
    this.reads = 0;
    this.mutations = 0;
    this.persist();
  }

  snapshot(): EmulatorSnapshot {
    return this.state.snapshot();
  }

  persist(): void {
    if (this.options.statePath !== undefined) writeStateFile(this.options.statePath, this.state.snapshot());
  }
}
