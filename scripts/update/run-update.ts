/**
 * The update flow: move the project to a new revision of the description, safely.
 *
 *   pull pinned (verified) + pull candidate → diff report + facade impact → [dry run stops here]
 *   → confirm → snapshot → regenerate with the candidate pin → write the pin → type-check
 *   → on any failure: restore the snapshot (unless `keep`), say what broke.
 *
 * The pin is written only after generation succeeded, and restored if the type-check fails, so a
 * failed update leaves openapi/source.json and generated/ exactly as they were.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  CodegenError,
  generate,
  readSourceConfig,
  writeSourceConfig,
  type Pin,
  type SourceConfig,
} from "../codegen/index.js";
import { diffDescriptions } from "../diff/index.js";
import { facadeImpact, type FacadeImpact } from "../diff/facade-impact.js";
import type { Change, DiffReport, OperationRef } from "../diff/model.js";
import { loadMethodNamesConfig } from "../codegen/resource-names.js";
import { facadeNames, findUses, type ProjectUse } from "../diff/project-uses.js";
import { guardOf, type Guard } from "./guards.js";
import { writeChangelog } from "./changelog.js";
import {
  checkMirror,
  pullCandidate,
  pullPinned,
  updatedConfig,
  type Revision,
} from "./revisions.js";
import { takeSnapshot } from "./snapshot.js";
import { loadProjectCorrections, trialRegistry } from "./trial.js";
import { newErrors, typecheck, type TscDiagnostic, type TypecheckResult } from "./typecheck.js";
import { UpdateError } from "./update-error.js";

export interface UpdateOptions {
  /** Project root (holds openapi/source.json). Default: process.cwd(). */
  readonly root?: string;
  /** The new revision: URL, file: URL, or path (relative to the root). */
  readonly source: string;
  /** Where to pull the pinned revision from; default: the url and mirrors of openapi/source.json. */
  readonly baseline?: string;
  /** Report only: write nothing. */
  readonly dryRun?: boolean;
  /** Asked with the review before anything is written; `false` stops the update. Default: yes. */
  readonly confirm?: (review: UpdateReview) => boolean | Promise<boolean>;
  /** On a failed type-check, keep the new pin and generated/ (to fix by hand) instead of restoring. */
  readonly keep?: boolean;
  /**
   * Run the type-check after regenerating. Default true; `false` is for programmatic callers that
   * type-check on their own (e.g. tests preparing an updated copy). The CLI always type-checks.
   */
  readonly typecheck?: boolean;
  /** tsconfig used for the type-check, relative to the root. Default: tsconfig.json. */
  readonly tsconfig?: string;
  /** Accept a candidate with the pinned version but other bytes (a republished revision). */
  readonly allowSameVersion?: boolean;
  /** Accept a candidate that looks truncated (dropped tags, most operations gone, dangling refs). */
  readonly allowTruncated?: boolean;
  /**
   * Record `source` in openapi/source.json's mirrors (default: no). Only a URL or a path inside
   * the agreed mirror folder (MIRROR_FOLDER) is accepted.
   */
  readonly mirror?: boolean;
  /** Output folder of the codegen, relative to the root. Default: generated. */
  readonly outDir?: string;
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface RevisionInfo {
  readonly origin: string;
  readonly version: string;
  readonly sha256: string;
}

/** What the user reviews before the update writes anything. */
export interface UpdateReview {
  readonly pinned: RevisionInfo;
  readonly candidate: RevisionInfo;
  /** The vendor's descriptions compared as published (before the project's corrections). */
  readonly report: DiffReport;
  /** What the facade gets, from the corrected descriptions; absent if the candidate cannot be corrected. */
  readonly facade?: FacadeImpact;
  /** Why the codegen would refuse the candidate with the current openapi/ files (e.g. an overlay fix no longer matches). */
  readonly codegenProblem?: string;
  /** Why the update refuses the candidate unless its flag is given. */
  readonly guard?: Guard;
  /** Helpers, examples and paginators that call a changed operation, with those changes. */
  readonly uses?: readonly AffectedUse[];
}

export interface AffectedUse extends ProjectUse {
  /** The changed operations it calls: facade method, and whether a change breaks facade users. */
  readonly changed: readonly {
    operationId: string;
    facade?: string;
    breaking: boolean;
    what: string;
  }[];
}

