#!/usr/bin/env node
// The failover move the Alibaba docs describe ("unbind ENIs from the instance and bind the ENIs to
// another instance to divert traffic"), with the official ECS SDK: DetachNetworkInterface from the
// failed instance, wait until the ENI is Available, AttachNetworkInterface to the standby, wait until
// it is InUse there. The secondary addresses eni-ips declared stay on the ENI the whole time, so the
// stack needs no change; `pulumi refresh` then shows the new `instanceId`.
//
//   node failover.js [--eni ENI] [--from INSTANCE] [--to INSTANCE] [--timeout-ms N] [--poll-ms N]
//
// Defaults are the demo seed's: eni-bp1demobound moves from i-bp1demoweb01 (web-01) to
// i-bp1demostopped (same VPC and zone, Stopped, 1 of 8 ENI slots used, 30 addresses per ENI).
// Credentials, region and endpoint come from the same ALIBABA_CLOUD_* variables as eni-ips itself
// (ALIBABA_CLOUD_ECS_ENDPOINT as a full URL, e.g. the emulator's http://127.0.0.1:8080).
//
// Each step re-reads the ENI and acts on what it sees, so a run that was interrupted (or a detach
// whose answer was lost) is finished by running the script again, never done twice.
"use strict";

const Ecs = require("@alicloud/ecs20140526");
const EcsClient = Ecs.default;
const { $OpenApiUtil } = require("@alicloud/openapi-core");
const { createCallTimeCredential, parseEndpointUrl, readCloudSettings } = require("eni-ips/cloud");

const DEFAULTS = {
  networkInterfaceId: "eni-bp1demobound",
  fromInstanceId: "i-bp1demoweb01",
  toInstanceId: "i-bp1demostopped",
  // Real detach/attach usually settle in seconds; the bound keeps a stuck ENI from hanging a runbook.
  timeoutMs: 180_000,
  pollMs: 2_000,
};

/** API answers worth another look at the ENI (and another try), not a reason to give up. */
// InvalidEniState too: a request racing a transition we have not seen yet; the next read decides.
const TRANSIENT = /^(Throttling|ServiceUnavailable|InternalError|Operation\.?Conflict|InvalidOperation\.Conflict|InvalidOperation\.InvalidEniState)/;

class FailoverError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "FailoverError";
  }
}

function ecsClient(env) {
  const settings = readCloudSettings({ env });
  const config = new $OpenApiUtil.Config({ regionId: settings.regionId, connectTimeout: 5_000, readTimeout: 20_000, userAgent: "eni-ips-failover" });
  // The same credential eni-ips uses: env keys first, else the default chain, read per request.
  config.credential = createCallTimeCredential(env);
  if (settings.ecsEndpoint !== undefined) {
    const { endpoint, protocol } = parseEndpointUrl(settings.ecsEndpoint, "ALIBABA_CLOUD_ECS_ENDPOINT");
    config.endpoint = endpoint;
    config.protocol = protocol;
  }
  return { client: new EcsClient(config), regionId: settings.regionId };
}

function isTransient(error) {
  if (error === null || typeof error !== "object") return false;
  const code = typeof error.code === "string" ? error.code : "";
  // Missing credentials or a bad endpoint URL: no amount of waiting helps.
  if (error.name === "CloudConfigError") return false;
  if (typeof error.statusCode === "number") return error.statusCode >= 500 || TRANSIENT.test(code);
  // No HTTP answer at all (ECONNRESET, ETIMEDOUT, ...): the request may or may not have arrived.
  return /^E[A-Z]+$/.test(code) || /timeout/i.test(String(error.name));
}

