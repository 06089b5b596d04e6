// Reads a seed: an object as given, or a YAML/JSON file (JSON for .json files, YAML otherwise), and
// says where it came from so every later complaint about it can name the file.
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { demoSeed } from "./demo-seed";
import { DEFAULT_SOURCE, SeedError } from "./state";
import type { EmulatorSeed } from "./types";

export interface LoadedSeed {
  seed: EmulatorSeed;
  /** For messages: "emulator seed" or "emulator seed FILE". */
  source: string;
}

export function loadSeed(seed: EmulatorSeed | string | undefined): LoadedSeed {
  if (seed === undefined) return { seed: demoSeed(), source: DEFAULT_SOURCE };
  if (typeof seed !== "string") return { seed: structuredClone(seed), source: DEFAULT_SOURCE };
  const source = `${DEFAULT_SOURCE} ${seed}`;
  let text: string;
  try {
    text = readFileSync(seed, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SeedError(`${source}: ${code === "ENOENT" ? "no such file" : `cannot be read (${code ?? (error as Error).message})`}`);
  }
  let parsed: unknown;
  try {
    parsed = seed.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new SeedError(`${source}: not valid ${seed.endsWith(".json") ? "JSON" : "YAML"}: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new SeedError(`${source}: does not hold an object`);
  return { seed: parsed as EmulatorSeed, source };
}
