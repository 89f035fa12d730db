/**
 * What the update refuses without an explicit flag: a republished revision (same version, other
 * bytes) and a description that looks cut short (a file truncated at a line end still parses).
 */
import { isRecord as isObject } from "../codegen/util.js";
import type { Revision } from "./revisions.js";

export interface Guard {
  readonly code: "SAME_VERSION_CHANGED" | "TRUNCATED";
  readonly message: string;
  /** The flag that accepts it. */
  readonly flag: "--allow-same-version" | "--allow-truncated";
}

export function guardOf(pinned: Revision, candidate: Revision): Guard | undefined {
  const signs = truncationSigns(pinned.description, candidate.description);
  if (signs.length > 0) {
    return {
      code: "TRUNCATED",
      flag: "--allow-truncated",
      message:
        `the candidate looks truncated or incomplete: ${signs.join("; ")}. ` +
        `Pull it again; accept it as it is only with --allow-truncated.`,
    };
  }
  if (candidate.version === pinned.version && candidate.sha256 !== pinned.sha256) {
    return {
      code: "SAME_VERSION_CHANGED",
      flag: "--allow-same-version",
      message:
        `the candidate says version ${candidate.version}, the pinned version, but its bytes differ ` +
        `(sha256 ${pinned.sha256} → ${candidate.sha256}): the vendor republished ${pinned.version} ` +
        `without a new version. The differences are listed above; accept them with --allow-same-version.`,
    };
  }
  return undefined;
}

/** Signs that `after` is a cut-off copy of a description like `before`. */
export function truncationSigns(before: unknown, after: unknown): string[] {
  const signs: string[] = [];
  const [oldOps, newOps] = [operationTags(before), operationTags(after)];
  const tagCount = (ops: string[][]) => {
    const counts = new Map<string, number>();
    for (const tag of ops.flat()) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    return counts;
  };
  const newTags = tagCount(newOps);
  const dropped = [...tagCount(oldOps).keys()].filter((t) => !newTags.has(t)).sort();
  if (dropped.length > 0) signs.push(`every operation of tag(s) ${dropped.join(", ")} is gone`);
  if (oldOps.length > 0 && newOps.length < oldOps.length / 2) {
    signs.push(`${newOps.length} of ${oldOps.length} operations are left`);
  }
  const missing = Object.keys(isObject(before) ? before : {}).filter(
    (key) => !isObject(after) || !(key in after),
  );
  if (missing.length > 0) signs.push(`top-level section(s) ${missing.join(", ")} missing`);
  const dangling = danglingRefs(after);
  if (dangling.length > 0) {
    signs.push(`${dangling.length} $ref(s) point to nothing (e.g. ${dangling[0]})`);
  }
  return signs;
}

function operationTags(document: unknown): string[][] {
  const paths = isObject(document) && isObject(document.paths) ? document.paths : {};
  return Object.values(paths).flatMap((item) =>
    isObject(item)
      ? Object.values(item)
          .filter((op) => isObject(op) && (typeof op.operationId === "string" || "responses" in op))
          .map((op) => (isObject(op) && Array.isArray(op.tags) ? op.tags.map(String) : []))
      : [],
  );
}

function danglingRefs(document: unknown): string[] {
  const out = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObject(node)) {
      if (typeof node.$ref === "string" && node.$ref.startsWith("#/")) {
        let at: unknown = document;
        for (const key of node.$ref.slice(2).split("/")) {
          const k = decodeURIComponent(key).replace(/~1/g, "/").replace(/~0/g, "~");
          at = isObject(at) ? at[k] : undefined;
        }
        if (at === undefined) out.add(node.$ref);
      }
      Object.values(node).forEach(walk);
    }
  };
  walk(document);
  return [...out].sort();
}