function describeError(error) {
  if (error && typeof error === "object") {
    const code = typeof error.code === "string" ? `${error.code}: ` : "";
    const msg = typeof error.data?.Message === "string" ? error.data.Message : String(error.message ?? error);
    return `${code}${msg}`;
  }
  return String(error);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Moves `networkInterfaceId` from `fromInstanceId` to `toInstanceId` and resolves once it is InUse
 * there. `statuses` lists every status seen while waiting (in order, repeats collapsed).
 */
async function failover(options = {}) {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const env = o.env ?? process.env;
  const log = o.log ?? ((line) => process.stdout.write(`${line}\n`));
  const { client, regionId } = ecsClient(env);
  const eniId = o.networkInterfaceId;
  const deadline = Date.now() + o.timeoutMs;
  const statuses = [];

  const read = async () => {
    const res = await client.describeNetworkInterfaceAttribute(new Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId, networkInterfaceId: eniId }));
    const b = res.body ?? {};
    const instanceId = b.instanceId || b.attachment?.instanceId || undefined;
    const status = b.status ?? "";
    if (statuses[statuses.length - 1] !== status) {
      statuses.push(status);
      log(`${eniId}: ${status}${instanceId && status !== "Available" ? ` on ${instanceId}` : ""}`);
    }
    return { status, instanceId: status === "Available" ? undefined : instanceId };
  };

  /**
   * A mutation. True when the API accepted it; a transient failure is only logged (false): the next
   * read of the ENI decides what follows, so a request whose answer was lost is not repeated blindly.
   */
  const act = async (what, call) => {
    try {
      await call();
      log(`${what}: accepted`);
      return true;
    } catch (error) {
      if (!isTransient(error)) throw new FailoverError(`${what} failed: ${describeError(error)}`, { cause: error });
      log(`${what}: ${describeError(error)} (will look again)`);
      return false;
    }
  };

  // The request the API accepted and whose effect we wait for: never sent twice, since a second
  // detach of a detaching ENI (or attach of an attaching one) is refused.
  let pending;
  for (;;) {
    if (Date.now() > deadline) {
      throw new FailoverError(`${eniId} did not reach InUse on ${o.toInstanceId} within ${o.timeoutMs} ms (last status: ${statuses[statuses.length - 1] ?? "unknown"}); run the script again to finish the move`);
    }
    let eni;
    try {
      eni = await read();
    } catch (error) {
      if (!isTransient(error)) throw new FailoverError(`DescribeNetworkInterfaceAttribute ${eniId} failed: ${describeError(error)}`, { cause: error });
      await sleep(o.pollMs);
      continue;
    }
    if (eni.status === "InUse" && eni.instanceId === o.toInstanceId) {
      log(`${eniId} is bound to ${o.toInstanceId}; its secondary addresses moved with it`);
      return { networkInterfaceId: eniId, fromInstanceId: o.fromInstanceId, toInstanceId: o.toInstanceId, statuses };
    }
    if (eni.instanceId !== undefined && eni.instanceId !== o.toInstanceId && eni.instanceId !== o.fromInstanceId) {
      // Someone else moved it: taking it away from a third instance is not this script's call.
      throw new FailoverError(`${eniId} is ${eni.status} on ${eni.instanceId}, neither ${o.fromInstanceId} nor ${o.toInstanceId}; nothing more was changed`);
    }
    if (eni.status === "InUse" && eni.instanceId === o.fromInstanceId) {
      if (pending !== "detach") {
        const ok = await act(`DetachNetworkInterface ${eniId} from ${o.fromInstanceId}`, () =>
          client.detachNetworkInterface(new Ecs.DetachNetworkInterfaceRequest({ regionId, networkInterfaceId: eniId, instanceId: o.fromInstanceId })),
        );
        if (ok) pending = "detach";
      }
    } else if (eni.status === "Available") {
      if (pending !== "attach") {
        const ok = await act(`AttachNetworkInterface ${eniId} to ${o.toInstanceId}`, () =>
          client.attachNetworkInterface(new Ecs.AttachNetworkInterfaceRequest({ regionId, networkInterfaceId: eniId, instanceId: o.toInstanceId })),
        );
        if (ok) pending = "attach";
      }
    } else if (eni.status !== "Detaching" && eni.status !== "Attaching") {
      throw new FailoverError(`${eniId} is ${eni.status || "in an unknown state"}; expected InUse, Detaching, Available or Attaching`);
    }
    await sleep(o.pollMs);
  }
}

function parseArgs(argv) {
  const out = {};
  const names = { "--eni": "networkInterfaceId", "--from": "fromInstanceId", "--to": "toInstanceId", "--timeout-ms": "timeoutMs", "--poll-ms": "pollMs" };
  for (let i = 0; i < argv.length; i++) {
    const key = names[argv[i]];
    const value = argv[i + 1];
    if (key === undefined || value === undefined) throw new FailoverError(`usage: node failover.js [--eni ENI] [--from INSTANCE] [--to INSTANCE] [--timeout-ms N] [--poll-ms N] (bad argument ${argv[i]})`);
    out[key] = key.endsWith("Ms") ? Number(value) : value;
    if (key.endsWith("Ms") && !(Number.isInteger(out[key]) && out[key] > 0)) throw new FailoverError(`${argv[i]} must be a positive whole number of milliseconds`);
    i++;
  }
  return out;
}

module.exports = { failover, FailoverError, DEFAULTS };

if (require.main === module) {
  (async () => {
    const result = await failover(parseArgs(process.argv.slice(2)));
    process.stdout.write(`failover done: ${result.networkInterfaceId} ${result.fromInstanceId} -> ${result.toInstanceId}\n`);
  })().catch((error) => {
    process.stderr.write(`failover: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
