// Builds Terraform JSON plans (`terraform show -json PLANFILE`) and Pulumi previews (`pulumi preview
// --json`) in the documented shapes, from a short description of each resource, so that the example
// stacks (regenerate.js), the tests and the bench share one faithful writer of both formats.
//
// Terraform (hashicorp/terraform website/docs/internals/json-format.mdx): format_version, prior_state,
// configuration (provider_config, root_module.resources[].expressions with constant_value or
// references, module_calls), planned_values, resource_changes[].change (actions, before, after,
// after_unknown, before_sensitive, after_sensitive), relevant_attributes, timestamp, applyable,
// complete, errored. Values of the alicloud resources follow terraform-provider-alicloud's schemas:
// every attribute is present in `after` (null when not set), an Optional+Computed attribute the
// configuration leaves out is unknown on create and keeps its prior value on update, and a set holding
// an unknown element is unknown as a whole.
// Pulumi (pulumi/pulumi sdk/go/common/display PreviewDigest, apitype ResourceV3): config, steps[] with
// op, urn, provider, oldState/newState (urn, custom, type, inputs, outputs, parent, provider,
// dependencies, propertyDependencies), detailedDiff; diagnostics; duration; changeSummary. Unknown
// values are the sentinel "04da6b54-80e4-46f7-96ec-b56ff0331ba9".
"use strict";

const TF_PROVIDER = "registry.terraform.io/aliyun/alicloud";
const PULUMI_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

// Attribute -> [computed?, default]. A subset of each schema: every attribute the rules read, plus
// the neighbours a real plan shows next to them.
const C = true;
const SCHEMAS = {
  alicloud_ecs_network_interface: {
    description: [false, null], instance_type: [C], ipv4_prefix_count: [C], ipv4_prefixes: [C], ipv6_address_count: [C], ipv6_addresses: [C],
    mac: [C], name: [C], network_interface_name: [C], network_interface_traffic_mode: [C], primary_ip_address: [C], private_ip: [C],
    private_ip_addresses: [C], private_ips: [C], private_ips_count: [C], queue_number: [C], resource_group_id: [false, null],
    secondary_private_ip_address_count: [C], security_group_ids: [C], security_groups: [C], source_dest_check: [false, null], status: [C],
    tags: [false, null], timeouts: [false, null], vswitch_id: [false, null], id: [C],
  },
  alicloud_instance: {
    availability_zone: [C], deletion_protection: [false, false], host_name: [C], id: [C], image_id: [false, null], instance_charge_type: [false, "PostPaid"],
    instance_name: [false, "ECS-Instance"], instance_type: [false, null], internet_max_bandwidth_out: [false, 0], key_name: [C], password: [false, null],
    private_ip: [C], public_ip: [C], role_name: [C], secondary_private_ip_address_count: [C], secondary_private_ips: [C], security_groups: [false, null],
    status: [false, "Running"], subnet_id: [C], system_disk_category: [false, "cloud_efficiency"], system_disk_size: [false, 40], tags: [false, null], vswitch_id: [false, null],
  },
  alicloud_ecs_network_interface_attachment: {
    id: [C], instance_id: [false, null], network_interface_id: [false, null], timeouts: [false, null], trunk_network_instance_id: [false, null], wait_for_network_configuration_ready: [false, null],
  },
  alicloud_vswitch: {
    cidr_block: [false, null], description: [false, null], id: [C], ipv6_cidr_block: [C], status: [C], tags: [false, null], vpc_id: [false, null], vswitch_name: [C], zone_id: [false, null],
  },
  alicloud_security_group: {
    description: [false, null], id: [C], inner_access_policy: [C], resource_group_id: [C], security_group_name: [C], security_group_type: [false, "normal"], tags: [false, null], vpc_id: [false, null],
  },
  alicloud_eip_address: {
    address_name: [C], bandwidth: [C], id: [C], internet_charge_type: [C], ip_address: [C], isp: [C], payment_type: [C], status: [C], tags: [false, null],
  },
  alicloud_eip_association: {
    allocation_id: [false, null], id: [C], instance_id: [false, null], instance_type: [C], private_ip_address: [C],
  },
};
SCHEMAS.alicloud_network_interface = SCHEMAS.alicloud_ecs_network_interface;
SCHEMAS.alicloud_network_interface_attachment = SCHEMAS.alicloud_ecs_network_interface_attachment;

/** A marker for a configured value known only at apply time (a reference to something planned). */
const UNKNOWN = Symbol("unknown");

