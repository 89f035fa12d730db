/**
 * The pipeline: pull → verify pin → parse → correct → registry and facade names → the four files
 * of generated/ (openapi.json; schema.ts in a worker thread started first thing; registry.ts and
 * resources.ts printed in their final layout), made while the description as published is linted
 * (openapi-typescript lints the corrected one) → write (or, with `check`, compare with what is on
 * disk).
 */
import type { Worker } from "node:worker_threads";
import { resolve } from "node:path";
import { applyCorrections, loadCorrectionSet, unmatchedMessage } from "./correct.js";
import { registrySource } from "./emit-registry.js";
import { resourcesSource } from "./emit-resources.js";
import { schemaSource, startSchemaWorker } from "./emit-schema.js";
import { CodegenError } from "./errors.js";
import type { ExcludedOperation } from "./exclude.js";
import {
  compareOutputs,
  generatedHeader,
  writeOutputs,
  type EmittedFile,
  type FileOutcome,
} from "./output.js";
import type { ActionReport } from "./overlay.js";
import { loadPagingOverrides } from "./paging.js";
import { parseDescription, type OpenApiDocument } from "./parse.js";
import { pullDescription, SOURCE_ENV_VAR, type PullAttempt } from "./pull.js";
import { buildRegistry, type Registry } from "./registry.js";
import { loadMethodNamesConfig, planResources, type PlannedNamespace } from "./resource-names.js";
import { loadSecurityLevels } from "./security.js";
import { readSourceConfig, type Pin } from "./source-config.js";
import {
  formatProblems,
  createLintConfig,
  readLintConfig,
  summarizeValidation,
  validateDescription,
  type ValidationReport,
} from "./validate.js";
import { verifyPin } from "./verify.js";

export interface GenerateOptions {
  /** Project root; openapi/ and relative sources resolve against it. Default: process.cwd(). */
  root?: string;
  /** The only source to pull from (URL, file: URL or path). Default: $ALTEGIO_OPENAPI_SOURCE, else openapi/source.json. */
  source?: string;
  /** Output folder, relative to root. Default: `generated`. */
  outDir?: string;
  /** Compare with the output folder instead of writing; throws CHECK_FAILED on any difference. */
  check?: boolean;
  log?: (line: string) => void;
  /** Pin to verify against instead of openapi/source.json's (the update flow's candidate). */
  pin?: Pin;
  /** Timeout of each URL fetch. Default 5000 ms. */
  timeoutMs?: number;
}

export interface GenerateResult {
  /** The source the description was pulled from, and those that failed before it. */
  readonly origin: string;
  readonly failedSources: readonly PullAttempt[];
  readonly version: string;
  readonly sha256: string;
  readonly outDir: string;
  /** The pulled description, as published (uncorrected). */
  readonly description: OpenApiDocument;
  /** The corrected description, excluded operations removed (= generated/openapi.json). */
  readonly corrected: OpenApiDocument;
  /** Lint of the description as published (the corrected one is linted while emitting schema.ts). */
  readonly validation: ValidationReport;
  readonly corrections: readonly ActionReport[];
  readonly excluded: readonly ExcludedOperation[];
  readonly registry: Registry;
  /** The facade: namespaces and their methods (generated/resources.ts, `facade` in registry.ts). */
  readonly facade: readonly PlannedNamespace[];
  /** openapi.json, schema.ts, registry.ts, resources.ts. */
  readonly emitted: readonly EmittedFile[];
  /** Per file: written / unchanged / removed, or with `check`: unchanged / differs / missing / obsolete. */
  readonly files: readonly FileOutcome[];
  /** Milliseconds per step (informational; never written to disk). */
  readonly timings: Readonly<Record<string, number>>;
}

export async function generate(options: GenerateOptions = {}): Promise<GenerateResult> {
  // Ends the schema worker, however the run ends. Started now, its ~1 s of loading
  // openapi-typescript overlaps the pull, parse and corrections.
  const abort = new AbortController();
  try {
    return await run(options, startSchemaWorker(abort.signal), abort);
  } finally {
    abort.abort();
  }
}

