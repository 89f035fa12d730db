/**
 * Correct: the project's fixes of the vendor's description, all declarative and committed in
 * openapi/overlay.yaml (an Overlay 1.0 document, see overlay.ts), then the exclusion of the
 * operations the overlay marks `x-sdk-excluded`.
 */
import { parseYaml } from "./cjs.js";
import { extractExcluded, type ExcludedOperation } from "./exclude.js";
import {
  applyOverlayInPlace,
  parseOverlay,
  type ActionReport,
  type OverlayDocument,
} from "./overlay.js";
import { assertOpenApi31, type OpenApiDocument } from "./parse.js";
import { readConfigFile } from "./util.js";

export const OVERLAY_PATH = "openapi/overlay.yaml";

/** The project's corrections, as loaded from openapi/ (today: the overlay). */
export interface CorrectionSet {
  readonly overlay: OverlayDocument;
}

export interface CorrectionResult {
  /** A corrected copy; the input document is left untouched. */
  readonly document: OpenApiDocument;
  readonly excluded: readonly ExcludedOperation[];
  /** Every overlay action, in the order applied, with how many nodes it matched. */
  readonly actions: readonly ActionReport[];
  /** The actions that matched nothing: each one is a fix that silently stopped applying. */
  readonly unmatched: readonly ActionReport[];
}

export async function loadCorrectionSet(root: string): Promise<CorrectionSet> {
  const raw = await readConfigFile(root, OVERLAY_PATH, parseYaml);
  return { overlay: parseOverlay(raw, OVERLAY_PATH) };
}

export function applyCorrections(document: OpenApiDocument, set: CorrectionSet): CorrectionResult {
  const copy = structuredClone(document);
  const actions = applyOverlayInPlace(copy, set.overlay, OVERLAY_PATH);
  assertOpenApi31(copy);
  const excluded = extractExcluded(copy);
  return { document: copy, excluded, actions, unmatched: actions.filter((a) => a.matched === 0) };
}

export function unmatchedMessage(unmatched: readonly ActionReport[]): string {
  const lines = unmatched.map(
    (a) => `  - ${a.where}: ${a.description || "(no description)"}\n      target: ${a.target}`,
  );
  return (
    `${unmatched.length} correction(s) matched nothing in the description; a fix that silently ` +
    `stops matching is a defect. Retarget or remove them:\n${lines.join("\n")}`
  );
}
