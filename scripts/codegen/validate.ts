/**
 * Validate: lint with @redocly/openapi-core (v1) under openapi/lint.json. Errors are returned for
 * the caller to stop on; warnings (the vendor's known ones are downgraded there) are summarised.
 */
import type { Config, NormalizedProblem, RawConfig } from "@redocly/openapi-core";
import { redocly } from "./cjs.js";
import type { OpenApiDocument } from "./parse.js";
import { readConfigFile } from "./util.js";

export const LINT_CONFIG_PATH = "openapi/lint.json";

export interface LintProblem {
  readonly ruleId: string;
  readonly severity: "error" | "warn";
  readonly message: string;
  /** JSON pointer of the first location, e.g. `#/paths/~1auth/post`. */
  readonly pointer: string;
}

export interface ValidationReport {
  readonly errors: readonly LintProblem[];
  readonly warnings: readonly LintProblem[];
  /** `ruleId (severity)` → count, sorted by rule. */
  readonly countsByRule: Readonly<Record<string, number>>;
}

/** openapi/lint.json as written (a Redocly raw config), without its `$comment`. */
export async function readLintConfig(root: string): Promise<RawConfig> {
  const { $comment: _comment, ...config } = (await readConfigFile(
    root,
    LINT_CONFIG_PATH,
  )) as RawConfig & { $comment?: string };
  return config;
}

export async function createLintConfig(raw: RawConfig): Promise<Config> {
  return redocly().createConfig(raw);
}

export async function loadLintConfig(root: string): Promise<Config> {
  return createLintConfig(await readLintConfig(root));
}

/**
 * Lints `document`. `text` is the source the document was parsed from (for line numbers);
 * without it the document's JSON is used.
 */
export async function validateDescription(
  document: OpenApiDocument,
  options: { config: Config; text?: string; name?: string },
): Promise<ValidationReport> {
  const text = options.text ?? JSON.stringify(document, null, 2);
  const { lintDocument, Source, BaseResolver } = redocly();
  const problems = await lintDocument({
    document: {
      source: new Source(options.name ?? "openapi.yaml", text),
      parsed: document,
    },
    config: options.config.styleguide,
    externalRefResolver: new BaseResolver(options.config.resolve),
  });
  const all = problems.map(toLintProblem);
  const counts: Record<string, number> = {};
  for (const p of all) {
    const key = `${p.ruleId} (${p.severity})`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  const countsByRule = Object.fromEntries(
    Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)),
  );
  return {
    errors: all.filter((p) => p.severity === "error"),
    warnings: all.filter((p) => p.severity === "warn"),
    countsByRule,
  };
}

function toLintProblem(problem: NormalizedProblem): LintProblem {
  return {
    ruleId: problem.ruleId,
    severity: problem.severity === "error" ? "error" : "warn",
    message: problem.message,
    pointer: problem.location[0]?.pointer ?? "#",
  };
}

/** One line: `0 errors, 7 warnings (no-ambiguous-paths (warn) ×6, …)`. */
export function summarizeValidation(report: ValidationReport): string {
  const rules = Object.entries(report.countsByRule)
    .map(([rule, n]) => `${rule} ×${n}`)
    .join(", ");
  return (
    `${report.errors.length} error(s), ${report.warnings.length} warning(s)` +
    (rules ? ` [${rules}]` : "")
  );
}

export function formatProblems(problems: readonly LintProblem[], limit = 20): string {
  const lines = problems
    .slice(0, limit)
    .map((p) => `  - ${p.ruleId} at ${p.pointer}: ${p.message}`);
  if (problems.length > limit) lines.push(`  … and ${problems.length - limit} more`);
  return lines.join("\n");
}
