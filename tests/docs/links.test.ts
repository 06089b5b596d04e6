// Every relative link in README.md and docs/ leads somewhere: the file or folder exists, and an anchor
// into a Markdown file names one of its headings (GitHub's slugs). External links are not fetched.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const DOCS = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** `[text](target)` outside code: fenced blocks and inline code are dropped first. */
function linksOf(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\[[^\]\n]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(file: string): Set<string> {
  const text = fs.readFileSync(file, "utf8").replace(/^```[\s\S]*?^```/gm, "");
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!.replace(/`/g, ""))));
}

describe("documentation links", () => {
  it("finds the documents and their links", () => {
    expect(DOCS).toEqual(expect.arrayContaining(["README.md", "docs/architecture.md", "docs/alibaba-api.md"]));
    expect(linksOf("see [a](b.md#c) and `[x](y)`\n```\n[z](w)\n```")).toEqual(["b.md#c"]);
    expect(slug("Errors, throttling and idempotency")).toBe("errors-throttling-and-idempotency");
    // The design and the API facts are reachable from the README.
    expect(linksOf(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"))).toEqual(expect.arrayContaining(["docs/architecture.md", "docs/alibaba-api.md"]));
  });

  it.each(DOCS)("every relative link in %s resolves", (doc) => {
    const from = path.join(ROOT, doc);
    const relative = linksOf(fs.readFileSync(from, "utf8")).filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l));
    for (const link of relative) {
      const [target = "", anchor] = link.split("#", 2);
      const file = target === "" ? from : path.resolve(path.dirname(from), decodeURIComponent(target));
      expect(fs.existsSync(file), `${doc}: ${link} (no ${path.relative(ROOT, file)})`).toBe(true);
      if (anchor !== undefined && anchor !== "" && file.endsWith(".md")) {
        expect(anchorsOf(file).has(anchor), `${doc}: ${link} (no heading #${anchor})`).toBe(true);
      }
    }
  });
});
