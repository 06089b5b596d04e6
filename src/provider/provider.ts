// The provider object Pulumi serializes into every resource's state as text (`__provider`). It is a
// module-level singleton whose methods load the implementation lazily *by package name*, so the
// serialized text is a few small functions: no client, credential, class instance or captured data.
// Inside the dynamic-provider host the text is evaluated with its module paths rooted at the host's
// working directory – the Pulumi project – so `require("eni-ips/provider/engine")` finds the project's
// own node_modules/eni-ips (an entry of package.json "exports", kept for every stack that holds this
// text). Credentials are read by the implementation at call time from the host's environment.
import type * as pulumi from "@pulumi/pulumi";

type Engine = typeof import("./engine");

export const provider: pulumi.dynamic.ResourceProvider = {
  async check(olds: any, news: any) {
    const engine: Engine = require("eni-ips/provider/engine");
    return engine.check(olds, news);
  },
  async diff(id: string, olds: any, news: any) {
    const engine: Engine = require("eni-ips/provider/engine");
    return engine.diff(id, olds, news);
  },
  async create(inputs: any) {
    const engine: Engine = require("eni-ips/provider/engine");
    return engine.create(inputs);
  },
  async read(id: string, props: any) {
    const engine: Engine = require("eni-ips/provider/engine");
    return engine.read(id, props);
  },
  async update(id: string, olds: any, news: any) {
    const engine: Engine = require("eni-ips/provider/engine");
    return engine.update(id, olds, news);
  },
  async delete(id: string, props: any) {
    const engine: Engine = require("eni-ips/provider/engine");
    return engine.remove(id, props);
  },
};

/**
 * The Ipv4Prefixes resource's provider: the same engine module (the same lazy load by package name,
 * the same small serialized text), its `ipv4Prefixes` table.
 */
export const prefixProvider: pulumi.dynamic.ResourceProvider = {
  async check(olds: any, news: any) {
    const engine: Engine = require("eni-ips/provider/engine");
    return engine.ipv4Prefixes.check(olds, news);
  },
  async diff(id: string, olds: any, news: any) {
    const engine: Engine = require("eni-ips/provider/engine");
    return engine.ipv4Prefixes.diff(id, olds, news);
  },
  async create(inputs: any) {
    const engine: Engine = require("eni-ips/provider/engine");
    return engine.ipv4Prefixes.create(inputs);
  },
  async read(id: string, props: any) {
    const engine: Engine = require("eni-ips/provider/engine");
    return engine.ipv4Prefixes.read(id, props);
  },
  async update(id: string, olds: any, news: any) {
    const engine: Engine = require("eni-ips/provider/engine");
    return engine.ipv4Prefixes.update(id, olds, news);
  },
  async delete(id: string, props: any) {
    const engine: Engine = require("eni-ips/provider/engine");
    return engine.ipv4Prefixes.remove(id, props);
  },
};
