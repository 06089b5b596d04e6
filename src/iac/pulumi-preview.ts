// Reads the document `pulumi preview --json` prints (Pulumi's PreviewDigest: config, steps,
// diagnostics, changeSummary) into planned objects: each step's resource goes to the resource reader
// (pulumi-resources.ts) as a create, an update, or context a reference may resolve to. A preview whose
// program failed is judged on the steps it has, with a warning; with no step at all it is refused.
import type { PlannedObjects } from "../core/planned-types";
import type { ValidationWarning } from "../core/types";
import { isRecord, PlanFormatError } from "./errors";
import { countIgnored, readPulumiResources, urnName, type PulumiResource, type PulumiResourceContext } from "./pulumi-resources";

/** Step ops that create a resource (a replacement's new resource included). */
const CREATES = new Set(["create", "create-replacement"]);

export function readPulumiPreview(doc: unknown): PlannedObjects {
  if (!isRecord(doc)) throw new PlanFormatError("", "expected a JSON object (the output of `pulumi preview --json`)");
  const diagnostics = Array.isArray(doc["diagnostics"]) ? doc["diagnostics"].filter(isRecord) : [];
  const errors = diagnostics.filter((d) => d["severity"] === "error");
  const firstError = errors.map((d) => (typeof d["message"] === "string" ? d["message"].trim() : "")).find((m) => m !== "");
  const steps = doc["steps"];
  if (steps !== undefined && !Array.isArray(steps)) throw new PlanFormatError("steps", "expected a list of steps");
  if (steps === undefined || steps.length === 0) {
    if (errors.length > 0) {
      throw new PlanFormatError("", `the preview failed before planning any resource${firstError === undefined ? "" : `: ${oneLine(firstError)}`}`);
    }
    // An empty stack's preview still says what it counted; a document with none of these is not one.
    if (steps === undefined && !("changeSummary" in doc) && !("diagnostics" in doc)) {
      throw new PlanFormatError("steps", "missing: this is not the output of `pulumi preview --json`");
    }
    return { objects: [], warnings: [], ignored: {} };
  }

  const changed: PulumiResource[] = [];
  const others: PulumiResourceContext[] = [];
  const types = new Map<string, string>();
  const createdUrns = new Set<string>();
  /** URN -> the id a delete-replaced step removes before the replacement is created. */
  const deletedFirst = new Map<string, string>();
  steps.forEach((step, i) => {
    const path = `steps[${i}]`;
    if (!isRecord(step) || typeof step["op"] !== "string" || typeof step["urn"] !== "string") {
      throw new PlanFormatError(path, "expected a step with `op` and `urn`");
    }
    if (CREATES.has(step["op"])) createdUrns.add(step["urn"]);
    // deleteBeforeReplace: the old resource's delete comes before its replacement's create.
    const oldId = isRecord(step["oldState"]) ? stringOf(step["oldState"]["id"]) : undefined;
    if (step["op"] === "delete-replaced" && !createdUrns.has(step["urn"]) && oldId !== undefined) deletedFirst.set(step["urn"], oldId);
  });
  for (const step of steps as Record<string, unknown>[]) {
    const op = step["op"] as string;
    const urn = step["urn"] as string;
    const next = isRecord(step["newState"]) ? step["newState"] : undefined;
    const old = isRecord(step["oldState"]) ? step["oldState"] : undefined;
    const type = stringOf(next?.["type"]) ?? stringOf(old?.["type"]);
    if (type === undefined) continue;
    types.set(urn, type);
    // A "replace" step stands for its create-replacement when that step is not listed on its own.
    const creates = CREATES.has(op) || (op === "replace" && !createdUrns.has(urn));
    if (creates && next !== undefined) {
      const replaces = deletedFirst.get(urn);
      changed.push({ urn, type, action: "create", inputs: record(next["inputs"]), propertyDependencies: dependencies(next["propertyDependencies"]), ...(replaces === undefined ? {} : { replaces }) });
    } else if (op === "update" && next !== undefined) {
      const id = stringOf(old?.["id"]) ?? stringOf(next["id"]);
      changed.push({
        urn,
        type,
        action: "update",
        inputs: record(next["inputs"]),
        propertyDependencies: dependencies(next["propertyDependencies"]),
        ...(id === undefined ? {} : { id }),
        ...(old === undefined ? {} : { oldInputs: record(old["inputs"]), oldOutputs: record(old["outputs"]) }),
      });
    } else {
      const id = stringOf(next?.["id"]) ?? stringOf(old?.["id"]);
      others.push({ urn, type, ...(id === undefined ? {} : { id }) });
    }
  }

  const config = isRecord(doc["config"]) ? doc["config"] : {};
  const region = stringOf(config["alicloud:region"]);
  const read = readPulumiResources(changed, { others, ...(region === undefined ? {} : { regionId: region }) });
  const ignored: Record<string, number> = {};
  countIgnored(types.values(), ignored);
  const warnings: ValidationWarning[] = [];
  if (errors.length > 0) {
    warnings.push({
      code: "preview_errors",
      message: `the preview reported ${errors.length} error${errors.length === 1 ? "" : "s"}${firstError === undefined ? "" : ` (first: ${oneLine(firstError)})`}; judged on the ${steps.length} steps it has, which may be incomplete`,
    });
  }
  return { ...read, warnings: [...warnings, ...read.warnings], ignored };
}

function stringOf(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function record(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

function dependencies(v: unknown): Record<string, string[]> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [k, urns] of Object.entries(v)) if (Array.isArray(urns)) out[k] = urns.filter((u): u is string => typeof u === "string");
  return out;
}

function oneLine(text: string): string {
  const line = text.split("\n").map((l) => l.trim()).filter((l) => l !== "").join(" ");
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

export { urnName };
