/** The diff engine on the vendor's real revisions: 1.0.0 (pinned) → 1.0.1. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { diffDescriptions, type DiffReport } from "../../scripts/diff/index.js";
import { renderJson, renderText } from "../../scripts/diff/render.js";
import { NEXT_SOURCE, PINNED_SOURCE, PROJECT_ROOT } from "./support/project-copy.js";

const read = (source: string): unknown => parse(readFileSync(join(PROJECT_ROOT, source), "utf8"));

describe("diff 1.0.0 → 1.0.1 (the vendor's revisions)", () => {
  let report: DiffReport;
  beforeAll(() => {
    report = diffDescriptions(read(PINNED_SOURCE), read(NEXT_SOURCE));
  });

  it("names both versions", () => {
    expect(report.from).toEqual({
      title: "Business Management",
      version: "1.0.0",
      operations: 263,
    });
    expect(report.to).toEqual({ title: "Business Management", version: "1.0.1", operations: 263 });
  });

  it("adds get_client_loyalty_summary and removes deprecated_get_client_list (breaking)", () => {
    expect(report.added.map((o) => o.operationId)).toEqual(["get_client_loyalty_summary"]);
    expect(report.added[0]).toMatchObject({
      method: "get",
      path: "/v1/client/{location_id}/{id}/loyalty_summary",
    });
    expect(report.removed.map((o) => o.operationId)).toEqual(["deprecated_get_client_list"]);
    const removal = report.changes.find((c) => c.kind === "operation.removed");
    expect(removal).toMatchObject({
      operationId: "deprecated_get_client_list",
      breaking: true,
      facadeBreaking: true,
    });
  });

  it("moves the 262 common operations under /v1, by operationId, with the same full URLs", () => {
    expect(report.counts.operationsChanged).toBe(262);
    expect(report.counts.operationsUnchanged).toBe(0);
    const moves = report.changes.filter((c) => c.kind === "operation.path-changed");
    expect(moves).toHaveLength(262);
    for (const move of moves) {
      expect(move.to).toBe(`/v1${move.from}`);
      expect(move).toMatchObject({
        breaking: true,
        facadeBreaking: false,
        detail: "same full URL",
      });
    }
    expect(report.notes).toEqual([
      'Every operation present in both revisions (262) gained the path prefix "/v1".',
      "Effective URL (first server + path) unchanged for 262 of 262 operations present in both " +
        "revisions: requests go to the same addresses.",
    ]);
  });

  it("reports the server change", () => {
    expect(report.document.filter((c) => c.kind.startsWith("server."))).toEqual([
      expect.objectContaining({
        kind: "server.url-changed",
        subject: 'server "Production"',
        from: "https://api.alteg.io/api/v1",
        to: "https://api.alteg.io/api",
        breaking: true,
        facadeBreaking: false,
      }),
    ]);
  });

  it("reports the security schemes change, and every requirement as a rename with the same credentials", () => {
    const schemes = report.document.filter((c) => c.kind.startsWith("security-scheme."));
    expect(schemes.map((c) => [c.kind, c.subject])).toEqual([
      ["security-scheme.removed", "security scheme `BearerPartnerUser`"],
      ["security-scheme.removed", "security scheme `BearerPartner`"],
      ["security-scheme.documentation-changed", "security scheme `bearer`"],
      ["security-scheme.documentation-changed", "security scheme `user`"],
    ]);
    expect(schemes[0]?.detail).toBe(
      "used by 240 operation(s), which now require: `bearer + user` (239), removed (1)",
    );
    expect(schemes[1]?.detail).toBe("used by 22 operation(s), which now require: `bearer` (22)");
    const renamed = report.changes.filter((c) => c.kind === "operation.security-renamed");
    // authorize_user declares no security in both revisions.
    expect(renamed).toHaveLength(261);
    expect(new Set(renamed.map((c) => `${c.from} → ${c.to}: ${c.detail}`))).toEqual(
      new Set([
        "BearerPartnerUser → bearer + user: credentials: PartnerToken + UserToken",
        "BearerPartner → bearer: credentials: PartnerToken",
      ]),
    );
    expect(report.changes.filter((c) => c.kind === "operation.security-changed")).toEqual([]);
  });

  it("finds nothing else: the only facade-breaking change is the removal", () => {
    const kinds = new Set(report.changes.map((c) => c.kind));
    expect([...kinds].sort()).toEqual([
      "document.version-changed",
      "operation.added",
      "operation.path-changed",
      "operation.removed",
      "operation.security-renamed",
      "security-scheme.documentation-changed",
      "security-scheme.removed",
      "server.url-changed",
    ]);
    expect(report.counts.facadeBreaking).toBe(1);
  });

  it("renders text with breaking groups first, and JSON with what each class means", () => {
    const text = renderText(report);
    expect(text).toContain("OpenAPI description diff: Business Management 1.0.0 → 1.0.1");
    expect(text.indexOf("BREAKING")).toBeLessThan(text.indexOf("NON-BREAKING"));
    expect(text).toContain("deprecated_get_client_list  GET /clients/{location_id}");
    expect(text).toContain("… 252 more (--full lists all)");
    expect(text).toContain(
      "security requirement: BearerPartner → bearer (credentials: PartnerToken) on 22 operations",
    );
    expect(renderText(report, { maxPerGroup: Infinity })).not.toContain("more (--full");
    expect(text).toContain(
      "BREAKING FOR RAW PATHS ONLY (facade unaffected): Breaks code that names paths",
    );
    expect(text).toContain("✗ Operation: path changed (262) [project rule]\n");
    const json = JSON.parse(renderJson(report)) as {
      counts: unknown;
      classes: Record<string, string>;
    };
    expect(json.counts).toEqual(report.counts);
    expect(Object.keys(json.classes)).toEqual(["breaking", "raw", "non-breaking"]);
  });
});
