/**
 * How changes are classed, for two audiences: code that names paths (raw openapi-fetch client,
 * URLs built by hand) and users of the SDK facade, whose methods are keyed by operationId.
 *
 * Inside operations (parameters, request bodies, responses) api-smart-diff's class is used, save
 * for the few differences in `OVERRIDES`, which the project classes otherwise. The changes the
 * project's own rules find (routes, security, servers, renamed parameters...) are classed by
 * `RULES`. docs/updating.md says which is which, and why.
 */
import type { Change, ChangeFields, ChangeKind } from "./model.js";

/** The three classes, with the one sentence the report gives for each. */
export const CLASSES = {
  breaking: "Breaks existing calls, through the facade as well.",
  raw: "Breaks code that names paths, servers or schemes (raw openapi-fetch client, hand-built URLs); facade methods are keyed by operationId and follow the description.",
  "non-breaking": "Existing calls keep working.",
} as const;
export type ChangeClass = keyof typeof CLASSES;

/**
 * The class of each change the project's own rules find (others: see OVERRIDES). A parameter's
 * required flag is here for the rename rule, which reports it next to the new name.
 */
const RULES = {
  "operation.removed": "breaking",
  "operation.security-changed": "breaking",
  "server.removed": "breaking",
  "security-scheme.changed": "breaking",
  "parameter.renamed": "breaking",
  "parameter.location-changed": "breaking",
  "parameter.now-required": "breaking",
  "operation.path-changed": "raw",
  "operation.method-changed": "raw",
  "server.url-changed": "raw",
  "security-scheme.removed": "raw",
  "operation.added": "non-breaking",
  "operation.security-renamed": "non-breaking",
  "operation.deprecated": "non-breaking",
  "operation.undeprecated": "non-breaking",
  "operation.summary-changed": "non-breaking",
  "operation.tags-changed": "non-breaking",
  "parameter.now-optional": "non-breaking",
  "server.added": "non-breaking",
  "security-scheme.added": "non-breaking",
  "security-scheme.documentation-changed": "non-breaking",
  "document.version-changed": "non-breaking",
} as const satisfies Readonly<Record<string, ChangeClass>>;
/** The kinds the project's own rules find. */
export type RuleKind = keyof typeof RULES;

/**
 * Library differences the project classes otherwise, by kind or event: `true` breaking. Types
 * follow variance: what is sent may widen, what is received (a response) may narrow.
 */
const OVERRIDES: Readonly<Record<string, (received: boolean) => boolean>> = {
  "type-changed": () => true,
  "type-widened": (received) => received,
  "type-narrowed": (received) => !received,
  // Required or not: the library lets a `default` decide; a call that omits the value is
  // rejected all the same, and a value always present in a response stays safe to read.
  "added-required": () => true,
  "request-body.added-optional": () => false,
  "now-required": () => true,
  "property-added-required": (received) => !received,
  // Added without a `required` entry of its own (the library: breaking if an old entry names it).
  "property-added-optional": () => false,
  "property-now-required": (received) => !received,
  // Removing a property breaks typed code on both sides (the library: non-breaking on the wire).
  "property-removed": () => true,
  // A schema where there was none: the value was untyped (the library: breaking for a response).
  "schema-added": () => false,
  // The generated TypeScript type is the same.
  "format-changed": () => false,
  // Content types are compared by the project's swap rule too (operation-rules.ts): one class.
  "content-type-added": () => false,
  "content-type-removed": () => true,
};

/** api-smart-diff's classes read as such (`deprecated`: a deprecation, which breaks nothing). */
const LIBRARY: Readonly<Record<string, ChangeClass>> = {
  breaking: "breaking",
  "non-breaking": "non-breaking",
  deprecated: "non-breaking",
};

/**
 * A Change with its class. A library difference (`library`: api-smart-diff's type of it) takes
 * the library's class unless an override applies; a change found by a rule takes the rule's. A
 * difference the library could not class (`unclassified`: its rule threw) is breaking, to be
 * safe. A kind with no class at all is a programming error: it throws.
 */
export function classify(kind: ChangeKind, fields: ChangeFields, library?: string): Change {
  const [area = "", event = ""] = kind.split(".");
  const override = (OVERRIDES[kind] ?? OVERRIDES[event])?.(area === "response");
  const byLibrary = override === undefined ? LIBRARY[library ?? ""] : undefined;
  const byRule: ChangeClass | undefined =
    override === undefined ? RULES[kind as RuleKind] : override ? "breaking" : "non-breaking";
  if (byLibrary === undefined && byRule === undefined && library === undefined) {
    throw new Error(`No class for the change kind "${kind}": not in RULES nor OVERRIDES`);
  }
  const cls = byLibrary ?? byRule ?? "breaking";
  const change: Record<string, unknown> = {
    kind,
    breaking: cls !== "non-breaking",
    facadeBreaking: cls === "breaking",
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) change[key] = value;
  if (byLibrary === undefined && byRule === undefined) {
    const reason = `api-smart-diff could not classify it (${library}): breaking to be safe`;
    change.detail = fields.detail ? `${fields.detail}; ${reason}` : reason;
  }
  change.classifiedBy = byLibrary === undefined ? "rule" : "api-smart-diff";
  return change as unknown as Change;
}

export const classOf = (c: Change): ChangeClass =>
  c.facadeBreaking ? "breaking" : c.breaking ? "raw" : "non-breaking";
