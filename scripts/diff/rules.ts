/**
 * The rule table: how each kind of change is classed, from the point of view of code calling the
 * API. Two audiences are told apart: a client that names paths (raw openapi-fetch client, URLs
 * built by hand) and a user of the SDK facade, whose methods are keyed by operationId and whose
 * auth headers follow each operation's security requirement. Schema changes follow variance: what
 * the client sends may widen safely, what it receives may narrow safely.
 *
 * api-smart-diff finds the differences inside operations and classes them too; `classify` keeps
 * the library's class where it agrees with this table (`classifiedBy: "api-smart-diff"`) and the
 * table's where it does not (`"rule"`: e.g. the library calls a removed request property or a
 * retyped field non-breaking, which it is on the wire but not for typed callers).
 */
import type { Change, ChangeKind, Rule, SchemaEvent } from "./model.js";

/** [label, breaking when sent, why (sent), breaking when received, why (received)] */
const schema: Record<SchemaEvent, [string, boolean, string, boolean, string]> = {
  "schema-added": [
    "schema added",
    false,
    "A type now describes a value that was untyped.",
    false,
    "The response was untyped (`unknown`) and is now typed.",
  ],
  "schema-removed": [
    "schema removed",
    true,
    "The value is no longer described; its generated type is gone.",
    true,
    "The response type becomes `unknown`; code reading its fields no longer type-checks.",
  ],
  "property-added-required": [
    "property added (required)",
    true,
    "Existing calls do not send it and will be rejected.",
    false,
    "Code reading the response ignores fields it does not know.",
  ],
  "property-added-optional": [
    "property added (optional)",
    false,
    "Existing calls stay valid.",
    false,
    "Code reading the response ignores fields it does not know.",
  ],
  "property-removed": [
    "property removed",
    true,
    "Calls that send it no longer type-check, and the server ignores or rejects it.",
    true,
    "Code reading it gets undefined, and no longer type-checks.",
  ],
  "property-now-required": [
    "property now required",
    true,
    "Calls that omit it will be rejected.",
    false,
    "Code that handled its absence still works.",
  ],
  "property-now-optional": [
    "property now optional",
    false,
    "Calls that send it stay valid.",
    true,
    "Code that relied on its presence must handle undefined.",
  ],
  "type-changed": [
    "type changed",
    true,
    "Values of the old type are no longer accepted.",
    true,
    "Code reading the old type gets something else.",
  ],
  "type-widened": [
    "type widened",
    false,
    "Every value accepted before is still accepted.",
    true,
    "The response may now hold values code reading it does not expect.",
  ],
  "type-narrowed": [
    "type narrowed",
    true,
    "Some values accepted before are now refused.",
    false,
    "Every value the response can hold was possible before.",
  ],
  "enum-value-added": [
    "enum value added",
    false,
    "Every value accepted before is still accepted.",
    true,
    "Exhaustive switches on the field meet a value they do not handle.",
  ],
  "enum-value-removed": [
    "enum value removed",
    true,
    "Calls that send the removed value will be rejected.",
    false,
    "The response holds fewer values than before.",
  ],
  "format-changed": [
    "format changed",
    false,
    "The generated TypeScript type is the same; check the values you send.",
    false,
    "The generated TypeScript type is the same; check how you parse the value.",
  ],
  "variants-added": [
    "alternatives added",
    false,
    "More shapes are accepted than before.",
    true,
    "The response may take a shape code reading it does not handle.",
  ],
  "variants-removed": [
    "alternatives removed",
    true,
    "Calls that send a removed shape will be rejected.",
    false,
    "The response takes fewer shapes than before.",
  ],
};

const rule = (title: string, breaking: boolean, why: string, facadeBreaking = breaking): Rule => ({
  title,
  breaking,
  facadeBreaking,
  why,
});

function schemaRules(): Record<string, Rule> {
  const table: Record<string, Rule> = {};
  for (const [prefix, name, received] of [
    ["parameter", "Parameter", false],
    ["request-body", "Request body", false],
    ["response", "Response", true],
  ] as const) {
    for (const [event, [label, sent, sentWhy, got, gotWhy]] of Object.entries(schema)) {
      const title = `${name}: ${received && event === "property-now-required" ? "property now always present" : received && event === "property-now-optional" ? "property may now be absent" : received && event.startsWith("property-added") ? "property added" : label}`;
      table[`${prefix}.${event}`] = rule(title, received ? got : sent, received ? gotWhy : sentWhy);
    }
  }
  return table;
}

const rawOnly =
  "The facade is keyed by operationId and follows the new route, so its methods keep working.";