function clone(v) {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

/** after_sensitive / before_sensitive of a non-sensitive value: the shape of collections, false leaves. */
function notSensitive(values) {
  const out = {};
  for (const [k, v] of Object.entries(values ?? {})) {
    if (Array.isArray(v)) out[k] = v.map(() => false);
    else if (v !== null && typeof v === "object") out[k] = {};
  }
  return out;
}

/**
 * terraformPlan(): resource({ module, moduleIndex, type, name, index, action, config, refs, before,
 * sensitive }) adds one resource instance; moduleCall(name, { source, count, expressions, variables })
 * one module block; build() the document.
 *  - config: the attributes the configuration sets, with their planned values (UNKNOWN when they come
 *    from something the plan creates; then `refs` lists the references, module-local).
 *  - before: the prior state's values (updates, no-ops, deletes).
 *  - action: "create" | "update" | "no-op" | "delete" | "replace" (delete, then create).
 */
function terraformPlan(options = {}) {
  const region = options.region ?? "cn-hangzhou";
  const version = options.terraformVersion ?? "1.9.8";
  const instances = [];
  const blocks = new Map(); // module|type.name -> configuration resource
  const moduleCalls = new Map();

  function resource(spec) {
    const schema = SCHEMAS[spec.type];
    if (!schema) throw new Error(`plan-builder: no schema for ${spec.type}`);
    const moduleAddress = spec.module === undefined ? undefined : `module.${spec.module}${spec.moduleIndex === undefined ? "" : `[${JSON.stringify(spec.moduleIndex)}]`}`;
    const local = `${spec.type}.${spec.name}${spec.index === undefined ? "" : `[${JSON.stringify(spec.index)}]`}`;
    const address = moduleAddress === undefined ? local : `${moduleAddress}.${local}`;
    const config = spec.config ?? {};
    const refs = spec.refs ?? {};
    const blockKey = `${spec.module ?? ""}|${spec.type}.${spec.name}`;
    if (!blocks.has(blockKey)) {
      const expressions = {};
      for (const [attr, value] of Object.entries(config)) {
        expressions[attr] = refs[attr] !== undefined ? { references: refs[attr] } : { constant_value: value === UNKNOWN ? null : value };
      }
      blocks.set(blockKey, {
        module: spec.module,
        block: {
          address: `${spec.type}.${spec.name}`,
          mode: "managed",
          type: spec.type,
          name: spec.name,
          provider_config_key: spec.module === undefined ? "alicloud" : `module.${spec.module}:alicloud`,
          expressions,
          schema_version: 0,
          ...(spec.count !== undefined ? { count_expression: { constant_value: spec.count } } : {}),
        },
      });
    }

    const action = spec.action ?? "create";
    const before = action === "create" ? null : clone(spec.before);
    let after = null;
    const afterUnknown = {};
    if (action !== "delete") {
      after = {};
      for (const [attr, [computed, dflt]] of Object.entries(schema)) {
        if (Object.prototype.hasOwnProperty.call(config, attr)) {
          const v = config[attr];
          const unknownInside = v === UNKNOWN || (Array.isArray(v) && v.includes(UNKNOWN));
          // A set holding an unknown element is unknown as a whole (cty sets cannot be partly known).
          if (unknownInside) afterUnknown[attr] = true;
          else after[attr] = clone(v);
        } else if (computed && action !== "create" && before && Object.prototype.hasOwnProperty.call(before, attr)) {
          after[attr] = clone(before[attr]); // computed and not configured: the prior value stays
        } else if (computed) {
          afterUnknown[attr] = true;
        } else {
          after[attr] = dflt === undefined ? null : dflt;
        }
      }
      for (const [attr, v] of Object.entries(after)) if (Array.isArray(v) && afterUnknown[attr] === undefined) afterUnknown[attr] = v.map(() => false);
      if (spec.sensitive) for (const attr of spec.sensitive) if (after[attr] === undefined && afterUnknown[attr] !== true) after[attr] = null;
    }
    const afterSensitive = after === null ? false : notSensitive(after);
    for (const attr of spec.sensitive ?? []) if (after !== null) afterSensitive[attr] = true;
    const actions = action === "replace" ? ["delete", "create"] : [action];
    instances.push({
      moduleAddress,
      spec,
      address,
      after,
      change: {
        address,
        ...(moduleAddress === undefined ? {} : { module_address: moduleAddress }),
        mode: "managed",
        type: spec.type,
        name: spec.name,
        ...(spec.index === undefined ? {} : { index: spec.index }),
        provider_name: TF_PROVIDER,
        change: {
          actions,
          before,
          after,
          after_unknown: after === null ? {} : afterUnknown,
          before_sensitive: before === null ? false : notSensitive(before),
          after_sensitive: afterSensitive,
        },
        ...(spec.actionReason ? { action_reason: spec.actionReason } : {}),
      },
    });
    return address;
  }

  function moduleCall(name, spec) {
    moduleCalls.set(name, spec);
  }

  function valuesOf(filter, valuesFor) {
    const root = { resources: [], child_modules: [] };
    const children = new Map();
    for (const i of instances.filter(filter)) {
      const entry = {
        address: i.address,
        mode: "managed",
        type: i.spec.type,
        name: i.spec.name,
        ...(i.spec.index === undefined ? {} : { index: i.spec.index }),
        provider_name: TF_PROVIDER,
        schema_version: 0,
        values: valuesFor(i),
        sensitive_values: notSensitive(valuesFor(i)),
      };
      if (i.moduleAddress === undefined) root.resources.push(entry);
      else {
        if (!children.has(i.moduleAddress)) children.set(i.moduleAddress, { resources: [], address: i.moduleAddress });
        children.get(i.moduleAddress).resources.push(entry);
      }
    }
    root.child_modules = [...children.values()];
    if (root.child_modules.length === 0) delete root.child_modules;
    return root;
  }

  function build() {
    const rootResources = [];
    const moduleResources = new Map();
    for (const { module, block } of blocks.values()) {
      if (module === undefined) rootResources.push(block);
      else {
        if (!moduleResources.has(module)) moduleResources.set(module, []);
        moduleResources.get(module).push(block);
      }
    }
    const byAddress = (a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);
    const calls = {};
    for (const [name, spec] of moduleCalls) {
      calls[name] = {
        source: spec.source,
        ...(spec.count !== undefined ? { count_expression: { constant_value: spec.count } } : {}),
        expressions: spec.expressions ?? {},
        module: { resources: (moduleResources.get(name) ?? []).sort(byAddress), variables: spec.variables ?? {} },
      };
    }
    const relevant = [];
    for (const i of instances) {
      for (const attr of Object.keys(i.spec.refs ?? {})) relevant.push({ resource: i.address, attribute: [attr] });
    }
    return {
      format_version: "1.2",
      terraform_version: version,
      variables: options.variables ?? {},
      planned_values: { root_module: valuesOf((i) => i.after !== null, (i) => i.after) },
      resource_changes: instances.map((i) => i.change),
      prior_state: {
        format_version: "1.0",
        terraform_version: version,
        values: { root_module: valuesOf((i) => i.spec.before !== undefined && (i.spec.action ?? "create") !== "create", (i) => i.spec.before) },
      },
      configuration: {
        provider_config: {
          alicloud: { name: "alicloud", full_name: TF_PROVIDER, version_constraint: "~> 1.230", expressions: { region: { constant_value: region } } },
        },
        root_module: { resources: rootResources.sort(byAddress), ...(Object.keys(calls).length > 0 ? { module_calls: calls } : {}) },
      },
      relevant_attributes: relevant,
      timestamp: options.timestamp ?? "2026-11-20T09:30:00Z",
      applyable: true,
      complete: true,
      errored: false,
    };
  }

  return { resource, moduleCall, build };
}

/** The prior state of an ENI as terraform-provider-alicloud's Read writes it (both the current and the
 *  deprecated attribute names are set). */
function eniState({ id, vswitchId, securityGroupIds, primary, secondaries = [], prefixes = [], status = "InUse", name = "" }) {
  return {
    description: "", id, instance_type: "Secondary", ipv4_prefix_count: prefixes.length, ipv4_prefixes: prefixes, ipv6_address_count: 0, ipv6_addresses: [],
    mac: "00:16:3e:12:34:56", name, network_interface_name: name, network_interface_traffic_mode: "Standard",
    primary_ip_address: primary, private_ip: primary, private_ip_addresses: secondaries, private_ips: secondaries,
    private_ips_count: secondaries.length, queue_number: 1, resource_group_id: "", secondary_private_ip_address_count: secondaries.length,
    security_group_ids: securityGroupIds, security_groups: securityGroupIds, source_dest_check: false, status, tags: {}, timeouts: null, vswitch_id: vswitchId,
  };
}

/** The prior state of an instance as the provider's Read writes it. */
function instanceState({ id, instanceType, vswitchId, securityGroups, privateIp, secondaries = [], status = "Running", zone = "cn-hangzhou-h", name = "ECS-Instance" }) {
  return {
    availability_zone: zone, deletion_protection: false, host_name: `iZ${id.slice(2)}Z`, id, image_id: "aliyun_3_x64_20G_alibase_20240819.vhd",
    instance_charge_type: "PostPaid", instance_name: name, instance_type: instanceType, internet_max_bandwidth_out: 0, key_name: "", password: null,
    private_ip: privateIp, public_ip: "", role_name: "", secondary_private_ip_address_count: secondaries.length, secondary_private_ips: secondaries,
    security_groups: securityGroups, status, subnet_id: vswitchId, system_disk_category: "cloud_essd", system_disk_size: 40, tags: {}, vswitch_id: vswitchId,
  };
}

/**
 * pulumiPreview(): resource({ type, name, op, inputs, outputs, oldInputs, oldOutputs, id, deps, parent })
 * adds one step; build() the document. `deps` maps an input name to the names of the resources it is
 * computed from (their URNs are filled in); an input whose value is UNKNOWN is written as Pulumi's
 * unknown sentinel.
 */
function pulumiPreview(options = {}) {
  const project = options.project ?? "network";
  const stack = options.stack ?? "dev";
  const prefix = `urn:pulumi:${stack}::${project}::`;
  const stackUrn = `${prefix}pulumi:pulumi:Stack::${project}-${stack}`;
  const providerUrn = `${prefix}pulumi:providers:alicloud::default_3_86_1`;
  const dynamicProviderUrn = `${prefix}pulumi:providers:pulumi-nodejs::default`;
  const steps = [];
  const urns = new Map();
  const urnOf = (type, name) => `${prefix}${type}::${name}`;
  const counts = {};

  const sentinel = (v) => (v === UNKNOWN ? PULUMI_UNKNOWN : Array.isArray(v) ? v.map(sentinel) : v);
  const mapValues = (o) => Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, sentinel(v)]));

  function state(spec, urn, inputs, outputs, id) {
    const dynamic = spec.type.startsWith("pulumi-nodejs:dynamic");
    const deps = {};
    for (const [input, names] of Object.entries(spec.deps ?? {})) deps[input] = names.map((n) => urns.get(n) ?? n);
    return {
      urn,
      custom: true,
      ...(id === undefined ? {} : { id }),
      type: spec.type,
      inputs,
      outputs,
      parent: stackUrn,
      provider: `${dynamic ? dynamicProviderUrn : providerUrn}::${dynamic ? "5b4e1c53-3b1c-4d4b-9d1e-4f3a6e7d8c90" : "a7c9d1e3-5f70-4b1d-9e2f-3c4d5e6f7a81"}`,
      dependencies: [...new Set(Object.values(deps).flat())],
      propertyDependencies: deps,
    };
  }

  function resource(spec) {
    const urn = urnOf(spec.type, spec.name);
    urns.set(spec.name, urn);
    const op = spec.op ?? "create";
    counts[op] = (counts[op] ?? 0) + 1;
    const inputs = mapValues(spec.inputs);
    const newState = op === "delete" ? undefined : state(spec, urn, inputs, op === "create" ? {} : mapValues(spec.outputs ?? { ...spec.oldOutputs, ...spec.inputs }), op === "create" ? undefined : spec.id);
    const oldState = op === "create" ? undefined : state(spec, urn, mapValues(spec.oldInputs ?? spec.inputs), mapValues(spec.oldOutputs ?? {}), spec.id);
    const diffKeys = op === "update" ? Object.keys(spec.inputs ?? {}).filter((k) => JSON.stringify(spec.inputs[k]) !== JSON.stringify((spec.oldInputs ?? {})[k])) : [];
    steps.push({
      op,
      urn,
      provider: newState?.provider ?? oldState?.provider,
      ...(oldState ? { oldState } : {}),
      ...(newState ? { newState } : {}),
      ...(diffKeys.length > 0 ? { diffReasons: diffKeys } : {}),
      detailedDiff: op === "update" ? Object.fromEntries(diffKeys.map((k) => [k, { kind: "update", inputDiff: true }])) : null,
    });
    return urn;
  }

  function build(extra = {}) {
    const stackStep = { op: "same", urn: stackUrn, oldState: { urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack", outputs: {} }, newState: { urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack", outputs: {} }, detailedDiff: null };
    const providerStep = {
      op: "same",
      urn: providerUrn,
      oldState: { urn: providerUrn, custom: true, id: "a7c9d1e3-5f70-4b1d-9e2f-3c4d5e6f7a81", type: "pulumi:providers:alicloud", inputs: { region: options.region ?? "cn-hangzhou", version: "3.86.1" }, outputs: { region: options.region ?? "cn-hangzhou", version: "3.86.1" } },
      newState: { urn: providerUrn, custom: true, id: "a7c9d1e3-5f70-4b1d-9e2f-3c4d5e6f7a81", type: "pulumi:providers:alicloud", inputs: { region: options.region ?? "cn-hangzhou", version: "3.86.1" }, outputs: { region: options.region ?? "cn-hangzhou", version: "3.86.1" } },
      detailedDiff: null,
    };
    return {
      config: { "alicloud:region": options.region ?? "cn-hangzhou", ...(options.config ?? {}) },
      steps: [stackStep, providerStep, ...steps],
      ...(extra.diagnostics ? { diagnostics: extra.diagnostics } : {}),
      duration: 4210987654,
      changeSummary: { ...counts, same: (counts.same ?? 0) + 2 },
    };
  }

  return { resource, build, urnOf };
}

module.exports = { terraformPlan, pulumiPreview, eniState, instanceState, UNKNOWN, PULUMI_UNKNOWN, TF_PROVIDER };
