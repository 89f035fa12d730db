/**
 * An OpenAPI Overlay 1.0 applier (https://spec.openapis.org/overlay/v1.0.0.html) on jsonpath-plus:
 * the codegen's one correction engine (openapi/overlay.yaml).
 * Semantics: each action's JSONPath `target` selects nodes; `remove: true` deletes them from their
 * parent; otherwise `update` is appended to a selected array, or merged into a selected object
 * (objects merge recursively; arrays and scalars in `update` replace what was there).
 * Two extension fields (the spec lets Action Objects carry `x-` fields) do, each alone in its
 * action, what Overlay 1.0 cannot express because it can only write literal values:
 * - `x-rename-key: <key>` renames each selected object member to `<key>`, keeping its value and
 *   its position (refused when the parent already has `<key>`);
 * - `x-wrap-in-array: true` replaces each selected schema by `{ type: array, items: <schema> }`;
 *   a schema that already is an array is left alone and not counted.
 * Actions apply in order, each on the result of the previous one. The applier never throws on an
 * action that selects nothing: it reports `matched: 0`, and the caller decides (generate fails).
 */
import { JSONPath } from "jsonpath-plus";
import { CodegenError } from "./errors.js";
import { isRecord } from "./util.js";

export interface OverlayAction {
  readonly target: string;
  readonly description?: string;
  readonly update?: unknown;
  readonly remove?: boolean;
  /** Extension: rename each selected object member to this key (position kept). */
  readonly "x-rename-key"?: string;
  /** Extension: wrap each selected schema as the `items` of an array schema. */
  readonly "x-wrap-in-array"?: boolean;
}

const RENAME = "x-rename-key";
const WRAP = "x-wrap-in-array";

export interface OverlayDocument {
  readonly overlay: string;
  readonly info: { readonly title: string; readonly version: string };
  readonly extends?: string;
  readonly actions: readonly OverlayAction[];
}

export interface ActionReport {
  /** Where the action is written, e.g. `openapi/overlay.yaml actions[3]`. */
  readonly where: string;
  readonly target: string;
  readonly description: string;
  /** Nodes the action selected (and changed). */
  readonly matched: number;
}

interface Match {
  readonly value: unknown;
  readonly parent: unknown;
  readonly parentProperty: string | number | null;
}

export function parseOverlay(raw: unknown, where = "overlay"): OverlayDocument {
  const bad = (what: string): never => {
    throw new CodegenError("CORRECTION_INVALID", `${where}: ${what}`);
  };
  if (!isRecord(raw)) return bad("expected an Overlay object");
  if (typeof raw.overlay !== "string" || !/^1\.0\.\d+$/.test(raw.overlay)) {
    bad(`\`overlay\` must be a 1.0.x version, got ${JSON.stringify(raw.overlay)}`);
  }
  const info = raw.info;
  if (!isRecord(info) || typeof info.title !== "string" || typeof info.version !== "string") {
    bad("`info.title` and `info.version` are required");
  }
  if (!Array.isArray(raw.actions) || raw.actions.length === 0) bad("`actions` must be non-empty");
  (raw.actions as unknown[]).forEach((action, i) => {
    if (!isRecord(action) || typeof action.target !== "string" || !action.target.startsWith("$")) {
      bad(`actions[${i}]: \`target\` must be a JSONPath starting with $`);
    }
    const a = action as Record<string, unknown>;
    if (a.remove !== undefined && typeof a.remove !== "boolean") {
      bad(`actions[${i}]: \`remove\` must be a boolean`);
    }
    if (a[RENAME] !== undefined && (typeof a[RENAME] !== "string" || a[RENAME] === "")) {
      bad(`actions[${i}]: \`${RENAME}\` must be the new key`);
    }
    if (a[WRAP] !== undefined && a[WRAP] !== true) bad(`actions[${i}]: \`${WRAP}\` must be true`);
    const verbs = [a.remove === true || a.update !== undefined, RENAME in a, WRAP in a];
    const count = verbs.filter(Boolean).length;
    if (count === 0) {
      bad(`actions[${i}]: needs \`update\`, \`remove: true\`, \`${RENAME}\` or \`${WRAP}\``);
    }
    if (count > 1) bad(`actions[${i}]: \`${RENAME}\` and \`${WRAP}\` stand alone in an action`);
  });
  return raw as unknown as OverlayDocument;
}

