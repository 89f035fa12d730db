/**
 * Correct: the project's fixes of the vendor's description, all declarative and committed in
 * openapi/: first the systematic corrections (corrections.json), then the Overlay 1.0 document
 * (overlay.yaml), then the exclusion of the operations the overlay marks `x-sdk-excluded`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseYaml } from "./cjs.js";
import { applyCorrectionsInPlace, parseCorrections, type Correction } from "./corrections.js";
import { CodegenError } from "./errors.js";
import { extractExcluded, type ExcludedOperation } from "./exclude.js";
import {
  applyOverlayInPlace,
  parseOverlay,
  type ActionReport,
  type OverlayDocument,
} from "./overlay.js";
import { assertOpenApi31, type OpenApiDocument } from "./parse.js";

export const OVERLAY_PATH = "openapi/overlay.yaml";
export const CORRECTIONS_PATH = "openapi/corrections.json";

export interface CorrectionSet {
  readonly corrections: readonly Correction[];
  readonly overlay: OverlayDocument;
}

export interface CorrectionResult {
  /** A corrected copy; the input document is left untouched. */
  readonly document: OpenApiDocument;
  readonly excluded: readonly ExcludedOperation[];
  /** Every correction and overlay action, in the order applied, with how many nodes it matched. */
  readonly actions: readonly ActionReport[];
  /** The actions that matched nothing: each one is a fix that silently stopped applying. */
  readonly unmatched: readonly ActionReport[];
}

export async function loadCorrectionSet(root: string): Promise<CorrectionSet> {
  const [corrections, overlay] = await Promise.all([
    readConfig(root, CORRECTIONS_PATH, (text) => JSON.parse(text) as unknown),
    readConfig(root, OVERLAY_PATH, (text) => parseYaml(text) as unknown),
  ]);
  return {
    corrections: parseCorrections(corrections, CORRECTIONS_PATH),
    overlay: parseOverlay(overlay, OVERLAY_PATH),
  };
}

async function readConfig(root: string, path: string, parse: (text: string) => unknown) {
  try {
    return parse(await readFile(join(root, path), "utf8"));
  } catch (error) {
    throw new CodegenError("CONFIG_INVALID", `Cannot read ${path}: ${(error as Error).message}`);
  }
}

export function applyCorrections(document: OpenApiDocument, set: CorrectionSet): CorrectionResult {
  const copy = structuredClone(document);
  const actions = [
    ...applyCorrectionsInPlace(copy, set.corrections, CORRECTIONS_PATH),
    ...applyOverlayInPlace(copy, set.overlay, OVERLAY_PATH),
  ];
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
