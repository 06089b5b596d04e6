// The dynamic provider's methods, loaded lazily inside the dynamic-provider host by package name
// (`require("eni-ips/provider/engine")`, see provider.ts). Stacks already deployed hold a serialized
// provider that requires this module path and calls these names: keep both. Each method lives in
// the module that does its job (docs/architecture.md); this table only names them. The top-level
// names serve the address resource (SecondaryPrivateIpAddresses); `ipv4Prefixes` holds the same
// methods for the Ipv4Prefixes resource (kind.ts says what differs).
import type * as pulumi from "@pulumi/pulumi";
import { check } from "./check";
import { diff } from "./diff";
import { create, update, remove } from "./apply";
import { PREFIXES } from "./kind";
import { read } from "./state";

export { check, diff, create, update, remove, read };

type Props = Record<string, unknown>;

export const ipv4Prefixes = {
  check: (olds: Props, news: Props) => check(olds, news, PREFIXES),
  diff: (id: string, olds: Props, news: Props) => diff(id, olds, news, PREFIXES),
  create: (inputs: Props) => create(inputs, PREFIXES),
  update: (id: string, olds: Props, news: Props) => update(id, olds, news, PREFIXES),
  read: (id: string, props: Props): Promise<pulumi.dynamic.ReadResult<Props>> => read(id, props, PREFIXES),
  remove: (id: string, props: Props) => remove(id, props, PREFIXES),
};
