/**
 * A dry run of the codegen's correction and registry steps on a revision, in memory: does the
 * project's overlay still apply, and which methods would the facade get? Nothing is written.
 */
import {
  applyCorrections,
  buildRegistry,
  loadCorrectionSet,
  loadPagingOverrides,
  loadSecurityLevels,
  type CorrectionSet,
  type PagingOverrides,
  type SecurityLevels,
} from "../codegen/index.js";
import { unmatchedMessage } from "../codegen/correct.js";
import type { OperationMeta } from "../codegen/model.js";
import type { Revision } from "./revisions.js";

export interface ProjectCorrections {
  readonly corrections: CorrectionSet;
  readonly securityLevels: SecurityLevels;
  readonly pagingOverrides: PagingOverrides;
}

export async function loadProjectCorrections(root: string): Promise<ProjectCorrections> {
  const [corrections, securityLevels, pagingOverrides] = await Promise.all([
    loadCorrectionSet(root),
    loadSecurityLevels(root),
    loadPagingOverrides(root),
  ]);
  return { corrections, securityLevels, pagingOverrides };
}

export type TrialResult =
  | { readonly ok: true; readonly operations: readonly OperationMeta[] }
  | { readonly ok: false; readonly problem: string };

/** The registry the codegen would build from `revision` with the project's openapi/ files. */
export function trialRegistry(revision: Revision, project: ProjectCorrections): TrialResult {
  try {
    const corrected = applyCorrections(revision.description, project.corrections);
    if (corrected.unmatched.length > 0) {
      return { ok: false, problem: unmatchedMessage(corrected.unmatched) };
    }
    const registry = buildRegistry(corrected.document, {
      sha256: revision.sha256,
      securityLevels: project.securityLevels,
      pagingOverrides: project.pagingOverrides,
      excluded: corrected.excluded,
    });
    return { ok: true, operations: registry.operations };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}
