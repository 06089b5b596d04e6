// The dynamic provider's methods, loaded lazily inside the dynamic-provider host by package name
// (`require("eni-ips/provider/engine")`, see provider.ts). Stacks already deployed hold a serialized
// provider that requires this module path and calls these names: keep both. Each method lives in
// the module that does its job (docs/architecture.md); this table only names them.
export { check } from "./check";
export { diff } from "./diff";
export { create, update, remove } from "./apply";
export { read } from "./state";
