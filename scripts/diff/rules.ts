/**
 * The rule table: how each kind of change is classed, for two audiences: a client that names
 * paths (raw openapi-fetch client, URLs built by hand) and a user of the SDK facade, keyed by
 * operationId. Schema changes follow variance: what is sent may widen, what is received may narrow.
 * api-smart-diff classes the differences it finds too; `classify` records whether it agrees.
 */
import type { Change, ChangeFields, ChangeKind, Rule } from "./model.js";

const rawOnly =
  "The facade is keyed by operationId and follows the new route, so its methods keep working.";
/** `kind | title | class | why`, class: `yes` breaking, `raw` breaking for raw paths only, `no`. Row order is group order. */
const TABLE = `
operation.removed | Operation removed | yes | Calls to it fail; its facade method is removed.
operation.path-changed | Path moved | raw | Breaking for code that names the path (raw openapi-fetch client, URLs built by hand). ${rawOnly}
operation.method-changed | HTTP method changed | raw | Breaking for code that names the route. ${rawOnly}
operation.security-changed | Credentials required changed | yes | The operation now needs different credentials (e.g. a user token where a partner token was enough); callers must supply them.
server.removed | Server removed | yes | Clients configured with this base URL must change it.
server.url-changed | Server URL changed | raw | Breaking for clients that set this base URL themselves. The SDK's default base URL follows the description; see the note on effective URLs.
security-scheme.removed | Security scheme removed | raw | Breaking for tools that refer to the scheme by name. The facade derives credentials from each operation's requirement, so only a change of credentials matters to it (reported per operation).
security-scheme.changed | Security scheme changed | yes | Where or how the credential is sent changed (type, header name, HTTP scheme).
parameter.removed | Parameter removed | yes | Calls that send it no longer type-check, and the server ignores or rejects it.
parameter.renamed | Parameter renamed | yes | Same location and schema under a new name: calls must use the new name.
parameter.added-required | Parameter added (required) | yes | Existing calls do not send it and will be rejected.
parameter.now-required | Parameter now required | yes | Calls that omit it will be rejected.
parameter.location-changed | Parameter moved to another location | yes | It must now be sent elsewhere (e.g. query instead of path).
request-body.added-required | Request body added (required) | yes | Existing calls send no body and will be rejected.
request-body.removed | Request body removed | yes | Calls that send a body no longer type-check.
request-body.now-required | Request body now required | yes | Calls without a body will be rejected.
request-body.content-type-removed | Request content type removed | yes | Calls that send this content type will be rejected.
response.status-removed | Response status removed | yes | Code expecting this status (e.g. the success status it checks) must change.
response.content-type-removed | Response content type removed | yes | Code reading this content type gets something else.
schema
operation.added | Operation added | no | New capability; existing code is unaffected.
operation.security-renamed | Security requirement renamed, same credentials | no | The requirement names other schemes, but they stand for the same credentials, so the facade keeps sending the same Authorization header.
operation.deprecated | Operation deprecated | no | Still works; plan to move off it before the vendor removes it.
operation.undeprecated | Operation no longer deprecated | no | Nothing to do.
operation.summary-changed | Summary changed | no | Documentation only.
operation.tags-changed | Tags changed | no | Documentation grouping only; facade methods are keyed by operationId.
parameter.added-optional | Parameter added (optional) | no | Existing calls stay valid.
parameter.now-optional | Parameter now optional | no | Existing calls stay valid.
request-body.added-optional | Request body added (optional) | no | Existing calls stay valid.
request-body.now-optional | Request body now optional | no | Existing calls stay valid.
request-body.content-type-added | Request content type added | no | Existing calls stay valid.
response.status-added | Response status added | no | A newly documented status; code handling the others is unaffected.
response.content-type-added | Response content type added | no | The old content types are still served.
server.added | Server added | no | Existing base URLs still work.
security-scheme.added | Security scheme added | no | A scheme on its own changes nothing; operations that use it are reported one by one.
security-scheme.documentation-changed | Security scheme documentation changed | no | Description or bearer format only: OpenAPI treats these as documentation.
document.version-changed | Description version | no | Informational.`;

