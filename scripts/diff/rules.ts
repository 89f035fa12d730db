/**
 * The rule table: how each kind of change is classed, from the point of view of code calling the
 * API. Two audiences are told apart: a client that names paths (raw openapi-fetch client, URLs
 * built by hand) and a user of the SDK facade, whose methods are keyed by operationId and whose
 * auth headers follow each operation's security requirement.
 *
 * Schema changes follow variance: what the client sends (parameters, request bodies) may widen
 * safely; what it receives (responses) may narrow safely.
 */
import type { ChangeKind, Rule, SchemaEvent } from "./model.js";

const both = (title: string, breaking: boolean, why: string): Rule => ({
  title,
  breaking,
  facadeBreaking: breaking,
  why,
});

/** Schema rules for what the client sends: parameters and request bodies. */
const sentSchemaRules: Record<SchemaEvent, Omit<Rule, "title"> & { label: string }> = {
  "schema-added": {
    label: "schema added",
    breaking: false,
    facadeBreaking: false,
    why: "A type now describes a value that was untyped.",
  },
  "schema-removed": {
    label: "schema removed",
    breaking: true,
    facadeBreaking: true,
    why: "The value is no longer described; its generated type is gone.",
  },
  "property-added-required": {
    label: "property added (required)",
    breaking: true,
    facadeBreaking: true,
    why: "Existing calls do not send it and will be rejected.",
  },
  "property-added-optional": {
    label: "property added (optional)",
    breaking: false,
    facadeBreaking: false,
    why: "Existing calls stay valid.",
  },
  "property-removed": {
    label: "property removed",
    breaking: true,
    facadeBreaking: true,
    why: "Calls that send it no longer type-check, and the server ignores or rejects it.",
  },
  "property-now-required": {
    label: "property now required",
    breaking: true,
    facadeBreaking: true,
    why: "Calls that omit it will be rejected.",
  },
  "property-now-optional": {
    label: "property now optional",
    breaking: false,
    facadeBreaking: false,
    why: "Calls that send it stay valid.",
  },
  "type-changed": {
    label: "type changed",
    breaking: true,
    facadeBreaking: true,
    why: "Values of the old type are no longer accepted.",
  },
  "type-widened": {
    label: "type widened",
    breaking: false,
    facadeBreaking: false,
    why: "Every value accepted before is still accepted.",
  },
  "type-narrowed": {
    label: "type narrowed",
    breaking: true,
    facadeBreaking: true,
    why: "Some values accepted before are now refused.",
  },
  "enum-value-added": {
    label: "enum value added",
    breaking: false,
    facadeBreaking: false,
    why: "Every value accepted before is still accepted.",
  },
  "enum-value-removed": {
    label: "enum value removed",
    breaking: true,
    facadeBreaking: true,
    why: "Calls that send the removed value will be rejected.",
  },
  "format-changed": {
    label: "format changed",
    breaking: false,
    facadeBreaking: false,
    why: "The generated TypeScript type is the same; check the values you send.",
  },
  "variants-added": {
    label: "alternatives added",
    breaking: false,
    facadeBreaking: false,
    why: "More shapes are accepted than before.",
  },
  "variants-removed": {
    label: "alternatives removed",
    breaking: true,
    facadeBreaking: true,
    why: "Calls that send a removed shape will be rejected.",
  },
};

