/** The update flow's programmatic API (the CLI is scripts/update.ts). */
export {
  runUpdate,
  type AffectedUse,
  type RevisionInfo,
  type UpdateFailure,
  type UpdateOptions,
  type UpdateResult,
  type UpdateReview,
  type UpdateStatus,
} from "./run-update.js";
export { renderOutcome, renderReview, toJsonOutcome } from "./render.js";
export { checkMirror, mirrorEntry, MIRROR_FOLDER, updatedConfig } from "./revisions.js";
export { guardOf, truncationSigns, type Guard } from "./guards.js";
export { removalSection, writeChangelog } from "./changelog.js";
export { formatTypeErrors, newErrors, parseTscOutput, typecheck } from "./typecheck.js";
export type { TscDiagnostic, TypecheckResult } from "./typecheck.js";
export { UpdateError, type UpdateErrorCode } from "./update-error.js";