/** `event | label (sent/received) | class and why when sent | class and why when received`. */
const SCHEMA = `
schema-added | schema added | no: A type now describes a value that was untyped. | no: The response was untyped (\`unknown\`) and is now typed.
schema-removed | schema removed | yes: The value is no longer described; its generated type is gone. | yes: The response type becomes \`unknown\`; code reading its fields no longer type-checks.
property-added-required | property added (required)/property added | yes: Existing calls do not send it and will be rejected. | no: Code reading the response ignores fields it does not know.
property-added-optional | property added (optional)/property added | no: Existing calls stay valid. | no: Code reading the response ignores fields it does not know.
property-removed | property removed | yes: Calls that send it no longer type-check, and the server ignores or rejects it. | yes: Code reading it gets undefined, and no longer type-checks.
property-now-required | property now required/property now always present | yes: Calls that omit it will be rejected. | no: Code that handled its absence still works.
property-now-optional | property now optional/property may now be absent | no: Calls that send it stay valid. | yes: Code that relied on its presence must handle undefined.
type-changed | type changed | yes: Values of the old type are no longer accepted. | yes: Code reading the old type gets something else.
type-widened | type widened | no: Every value accepted before is still accepted. | yes: The response may now hold values code reading it does not expect.
type-narrowed | type narrowed | yes: Some values accepted before are now refused. | no: Every value the response can hold was possible before.
enum-value-added | enum value added | no: Every value accepted before is still accepted. | yes: Exhaustive switches on the field meet a value they do not handle.
enum-value-removed | enum value removed | yes: Calls that send the removed value will be rejected. | no: The response holds fewer values than before.
format-changed | format changed | no: The generated TypeScript type is the same; check the values you send. | no: The generated TypeScript type is the same; check how you parse the value.
variants-added | alternatives added | no: More shapes are accepted than before. | yes: The response may take a shape code reading it does not handle.
variants-removed | alternatives removed | yes: Calls that send a removed shape will be rejected. | no: The response takes fewer shapes than before.`;

const rule = (title: string, cls: string, why: string): Rule => ({
  title,
  breaking: cls !== "no",
  facadeBreaking: cls === "yes",
  why,
});
const rows = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((line) => line.split(" | "));

/** Every kind of change with its class. The declaration order is the report's group order. */
export const rules = Object.fromEntries(
  rows(TABLE).flatMap(([kind = "", title = "", cls = "", why = ""]) =>
    kind !== "schema"
      ? [[kind, rule(title, cls, why)]]
      : (["Parameter", "Request body", "Response"] as const).flatMap((name, received) =>
          rows(SCHEMA).map(([event = "", labels = "", ...sides]) => {
            const [sentLabel = "", gotLabel = sentLabel] = labels.split("/");
            const [cls2 = "", why2 = ""] = (sides[received === 2 ? 1 : 0] ?? "").split(/: (.*)/s);
            const prefix = name.toLowerCase().replace(" ", "-");
            return [
              `${prefix}.${event}`,
              rule(`${name}: ${received === 2 ? gotLabel : sentLabel}`, cls2, why2),
            ];
          }),
        ),
  ),
) as Readonly<Record<ChangeKind, Rule>>;

/** Group order: breaking for facade users too, then breaking for raw paths only, then the rest. */
const rank = (k: ChangeKind) => (rules[k].facadeBreaking ? 0 : rules[k].breaking ? 1 : 2);
export const kindOrder: readonly ChangeKind[] = (Object.keys(rules) as ChangeKind[]).sort(
  (a, b) => rank(a) - rank(b), // stable: the table's order within each class
);

/** A Change classed by the table; `library` is api-smart-diff's class of the same difference. */
export function classify(kind: ChangeKind, fields: ChangeFields, library?: string): Change {
  const { breaking, facadeBreaking } = rules[kind];
  const change: Record<string, unknown> = { kind, breaking, facadeBreaking };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) change[key] = value;
  const agrees = library !== undefined && (library === "breaking") === breaking;
  change.classifiedBy = agrees ? "api-smart-diff" : "rule";
  return change as unknown as Change;
}