export type UpdateStatus = "up-to-date" | "dry-run" | "refused" | "declined" | "updated" | "failed";

export interface UpdateFailure {
  readonly stage: "generate" | "typecheck";
  readonly message: string;
  /** For a failed type-check: the errors the update introduced... */
  readonly introduced?: readonly TscDiagnostic[];
  /** ...and those the project already had before it (known only when restored; with `keep`, `introduced` holds every error). */
  readonly preexisting?: readonly TscDiagnostic[];
  /**
   * openapi/source.json and generated/ after the failure: never written (`unchanged`), put back
   * as they were (`restored`), or left with the new revision for fixing by hand (`kept`).
   */
  readonly projectState: "unchanged" | "restored" | "kept";
  /** Every tsc error, whole, written here (relative to the root). */
  readonly errorsFile?: string;
}

export interface UpdateResult {
  readonly status: UpdateStatus;
  readonly root: string;
  readonly review: UpdateReview;
  /** The config written (status `updated`, or `failed` with projectState `kept`). */
  readonly config?: SourceConfig;
  readonly typecheck?: TypecheckResult;
  readonly failure?: UpdateFailure;
  /** The changelog file the update added a section to (removed facade methods), if any. */
  readonly changelog?: string;
}

export async function runUpdate(options: UpdateOptions): Promise<UpdateResult> {
  const root = resolve(options.root ?? process.cwd());
  const log = options.log ?? (() => {});
  const outDir = resolve(root, options.outDir ?? "generated");
  let config: SourceConfig;
  try {
    config = await readSourceConfig(root);
  } catch (error) {
    throw new UpdateError("CONFIG_INVALID", (error as Error).message);
  }
  const settings = {
    root,
    config,
    log,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  };
  if (options.mirror) checkMirror(options.source, root);
  const pinned = await pullPinned(settings, options.baseline);
  log(`pinned: ${pinned.version} from ${pinned.origin} (sha256 verified)`);
  const candidate = await pullCandidate(settings, options.source);
  log(`candidate: ${candidate.version} from ${candidate.origin} (sha256 ${candidate.sha256})`);

  const reviewed = await reviewOf(root, pinned, candidate);
  if (candidate.sha256 === pinned.sha256) return { status: "up-to-date", root, review: reviewed };
  const guard = guardOf(pinned, candidate);
  const allowed = guard?.code === "TRUNCATED" ? options.allowTruncated : options.allowSameVersion;
  const review = guard && !allowed ? { ...reviewed, guard } : reviewed;
  if (options.dryRun) return { status: "dry-run", root, review };
  if (review.guard) return { status: "refused", root, review };
  if (review.codegenProblem !== undefined) {
    // The trial run already shows the codegen refusing the candidate: write nothing.
    const failure = {
      stage: "generate" as const,
      message: review.codegenProblem,
      projectState: "unchanged" as const,
    };
    return { status: "failed", root, review, failure };
  }

  if (options.confirm && !(await options.confirm(review))) {
    return { status: "declined", root, review };
  }
  const pin: Pin = { version: candidate.version, sha256: candidate.sha256 };
  const next = updatedConfig(config, candidate, options.source, root, options.mirror);
  const snapshot = await takeSnapshot(root, outDir);
  try {
    await generate({
      root,
      source: options.source,
      outDir,
      pin,
      log,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
  } catch (error) {
    await snapshot.restore();
    const message =
      error instanceof CodegenError ? `[${error.code}] ${error.message}` : String(error);
    return {
      status: "failed",
      root,
      review,
      failure: { stage: "generate", message, projectState: "restored" },
    };
  }
  let checked: TypecheckResult;
  try {
    await writeSourceConfig(root, next);
    log(`pin: ${config.pin.version} → ${pin.version} written to openapi/source.json`);
    if (options.typecheck === false) {
      await snapshot.discard();
      return { status: "updated", root, review, config: next };
    }
    log(`typecheck: tsc --noEmit -p ${options.tsconfig ?? "tsconfig.json"}`);
    checked = await typecheck(root, options.tsconfig);
  } catch (error) {
    // Not a type error: tsc could not run at all. Leave the project as it was.
    await snapshot.restore();
    throw error;
  }
  log(
    `typecheck: ${checked.ok ? "passed" : `${checked.errors.length} error(s)`} (${checked.milliseconds} ms)`,
  );
  if (checked.ok) {
    await snapshot.discard();
    const changelog = await writeChangelog(root, review);
    return {
      status: "updated",
      root,
      review,
      config: next,
      typecheck: checked,
      ...(changelog ? { changelog } : {}),
    };
  }
  const errorsFile = await writeErrors(root, checked);
  const message = `The project does not type-check with revision ${pin.version}.`;
  if (options.keep) {
    await snapshot.discard();
    const failure: UpdateFailure = {
      stage: "typecheck",
      message,
      introduced: checked.errors,
      projectState: "kept",
      errorsFile,
    };
    return { status: "failed", root, review, config: next, typecheck: checked, failure };
  }
  await snapshot.restore();
  log("typecheck failed: openapi/source.json and generated/ restored; checking the previous state");
  const before = await typecheck(root, options.tsconfig);
  const failure: UpdateFailure = {
    stage: "typecheck",
    message,
    introduced: newErrors(before.errors, checked.errors),
    preexisting: before.errors,
    projectState: "restored",
    errorsFile,
  };
  return { status: "failed", root, review, typecheck: checked, failure };
}

async function reviewOf(
  root: string,
  pinned: Revision,
  candidate: Revision,
): Promise<UpdateReview> {
  const raw = diffDescriptions(pinned.description, candidate.description);
  const base = { pinned: infoOf(pinned), candidate: infoOf(candidate), report: raw };
  const project = await loadProjectCorrections(root);
  const before = trialRegistry(pinned, project);
  const after = trialRegistry(candidate, project);
  if (!after.ok) return { ...base, codegenProblem: after.problem };
  if (!before.ok) {
    return {
      ...base,
      codegenProblem: `The pinned revision no longer generates: ${before.problem}`,
    };
  }
  const config = await loadMethodNamesConfig(root);
  const oldNames = facadeNames(before.operations, config);
  const names = new Map([...oldNames, ...facadeNames(after.operations, config)]);
  const named = <T extends Change | OperationRef>(item: T): T => {
    const facade = item.operationId === undefined ? undefined : names.get(item.operationId);
    return facade === undefined ? item : { ...item, facade };
  };
  const report: DiffReport = {
    ...raw,
    added: raw.added.map(named),
    removed: raw.removed.map(named),
    changed: raw.changed.map((op) => ({ ...named(op), changes: op.changes.map(named) })),
    changes: raw.changes.map(named),
  };
  const facade = facadeImpact(before.operations, after.operations, names);
  const what = new Map<string, { breaking: boolean; what: string[] }>();
  const note = (id: string, breaking: boolean, text: string) => {
    const entry = what.get(id) ?? { breaking: false, what: [] };
    entry.breaking ||= breaking;
    if (!entry.what.includes(text)) entry.what.push(text);
    what.set(id, entry);
  };
  for (const c of report.changes) {
    if (c.operationId !== undefined) note(c.operationId, c.facadeBreaking, c.kind);
  }
  for (const c of facade.shapeChanges) note(c.operationId, c.breaking, c.what);
  for (const c of facade.authChanged) note(c.operationId, true, `auth ${c.from} → ${c.to}`);
  const uses = (await findUses(root, before.operations, oldNames, config)).flatMap((use) => {
    const changed = use.operations.flatMap((id) => {
      const entry = what.get(id);
      if (!entry) return [];
      const facadeName = names.get(id);
      return [
        {
          operationId: id,
          ...(facadeName ? { facade: facadeName } : {}),
          breaking: entry.breaking,
          what: entry.what.join(", "),
        },
      ];
    });
    return changed.length > 0 ? [{ ...use, changed }] : [];
  });
  return { ...base, report, facade, uses };
}

function infoOf(revision: Revision): RevisionInfo {
  return { origin: revision.origin, version: revision.version, sha256: revision.sha256 };
}

/** tsc's whole output, so no error is cut: `.tmp/openapi-update-tsc.txt` (gitignored). */
async function writeErrors(root: string, checked: TypecheckResult): Promise<string> {
  const file = ".tmp/openapi-update-tsc.txt";
  await mkdir(join(root, ".tmp"), { recursive: true });
  await writeFile(join(root, file), checked.output);
  return file;
}