/** Every kind of change with its class. The declaration order is the report's group order. */
export const rules: Readonly<Record<ChangeKind, Rule>> = {
  "operation.removed": rule(
    "Operation removed",
    true,
    "Calls to it fail; its facade method is removed.",
  ),
  "operation.path-changed": rule(
    "Path moved",
    true,
    `Breaking for code that names the path (raw openapi-fetch client, URLs built by hand). ${rawOnly}`,
    false,
  ),
  "operation.method-changed": rule(
    "HTTP method changed",
    true,
    `Breaking for code that names the route. ${rawOnly}`,
    false,
  ),
  "operation.security-changed": rule(
    "Credentials required changed",
    true,
    "The operation now needs different credentials (e.g. a user token where a partner token was enough); callers must supply them.",
  ),
  "server.removed": rule(
    "Server removed",
    true,
    "Clients configured with this base URL must change it.",
  ),
  "server.url-changed": rule(
    "Server URL changed",
    true,
    "Breaking for clients that set this base URL themselves. The SDK's default base URL follows the description; see the note on effective URLs.",
    false,
  ),
  "security-scheme.removed": rule(
    "Security scheme removed",
    true,
    "Breaking for tools that refer to the scheme by name. The facade derives credentials from each operation's requirement, so only a change of credentials matters to it (reported per operation).",
    false,
  ),
  "security-scheme.changed": rule(
    "Security scheme changed",
    true,
    "Where or how the credential is sent changed (type, header name, HTTP scheme).",
  ),
  "parameter.removed": rule(
    "Parameter removed",
    true,
    "Calls that send it no longer type-check, and the server ignores or rejects it.",
  ),
  "parameter.renamed": rule(
    "Parameter renamed",
    true,
    "Same location and schema under a new name: calls must use the new name.",
  ),
  "parameter.added-required": rule(
    "Parameter added (required)",
    true,
    "Existing calls do not send it and will be rejected.",
  ),
  "parameter.now-required": rule(
    "Parameter now required",
    true,
    "Calls that omit it will be rejected.",
  ),
  "parameter.location-changed": rule(
    "Parameter moved to another location",
    true,
    "It must now be sent elsewhere (e.g. query instead of path).",
  ),
  "request-body.added-required": rule(
    "Request body added (required)",
    true,
    "Existing calls send no body and will be rejected.",
  ),
  "request-body.removed": rule(
    "Request body removed",
    true,
    "Calls that send a body no longer type-check.",
  ),
  "request-body.now-required": rule(
    "Request body now required",
    true,
    "Calls without a body will be rejected.",
  ),
  "request-body.content-type-removed": rule(
    "Request content type removed",
    true,
    "Calls that send this content type will be rejected.",
  ),
  "response.status-removed": rule(
    "Response status removed",
    true,
    "Code expecting this status (e.g. the success status it checks) must change.",
  ),
  "response.content-type-removed": rule(
    "Response content type removed",
    true,
    "Code reading this content type gets something else.",
  ),
  ...(schemaRules() as Record<`${"parameter" | "request-body" | "response"}.${SchemaEvent}`, Rule>),
  "operation.added": rule("Operation added", false, "New capability; existing code is unaffected."),
  "operation.security-renamed": rule(
    "Security requirement renamed, same credentials",
    false,
    "The requirement names other schemes, but they stand for the same credentials, so the facade keeps sending the same Authorization header.",
  ),
  "operation.deprecated": rule(
    "Operation deprecated",
    false,
    "Still works; plan to move off it before the vendor removes it.",
  ),
  "operation.undeprecated": rule("Operation no longer deprecated", false, "Nothing to do."),
  "operation.summary-changed": rule("Summary changed", false, "Documentation only."),
  "operation.tags-changed": rule(
    "Tags changed",
    false,
    "Documentation grouping only; facade methods are keyed by operationId.",
  ),
  "parameter.added-optional": rule(
    "Parameter added (optional)",
    false,
    "Existing calls stay valid.",
  ),
  "parameter.now-optional": rule("Parameter now optional", false, "Existing calls stay valid."),
  "request-body.added-optional": rule(
    "Request body added (optional)",
    false,
    "Existing calls stay valid.",
  ),
  "request-body.now-optional": rule(
    "Request body now optional",
    false,
    "Existing calls stay valid.",
  ),
  "request-body.content-type-added": rule(
    "Request content type added",
    false,
    "Existing calls stay valid.",
  ),
  "response.status-added": rule(
    "Response status added",
    false,
    "A newly documented status; code handling the others is unaffected.",
  ),
  "response.content-type-added": rule(
    "Response content type added",
    false,
    "The old content types are still served.",
  ),
  "server.added": rule("Server added", false, "Existing base URLs still work."),
  "security-scheme.added": rule(
    "Security scheme added",
    false,
    "A scheme on its own changes nothing; operations that use it are reported one by one.",
  ),
  "security-scheme.documentation-changed": rule(
    "Security scheme documentation changed",
    false,
    "Description or bearer format only: OpenAPI treats these as documentation.",
  ),
  "document.version-changed": rule("Description version", false, "Informational."),
};

/** Group order: breaking for facade users too, then breaking for raw paths only, then the rest. */
export const kindOrder: readonly ChangeKind[] = (() => {
  const kinds = Object.keys(rules) as ChangeKind[];
  const rank = (k: ChangeKind) => (rules[k].facadeBreaking ? 0 : rules[k].breaking ? 1 : 2);
  return [0, 1, 2].flatMap((r) => kinds.filter((k) => rank(k) === r));
})();

export function ruleFor(kind: ChangeKind): Rule {
  return rules[kind];
}

type Fields = Omit<Change, "kind" | "breaking" | "facadeBreaking" | "classifiedBy">;

/**
 * A Change classed by the table. `library` is api-smart-diff's class of the same difference
 * (`breaking`, `non-breaking`, ...); absent for the project's own findings.
 */
export function classify(kind: ChangeKind, fields: Fields, library?: string): Change {
  const { breaking, facadeBreaking } = rules[kind];
  const agrees = library !== undefined && (library === "breaking") === breaking;
  const change: Record<string, unknown> = { kind, breaking, facadeBreaking };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) change[key] = value;
  change.classifiedBy = agrees ? "api-smart-diff" : "rule";
  return change as unknown as Change;
}
