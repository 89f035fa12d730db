/** The vocabulary of a description diff and the report the engine produces. Pure types. */

/** Changes found inside a schema (a parameter's, a request body's or a response body's). */
export type SchemaEvent =
  | `schema-${"added" | "removed"}`
  | `property-${"added-required" | "added-optional" | "removed" | "now-required" | "now-optional"}`
  | `type-${"changed" | "widened" | "narrowed"}`
  | `enum-value-${"added" | "removed"}`
  | `variants-${"added" | "removed"}`
  | "format-changed";

export type ChangeKind =
  | "document.version-changed"
  | `server.${"added" | "removed" | "url-changed"}`
  | `security-scheme.${"added" | "removed" | "changed" | "documentation-changed"}`
  | `operation.${"added" | "removed" | "path-changed" | "method-changed" | "deprecated" | "undeprecated"}`
  | `operation.${"security-renamed" | "security-changed" | "summary-changed" | "tags-changed"}`
  | `parameter.${"added-required" | "added-optional" | "removed" | "renamed" | "location-changed"}`
  | `${"parameter" | "request-body"}.${"now-required" | "now-optional"}`
  | `request-body.${"added-required" | "added-optional" | "removed"}`
  | `request-body.content-type-${"added" | "removed"}`
  | `response.${"status" | "content-type"}-${"added" | "removed"}`
  | `${"parameter" | "request-body" | "response"}.${SchemaEvent}`;

/** How one kind of change is classed, from the point of view of code that calls the API. */
export interface Rule {
  /** Heading of the kind's group in the report, e.g. "Parameter removed". */
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
  /** The operation's route in the new revision (the old one for a removed operation). */
  readonly method?: string;
  readonly path?: string;
  /** What changed, e.g. "query parameter `count`", "response 200 application/json `data.id`". */
  readonly subject: string;
  readonly from?: string;
  readonly to?: string;
  readonly detail?: string;
  /** `api-smart-diff` when the library found it and its class matches the table; else `rule`. */
  readonly classifiedBy: "api-smart-diff" | "rule";
  /** The facade method (`clients.get`), when the update review could name it. */
  readonly facade?: string;
}

/** What a rule's caller says about a change; the class comes from the rule table. */
export type ChangeFields = Omit<Change, "kind" | "breaking" | "facadeBreaking" | "classifiedBy">;

export interface OperationRef {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly summary: string;
  readonly deprecated: boolean;
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
