// Reads a seed: an object as given, or a YAML/JSON file (JSON is tried first for .json files).
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { demoSeed } from "./demo-seed";
import { SeedError } from "./state";
import type { EmulatorSeed } from "./types";

export function loadSeed(seed: EmulatorSeed | string | undefined): EmulatorSeed {
  if (seed === undefined) return demoSeed();
  if (typeof seed !== "string") return structuredClone(seed);
  let text: string;
  try {
    text = readFileSync(seed, "utf8");
  } catch (error) {
    throw new SeedError(`emulator seed: cannot read ${seed}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = seed.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new SeedError(`emulator seed: ${seed} is not valid ${seed.endsWith(".json") ? "JSON" : "YAML"}: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null) throw new SeedError(`emulator seed: ${seed} does not hold an object`);
  return parsed as EmulatorSeed;
}
