/**
 * What the update refuses without a flag (a republished revision, a truncated file), where it
 * records a mirror, and how it names what breaks: facade methods, the helpers calling a removed
 * operation, the CHANGELOG section, and whole tsc errors. Candidates are written beside a copy of
 * the project; nothing here regenerates or type-checks.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkMirror,
  formatTypeErrors,
  removalSection,
  renderOutcome,
  renderReview,
  runUpdate,
  truncationSigns,
} from "../../scripts/update/index.js";
import { baseDocument, edited, at } from "./fixtures.js";
import {
  createProjectCopy,
  NEXT_SOURCE,
  PINNED_SOURCE,
  PROJECT_ROOT,
  type ProjectCopy,
} from "./support/project-copy.js";

describe("openapi:update refuses what looks wrong, and names what breaks", () => {
  let copy: ProjectCopy;
  let config: string;
  const candidate = async (name: string, text: string) => {
    const file = join(copy.root, "..", name);
    await writeFile(file, text);
    return file;
  };

  beforeAll(async () => {
    copy = await createProjectCopy({ generate: false });
    config = await readFile(join(copy.root, "openapi/source.json"), "utf8");
  }, 60_000);

  afterAll(async () => {
    await copy?.removeCopy();
  });

  it("same version, other bytes: refused with the differences, unless --allow-same-version", async () => {
    const pinned = await readFile(join(PROJECT_ROOT, PINNED_SOURCE), "utf8");
    const republished = await candidate(
      "republished.openapi.yaml",
      pinned.replace("summary: Get a client", "summary: Get one client"),
    );
    expect(republished).not.toBe(pinned);
    const result = await runUpdate({ root: copy.root, source: republished, confirm: () => true });
    expect(result.status).toBe("refused");
    expect(result.review.guard).toMatchObject({
      code: "SAME_VERSION_CHANGED",
      flag: "--allow-same-version",
    });
    expect(result.review.report.changes.map((c) => [c.kind, c.facade])).toEqual([
      ["operation.summary-changed", "clients.get"],
    ]);
    const text = renderReview(result.review);
    expect(text).toContain("clients.get (get_client)  summary: Get a client → Get one client");
    expect(text).toContain("REFUSED: the candidate says version 1.0.0, the pinned version");
    expect(renderOutcome(result)).toContain("Re-run with --allow-same-version");
    expect(await readFile(join(copy.root, "openapi/source.json"), "utf8")).toBe(config);
    // With the flag it goes on to ask (declined here, so nothing is written).
    const allowed = await runUpdate({
      root: copy.root,
      source: republished,
      allowSameVersion: true,
      confirm: () => false,
    });
    expect(allowed.status).toBe("declined");
  });

  it("a file cut at a line end is refused as truncated, unless --allow-truncated", async () => {
    const next = (await readFile(join(PROJECT_ROOT, NEXT_SOURCE), "utf8")).split("\n");
    const cut = await candidate("truncated.openapi.yaml", next.slice(0, 12_000).join("\n"));
    const result = await runUpdate({ root: copy.root, source: cut, dryRun: true });
    expect(result.review.guard?.code).toBe("TRUNCATED");
    expect(result.review.guard?.message).toMatch(/operations are left/);
    expect(result.review.guard?.message).toMatch(/top-level section\(s\) components missing/);
    const refused = await runUpdate({ root: copy.root, source: cut, confirm: () => true });
    expect(refused.status).toBe("refused");
    expect(await readFile(join(copy.root, "openapi/source.json"), "utf8")).toBe(config);
  });

  it("truncation signs: dropped tags, most operations gone, dangling $refs", () => {
    expect(truncationSigns(baseDocument(), baseDocument())).toEqual([]);
    const cut = edited((doc) => {
      delete at(doc, "paths")["/items/{id}"];
      at(doc, "paths", "/items", "get")["tags"] = ["Other"];
      delete at(doc, "components")["schemas"];
    });
    expect(truncationSigns(baseDocument(), cut)).toEqual([
      "every operation of tag(s) Items is gone",
      "1 of 3 operations are left",
      "1 $ref(s) point to nothing (e.g. #/components/schemas/Item)",
    ]);
  });

  it("a removed operation used by a helper: the helper, its facade method and a CHANGELOG entry", async () => {
    const next = await readFile(join(PROJECT_ROOT, NEXT_SOURCE), "utf8");
    // Remove get_chain_client_by_phone_number (clients.findByPhone's chain lookup).
    const lines = next.split("\n");
    const start = lines.findIndex((l) =>
      l.includes("operationId: get_chain_client_by_phone_number"),
    );
    let opStart = start;
    while (!/^ {4}(get|post|put|patch|delete):$/.test(lines[opStart] ?? "")) opStart -= 1;
    let opEnd = start + 1;
    while (!/^ {2,4}\S/.test(lines[opEnd] ?? "")) opEnd += 1;
    lines.splice(opStart, opEnd - opStart);
    const text = lines.join("\n").replace("version: 1.0.1", "version: 1.0.2");
    const source = await candidate("no-chain-lookup.openapi.yaml", text);
    const result = await runUpdate({ root: copy.root, source, dryRun: true });
    expect(result.review.guard).toBeUndefined();
    expect(result.review.facade?.removed).toContain("get_chain_client_by_phone_number");
    const helper = result.review.uses?.find((u) => u.name === "clients.findByPhone");
    expect(helper).toMatchObject({ kind: "helper" });
    expect(helper?.changed).toContainEqual(
      expect.objectContaining({
        operationId: "get_chain_client_by_phone_number",
        facade: "chains.getClientByPhoneNumber",
        breaking: true,
      }),
    );
    const review = renderReview(result.review);
    expect(review).toContain("✗ helper clients.findByPhone");
    expect(review).toContain(
      "✗ chains.getClientByPhoneNumber (get_chain_client_by_phone_number): operation.removed",
    );
    const section = removalSection(result.review) ?? "";
    expect(section).toContain("## Description 1.0.2 (from 1.0.0, openapi:update)");
    expect(section).toContain(
      "`altegio.chains.getClientByPhoneNumber` (operation `get_chain_client_by_phone_number`)",
    );
    expect(section).toContain("used by clients.findByPhone");
  });

  it("--mirror: only a URL or a file in the agreed mirror folder", async () => {
    expect(() => checkMirror("https://mirror.test/b2b.yaml", copy.root)).not.toThrow();
    expect(() => checkMirror(NEXT_SOURCE, copy.root)).not.toThrow();
    const elsewhere = await candidate("elsewhere.openapi.yaml", "x");
    expect(() => checkMirror(elsewhere, copy.root)).toThrow(/agreed mirror folder/);
    await expect(
      runUpdate({ root: copy.root, source: elsewhere, mirror: true }),
    ).rejects.toMatchObject({ code: "MIRROR_REFUSED" });
  });
});

describe("type errors are shown whole", () => {
  it("every error, every line of its message", () => {
    const errors = Array.from({ length: 7 }, (_, i) => ({
      file: "src/a.ts",
      line: i + 1,
      code: "TS2741",
      message: `Property 'timezone' is missing in type 'X${i}'.\n  but required in type 'Y'.`,
    }));
    const text = formatTypeErrors(errors);
    expect(text).toContain("src/a.ts (7)");
    expect(text.match(/Property 'timezone' is missing/g)).toHaveLength(7);
    expect(text).toContain("but required in type 'Y'.");
    expect(text).not.toContain("more");
  });
});