/** Schema rules for what the client receives: response bodies. */
const receivedSchemaRules: Record<SchemaEvent, Omit<Rule, "title"> & { label: string }> = {
  "schema-added": {
    label: "schema added",
    breaking: false,
    facadeBreaking: false,
    why: "The response was untyped (`unknown`) and is now typed.",
  },
  "schema-removed": {
    label: "schema removed",
    breaking: true,
    facadeBreaking: true,
    why: "The response type becomes `unknown`; code reading its fields no longer type-checks.",
  },
  "property-added-required": {
    label: "property added",
    breaking: false,
    facadeBreaking: false,
    why: "Code reading the response ignores fields it does not know.",
  },
  "property-added-optional": {
    label: "property added",
    breaking: false,
    facadeBreaking: false,
    why: "Code reading the response ignores fields it does not know.",
  },
  "property-removed": {
    label: "property removed",
    breaking: true,
    facadeBreaking: true,
    why: "Code reading it gets undefined, and no longer type-checks.",
  },
  "property-now-required": {
    label: "property now always present",
    breaking: false,
    facadeBreaking: false,
    why: "Code that handled its absence still works.",
  },
  "property-now-optional": {
    label: "property may now be absent",
    breaking: true,
    facadeBreaking: true,
    why: "Code that relied on its presence must handle undefined.",
  },
  "type-changed": {
    label: "type changed",
    breaking: true,
    facadeBreaking: true,
    why: "Code reading the old type gets something else.",
  },
  "type-widened": {
    label: "type widened",
    breaking: true,
    facadeBreaking: true,
    why: "The response may now hold values code reading it does not expect.",
  },
  "type-narrowed": {
    label: "type narrowed",
    breaking: false,
    facadeBreaking: false,
    why: "Every value the response can hold was possible before.",
  },
  "enum-value-added": {
    label: "enum value added",
    breaking: true,
    facadeBreaking: true,
    why: "Exhaustive switches on the field meet a value they do not handle.",
  },
  "enum-value-removed": {
    label: "enum value removed",
    breaking: false,
    facadeBreaking: false,
    why: "The response holds fewer values than before.",
  },
  "format-changed": {
    label: "format changed",
    breaking: false,
    facadeBreaking: false,
    why: "The generated TypeScript type is the same; check how you parse the value.",
  },
  "variants-added": {
    label: "alternatives added",
    breaking: true,
    facadeBreaking: true,
    why: "The response may take a shape code reading it does not handle.",
  },
  "variants-removed": {
    label: "alternatives removed",
    breaking: false,
    facadeBreaking: false,
    why: "The response takes fewer shapes than before.",
  },
};

type SchemaKind = `${"parameter" | "request-body" | "response"}.${SchemaEvent}`;

function schemaRules(): Record<SchemaKind, Rule> {
  const subjects = [
    ["parameter", "Parameter", sentSchemaRules],
    ["request-body", "Request body", sentSchemaRules],
    ["response", "Response", receivedSchemaRules],
  ] as const;
  const table: Partial<Record<SchemaKind, Rule>> = {};
  for (const [prefix, name, rules] of subjects) {
    for (const [event, rule] of Object.entries(rules) as [
      SchemaEvent,
      (typeof rules)[SchemaEvent],
    ][]) {
      const { label, ...rest } = rule;
      table[`${prefix}.${event}`] = { title: `${name}: ${label}`, ...rest };
    }
  }
  return table as Record<SchemaKind, Rule>;
}

