/** The vocabulary of a description diff and the report the engine produces. Pure types. */
import type { RuleKind } from "./rules.js";

/**
 * `<area>.<event>`: a kind the project's rules find (`operation.path-changed`, one of `RULES` in
 * rules.ts), or a library difference inside an operation (`response.property-removed`).
 */
export type ChangeKind = RuleKind | `${"parameter" | "request-body" | "response"}.${string}`;

/** One difference between the two revisions. */
export interface Change {
  readonly kind: ChangeKind;
  /** Breaks a client that calls the API by path (raw openapi-fetch client, hand-built URLs). */
  readonly breaking: boolean;
  /** Breaks code that uses the SDK facade, whose methods are keyed by operationId. */
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
  /** `api-smart-diff` when the library's class of the difference is used; `rule` for the project's. */
  readonly classifiedBy: "api-smart-diff" | "rule";
  /** The facade method (`clients.get`), when the update review could name it. */
  readonly facade?: string;
}

/** What the finder of a change says about it; its class is decided in rules.ts. */
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
