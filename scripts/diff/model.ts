/**
 * The vocabulary of a description diff: what can change between two revisions of an OpenAPI
 * description, and the report the diff engine produces. Pure types, no logic.
 */

/** Changes found inside a schema (a parameter's, a request body's or a response body's). */
export type SchemaEvent =
  | "schema-added"
  | "schema-removed"
  | "property-added-required"
  | "property-added-optional"
  | "property-removed"
  | "property-now-required"
  | "property-now-optional"
  | "type-changed"
  | "type-widened"
  | "type-narrowed"
  | "enum-value-added"
  | "enum-value-removed"
  | "format-changed"
  | "variants-added"
  | "variants-removed";

export type DocumentChangeKind =
  | "document.version-changed"
  | "server.added"
  | "server.removed"
  | "server.url-changed"
  | "security-scheme.added"
  | "security-scheme.removed"
  | "security-scheme.changed"
  | "security-scheme.documentation-changed";

export type OperationChangeKind =
  | "operation.added"
  | "operation.removed"
  | "operation.path-changed"
  | "operation.method-changed"
  | "operation.security-renamed"
  | "operation.security-changed"
  | "operation.deprecated"
  | "operation.undeprecated"
  | "operation.summary-changed"
  | "operation.tags-changed";

export type ParameterChangeKind =
  | "parameter.added-required"
  | "parameter.added-optional"
  | "parameter.removed"
  | "parameter.renamed"
  | "parameter.location-changed"
  | "parameter.now-required"
  | "parameter.now-optional"
  | `parameter.${SchemaEvent}`;

export type RequestBodyChangeKind =
  | "request-body.added-required"
  | "request-body.added-optional"
  | "request-body.removed"
  | "request-body.now-required"
  | "request-body.now-optional"
  | "request-body.content-type-added"
  | "request-body.content-type-removed"
  | `request-body.${SchemaEvent}`;

export type ResponseChangeKind =
  | "response.status-added"
  | "response.status-removed"
  | "response.content-type-added"
  | "response.content-type-removed"
  | `response.${SchemaEvent}`;

export type ChangeKind =
  | DocumentChangeKind
  | OperationChangeKind
  | ParameterChangeKind
  | RequestBodyChangeKind
  | ResponseChangeKind;

/** How one kind of change is classed, from the point of view of code that calls the API. */
export interface Rule {
  /** Short heading used to group changes in the report, e.g. "Parameter removed". */
  readonly title: string;
  /** Breaks a client that calls the API by path (raw openapi-fetch client, hand-built URLs). */
  readonly breaking: boolean;
  /** Breaks code that uses the SDK facade, whose methods are keyed by operationId. */
  readonly facadeBreaking: boolean;
  /** Why it is classed so; shown once per group in the report. */
  readonly why: string;
}

/** One difference between the two revisions. */
export interface Change {
  readonly kind: ChangeKind;
  readonly breaking: boolean;
  readonly facadeBreaking: boolean;
  /** Absent for document-level changes (version, servers, security schemes). */
  readonly operationId?: string;
  /** The route of the operation in the new revision (the old one for a removed operation). */
  readonly method?: string;
  readonly path?: string;
  /** What changed, e.g. "query parameter `count`", "response 200 application/json `data.id`". */
  readonly subject: string;
  readonly from?: string;
  readonly to?: string;
  /** Extra explanation specific to this change. */
  readonly detail?: string;
  /**
   * `api-smart-diff` when the library found the difference and its class matches the rule
   * table; `rule` when the project's own rule found it or overrode the library's class.
   */
  readonly classifiedBy: "api-smart-diff" | "rule";
  /** The facade method (`clients.get`), when the update review could name it. */
  readonly facade?: string;
}

export interface OperationRef {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly summary: string;
  readonly deprecated: boolean;
  /** The facade method (`clients.get`), when the update review could name it. */
  readonly facade?: string;
}

export interface OperationDiff extends OperationRef {
  /** The route in the old revision when it moved. */
  readonly previous?: { readonly method: string; readonly path: string };
  readonly changes: readonly Change[];
  readonly breaking: boolean;
}

export interface DescriptionRef {
  readonly title: string;
  readonly version: string;
  readonly operations: number;
}

/** Everything the engine found, ordered deterministically. */
export interface DiffReport {
  readonly from: DescriptionRef;
  readonly to: DescriptionRef;
  readonly counts: {
    readonly breaking: number;
    readonly nonBreaking: number;
    readonly facadeBreaking: number;
    readonly operationsAdded: number;
    readonly operationsRemoved: number;
    readonly operationsChanged: number;
    readonly operationsUnchanged: number;
  };
  /** Version, servers, security schemes. */
  readonly document: readonly Change[];
  readonly added: readonly OperationRef[];
  readonly removed: readonly OperationRef[];
  /** Operations present in both revisions (matched by operationId) that differ. */
  readonly changed: readonly OperationDiff[];
  /** Every change (document and operations), breaking first, in a stable order. */
  readonly changes: readonly Change[];
  /** Observations spanning many changes, e.g. "every path gained the prefix /v1". */
  readonly notes: readonly string[];
}