async function run(
  options: GenerateOptions,
  schemaWorker: Worker,
  abort: AbortController,
): Promise<GenerateResult> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  let lap = started;
  const step = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - lap);
    lap = now;
  };
  const log = options.log ?? (() => {});
  const root = resolve(options.root ?? process.cwd());
  const outDir = resolve(root, options.outDir ?? "generated");
  const source = options.source ?? (process.env[SOURCE_ENV_VAR] || undefined);

  const config = await readSourceConfig(root);
  const pin = options.pin ?? config.pin;

  const pulled = await pullDescription({
    root,
    config,
    ...(source ? { source } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    log,
  });
  log(`pull: ${pulled.origin} (${pulled.bytes.length} bytes)`);
  step("pull");

  const sha256 = verifyPin(pulled.bytes, pin, pulled.origin);
  const description = parseDescription(pulled.bytes);
  if (description.info.version !== pin.version) {
    throw new CodegenError(
      "PIN_MISMATCH",
      `The pin is inconsistent: its sha256 matches a description whose info.version is ` +
        `${description.info.version}, but the pin records version ${pin.version}. Fix openapi/source.json.`,
    );
  }
  log(`verify: "${description.info.title}" ${pin.version}, sha256 ${sha256} matches the pin`);
  step("verify+parse");

  const [lintConfig, correctionSet, securityLevels, pagingOverrides, methodNames] =
    await Promise.all([
      readLintConfig(root),
      loadCorrectionSet(root),
      loadSecurityLevels(root),
      loadPagingOverrides(root),
      loadMethodNamesConfig(root),
    ]);
  step("config");

  const corrected = applyCorrections(description, correctionSet);
  if (corrected.unmatched.length > 0) {
    throw new CodegenError("CORRECTION_UNMATCHED", unmatchedMessage(corrected.unmatched));
  }
  log(
    `correct: ${corrected.actions.length} fixes applied, ${corrected.excluded.length} ` +
      `operation(s) excluded (${corrected.excluded.map((e) => e.operationId).join(", ")})`,
  );
  step("correct");

  const registry = buildRegistry(corrected.document, {
    sha256,
    securityLevels,
    pagingOverrides,
    excluded: corrected.excluded,
  });
  const facade = planResources(registry.operations, methodNames);
  log(`registry: ${registry.operations.length} operations in ${facade.length} namespaces`);
  step("registry");

  // schema.ts is made in the worker while this thread prints the other files and lints the
  // description as published; nothing is written unless the lint passes.
  const emitting = schemaSource(corrected.document, lintConfig, schemaWorker);
  emitting.catch(() => abort.abort());
  const registryTs = registrySource(registry, facade, methodNames.parameterCollisions);
  const resourcesTs = resourcesSource(corrected.document, registry, facade);
  let pulledReport: ValidationReport;
  try {
    pulledReport = await validateDescription(description, {
      config: await createLintConfig(lintConfig),
      text: pulled.bytes.toString("utf8"),
      name: pulled.origin,
    });
    log(`validate (as published): ${summarizeValidation(pulledReport)}`);
    if (pulledReport.errors.length > 0) {
      throw new CodegenError(
        "DESCRIPTION_INVALID",
        `The description from ${pulled.origin} has structural errors:\n` +
          formatProblems(pulledReport.errors),
      );
    }
  } catch (error) {
    abort.abort(); // stop the schema worker
    throw error;
  }
  step("validate");
  const emitted: EmittedFile[] = [
    { path: "openapi.json", contents: `${JSON.stringify(corrected.document, null, 2)}\n` },
    // As the TypeScript printer prints it: deterministic (prettier would take seconds on ~1 MB).
    { path: "schema.ts", contents: `${generatedHeader(registry.info)}\n${await emitting}` },
    // Printed in prettier's layout by the codegen itself (the tests check prettier agrees).
    { path: "registry.ts", contents: registryTs },
    { path: "resources.ts", contents: resourcesTs },
  ];
  step("emit");

  const files = options.check
    ? await compareOutputs(outDir, emitted)
    : await writeOutputs(outDir, emitted);
  step(options.check ? "check" : "write");
  for (const file of files) log(`${options.check ? "check" : "emit"}: ${file.path} ${file.status}`);
  if (options.check) {
    const stale = files.filter((f) => f.status !== "unchanged");
    if (stale.length > 0) {
      throw new CodegenError(
        "CHECK_FAILED",
        `${outDir} is not what the pinned description and openapi/ generate:\n` +
          stale.map((f) => `  - ${f.path}: ${f.status}`).join("\n") +
          `\nRun \`npm run generate\`.`,
      );
    }
  }
  timings.total = Math.round(performance.now() - started);
  return {
    origin: pulled.origin,
    failedSources: pulled.failed,
    version: description.info.version,
    sha256,
    outDir,
    description,
    corrected: corrected.document,
    validation: pulledReport,
    corrections: corrected.actions,
    excluded: corrected.excluded,
    registry,
    facade,
    emitted,
    files,
    timings,
  };
}
