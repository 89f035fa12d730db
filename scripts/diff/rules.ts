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
const RULES: Readonly<Record<ChangeClass, string>> = {
  breaking: `operation.removed operation.security-changed server.removed security-scheme.changed
    parameter.renamed parameter.location-changed parameter.now-required`,
  raw: `operation.path-changed operation.method-changed server.url-changed security-scheme.removed`,
  "non-breaking": `operation.added operation.security-renamed operation.deprecated
    operation.undeprecated operation.summary-changed operation.tags-changed parameter.now-optional
    server.added security-scheme.added security-scheme.documentation-changed
    document.version-changed`,
};
const ruleOf = (kind: string) =>
  (Object.keys(RULES) as ChangeClass[]).find((cls) => RULES[cls].split(/\s+/).includes(kind));

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
  // Content types are compared by the project's swap rule too (library-diff.ts): one class.
  "content-type-added": () => false,
  "content-type-removed": () => true,
};

/**
 * A Change with its class. A library difference (`library`: api-smart-diff's type of it) takes
 * the library's class unless an override applies; a change found by a rule takes the rule's.
 */
export function classify(kind: ChangeKind, fields: ChangeFields, library?: string): Change {
  const [area = "", event = ""] = kind.split(".");
  const override = (OVERRIDES[kind] ?? OVERRIDES[event])?.(area === "response");
  const byLibrary = library !== undefined && override === undefined;
  const breaking = byLibrary ? library === "breaking" : override;
  const cls = (!byLibrary && ruleOf(kind)) || (breaking ? "breaking" : "non-breaking");
  const change: Record<string, unknown> = {
    kind,
    breaking: cls !== "non-breaking",
    facadeBreaking: cls === "breaking",
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) change[key] = value;
  change.classifiedBy = byLibrary ? "api-smart-diff" : "rule";
  return change as unknown as Change;
}

export const classOf = (c: Change): ChangeClass =>
  c.facadeBreaking ? "breaking" : c.breaking ? "raw" : "non-breaking";
