// The provider and cloud layers stay made of small modules with short functions (docs/architecture.md):
// no file over 400 lines, no function over 80. A longer one is a sign that a job should move to its
// own module, not a number to raise.
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const LAYERS = ["src/provider", "src/cloud"];
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

function sourcesOf(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(dir, f));
}

/** Every function-like node with a body, as "file:line name (n lines)" when it is longer than the bound. */
function longFunctions(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(node.end).line;
      const lines = last - first + 1;
      const name = node.name !== undefined ? node.name.getText(source) : "(anonymous)";
      if (lines > MAX_FUNCTION_LINES) found.push(`${file}:${first + 1} ${name} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("module size in the provider and cloud layers", () => {
  const files = LAYERS.flatMap(sourcesOf);

  it("finds the layers' sources", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it(`has no file over ${MAX_FILE_LINES} lines`, () => {
    const long = files
      .map((f) => ({ f, lines: fs.readFileSync(path.join(ROOT, f), "utf8").split("\n").length }))
      .filter(({ lines }) => lines > MAX_FILE_LINES)
      .map(({ f, lines }) => `${f} (${lines} lines)`);
    expect(long).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = files.flatMap((f) => longFunctions(f, fs.readFileSync(path.join(ROOT, f), "utf8")));
    expect(long).toEqual([]);
  });

  it("measures a function the way the bound means (a long one is caught)", () => {
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i};`).join("\n");
    expect(longFunctions("probe.ts", `function tooLong() {\n${body}\n}\n`)).toEqual(["probe.ts:1 tooLong (82 lines)"]);
    expect(longFunctions("probe.ts", "const short = () => {\n  return 1;\n};\n")).toEqual([]);
  });
});