/** Applies `overlay` to `document` IN PLACE (clone first if the original must survive). */
export function applyOverlayInPlace(
  document: Record<string, unknown>,
  overlay: OverlayDocument,
  where = "overlay",
): ActionReport[] {
  return overlay.actions.map((action, i) => {
    const at = `${where} actions[${i}]`;
    const matches = select(document, action.target, at);
    let matched = matches.length;
    const rename = action[RENAME];
    if (rename !== undefined) for (const match of matches) renameMember(match, rename, at);
    else if (action[WRAP] === true) matched = matches.filter(wrapInArray).length;
    else if (action.remove === true) removeAll(matches);
    else for (const match of matches) updateNode(match, action.update, at);
    return { where: at, target: action.target, description: action.description ?? "", matched };
  });
}

function select(json: Record<string, unknown>, path: string, where: string): Match[] {
  try {
    return JSONPath({ path, json, resultType: "all", eval: "safe" }) as Match[];
  } catch (error) {
    throw new CodegenError(
      "CORRECTION_INVALID",
      `${where}: invalid JSONPath ${path}: ${(error as Error).message}`,
    );
  }
}

function updateNode(match: Match, update: unknown, where: string): void {
  if (Array.isArray(match.value)) {
    match.value.push(structuredClone(update));
  } else if (isRecord(match.value) && isRecord(update)) {
    mergeInto(match.value, update);
  } else {
    throw new CodegenError(
      "CORRECTION_INVALID",
      `${where}: update must be an object merged into an object, or an entry appended to an ` +
        `array; the target selected ${typeof match.value} ${JSON.stringify(match.value)}`,
    );
  }
}

function mergeInto(target: Record<string, unknown>, update: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(update)) {
    const current = target[key];
    if (isRecord(current) && isRecord(value)) mergeInto(current, value);
    else target[key] = structuredClone(value);
  }
}

function renameMember(match: Match, key: string, where: string): void {
  const { parent, parentProperty } = match;
  if (!isRecord(parent) || typeof parentProperty !== "string") {
    throw new CodegenError("CORRECTION_INVALID", `${where}: ${RENAME} selects object members only`);
  }
  if (parentProperty === key) return;
  if (key in parent) {
    throw new CodegenError(
      "CORRECTION_INVALID",
      `${where}: cannot rename ${parentProperty} to ${key}, which is already there`,
    );
  }
  // Rebuild the parent in place (it is referenced from its own parent) so the renamed member
  // keeps its position: stable output.
  const entries = Object.entries(parent);
  for (const [name] of entries) delete parent[name];
  for (const [name, value] of entries) parent[name === parentProperty ? key : name] = value;
}

/** True when the schema was wrapped; false when it already is an array. */
function wrapInArray(match: Match): boolean {
  const { value, parent, parentProperty } = match;
  if (!isRecord(value) || value.type === "array") return false;
  if (parentProperty === null || !(isRecord(parent) || Array.isArray(parent))) return false;
  (parent as Record<string | number, unknown>)[parentProperty] = { type: "array", items: value };
  return true;
}

function removeAll(matches: readonly Match[]): void {
  // Array entries go last-index-first so earlier indexes stay valid.
  const ordered = [...matches].sort((a, b) =>
    typeof a.parentProperty === "number" && typeof b.parentProperty === "number"
      ? b.parentProperty - a.parentProperty
      : 0,
  );
  for (const { parent, parentProperty } of ordered) {
    if (Array.isArray(parent) && typeof parentProperty === "number") {
      parent.splice(parentProperty, 1);
    } else if (isRecord(parent) && parentProperty !== null) {
      delete parent[String(parentProperty)];
    }
  }
}