/** Every kind of change with its class. The declaration order is the report's group order. */
export const rules: Readonly<Record<ChangeKind, Rule>> = {
  "operation.removed": both(
    "Operation removed",
    true,
    "Calls to it fail; its facade method is removed.",
  ),
  "operation.path-changed": {
    title: "Path moved",
    breaking: true,
    facadeBreaking: false,
    why:
      "Breaking for code that names the path (raw openapi-fetch client, URLs built by hand). " +
      "The facade is keyed by operationId and calls the new path, so its methods keep working.",
  },
  "operation.method-changed": {
    title: "HTTP method changed",
    breaking: true,
    facadeBreaking: false,
    why:
      "Breaking for code that names the route. The facade is keyed by operationId and sends " +
      "the new method.",
  },
  "operation.security-changed": both(
    "Credentials required changed",
    true,
    "The operation now needs different credentials (e.g. a user token where a partner token " +
      "was enough); callers must supply them.",
  ),
  "server.removed": both(
    "Server removed",
    true,
    "Clients configured with this base URL must change it.",
  ),
  "server.url-changed": {
    title: "Server URL changed",
    breaking: true,
    facadeBreaking: false,
    why:
      "Breaking for clients that set this base URL themselves. The SDK's default base URL " +
      "follows the description; see the note on effective URLs.",
  },
  "security-scheme.removed": {
    title: "Security scheme removed",
    breaking: true,
    facadeBreaking: false,
    why:
      "Breaking for tools that refer to the scheme by name. The facade derives credentials " +
      "from each operation's requirement, so only a change of credentials matters to it " +
      "(reported per operation).",
  },
  "security-scheme.changed": both(
    "Security scheme changed",
    true,
    "Where or how the credential is sent changed (type, header name, HTTP scheme).",
  ),
  "parameter.removed": both(
    "Parameter removed",
    true,
    "Calls that send it no longer type-check, and the server ignores or rejects it.",
  ),
  "parameter.renamed": both(
    "Parameter renamed",
    true,
    "Same location and schema under a new name: calls must use the new name.",
  ),
  "parameter.added-required": both(
    "Parameter added (required)",
    true,
    "Existing calls do not send it and will be rejected.",
  ),
  "parameter.now-required": both(
    "Parameter now required",
    true,
    "Calls that omit it will be rejected.",
  ),
  "parameter.location-changed": both(
    "Parameter moved to another location",
    true,
    "It must now be sent elsewhere (e.g. query instead of path).",
  ),
  "request-body.added-required": both(
    "Request body added (required)",
    true,
    "Existing calls send no body and will be rejected.",
  ),
  "request-body.removed": both(
    "Request body removed",
    true,
    "Calls that send a body no longer type-check.",
  ),
  "request-body.now-required": both(
    "Request body now required",
    true,
    "Calls without a body will be rejected.",
  ),
  "request-body.content-type-removed": both(
    "Request content type removed",
    true,
    "Calls that send this content type will be rejected.",
  ),
  "response.status-removed": both(
    "Response status removed",
    true,
    "Code expecting this status (e.g. the success status it checks) must change.",
  ),
  "response.content-type-removed": both(
    "Response content type removed",
    true,
    "Code reading this content type gets something else.",
  ),
  ...schemaRules(),
  "operation.added": both("Operation added", false, "New capability; existing code is unaffected."),
  "operation.security-renamed": both(
    "Security requirement renamed, same credentials",
    false,
    "The requirement names other schemes, but they stand for the same credentials, so the " +
      "facade keeps sending the same Authorization header.",
  ),
  "operation.deprecated": both(
    "Operation deprecated",
    false,
    "Still works; plan to move off it before the vendor removes it.",
  ),
  "operation.undeprecated": both("Operation no longer deprecated", false, "Nothing to do."),
  "operation.summary-changed": both("Summary changed", false, "Documentation only."),
  "operation.tags-changed": both(
    "Tags changed",
    false,
    "Documentation grouping only; facade methods are keyed by operationId.",
  ),
  "parameter.added-optional": both(
    "Parameter added (optional)",
    false,
    "Existing calls stay valid.",
  ),
  "parameter.now-optional": both("Parameter now optional", false, "Existing calls stay valid."),
  "request-body.added-optional": both(
    "Request body added (optional)",
    false,
    "Existing calls stay valid.",
  ),
  "request-body.now-optional": both(
    "Request body now optional",
    false,
    "Existing calls stay valid.",
  ),
  "request-body.content-type-added": both(
    "Request content type added",
    false,
    "Existing calls stay valid.",
  ),
  "response.status-added": both(
    "Response status added",
    false,
    "A newly documented status; code handling the others is unaffected.",
  ),
  "response.content-type-added": both(
    "Response content type added",
    false,
    "The old content types are still served.",
  ),
  "server.added": both("Server added", false, "Existing base URLs still work."),
  "security-scheme.added": both(
    "Security scheme added",
    false,
    "A scheme on its own changes nothing; operations that use it are reported one by one.",
  ),
  "security-scheme.documentation-changed": both(
    "Security scheme documentation changed",
    false,
    "Description or bearer format only: OpenAPI treats these as documentation.",
  ),
  "document.version-changed": both("Description version", false, "Informational."),
};

/**
 * Group order of the report: breaking for facade users too, then breaking only for code that
 * names paths, then the rest; within each class, the declaration order above.
 */
export const kindOrder: readonly ChangeKind[] = (() => {
  const kinds = Object.keys(rules) as ChangeKind[];
  const classOf = (kind: ChangeKind): number => {
    const { breaking, facadeBreaking } = rules[kind];
    if (breaking && facadeBreaking) return 0;
    if (breaking) return 1;
    return facadeBreaking ? 2 : 3;
  };
  return [0, 1, 2, 3].flatMap((rank) => kinds.filter((kind) => classOf(kind) === rank));
})();

export function ruleFor(kind: ChangeKind): Rule {
  return rules[kind];
}
