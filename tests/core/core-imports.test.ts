// The core stays pure: no file in src/core imports anything outside src/core except ip-address
// (no SDK, no Pulumi, no fs/net), so the same engine runs in the provider, the CLI and the browser.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const coreDir = join(__dirname, "..", "..", "src", "core");
const SPECIFIER = /(?:\bimport\s+(?:type\s+)?(?:[\s\S]*?\s+from\s+)?|\bexport\s+(?:type\s+)?[\s\S]*?\s+from\s+|\brequire\s*\(\s*|\bimport\s*\(\s*)["']([^"']+)["']/g;

function specifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[1]!);
}

describe("src/core imports", () => {
  const files = readdirSync(coreDir).filter((f) => f.endsWith(".ts"));

  it("finds the core modules and their imports", () => {
    expect(files).toContain("validate.ts");
    expect(specifiers(readFileSync(join(coreDir, "validate.ts"), "utf8"))).toContain("./run-ledger");
    expect(specifiers(`const x = require("fs");\nimport("net");\nexport * from "./a";`)).toEqual(["fs", "net", "./a"]);
  });

  it.each(files)("%s imports only core siblings and ip-address", (file) => {
    for (const s of specifiers(readFileSync(join(coreDir, file), "utf8"))) {
      const ok = s === "ip-address" || (s.startsWith("./") && !s.slice(2).includes("/"));
      expect(ok, `${file} imports ${s}`).toBe(true);
    }
  });
});
