/**
 * What the codegen knows about one operation of the corrected description: the in-memory
 * registry built by registry.ts. Everything here is read by the codegen itself (names, docs, the
 * runtime registry it emits), its tests and the update flow (scripts/diff); the runtime registry
 * written to generated/registry.ts keeps only the part the SDK reads at run time
 * (emit-registry.ts).
 */
import type { AuthLevel } from "../../src/core/auth-level.js";
import type {
  BodyType,
  HttpMethod,
  PagingStyle,
  ParamType,
  ResponseType,
} from "../../src/core/operation.js";

// The vocabulary is the runtime's (src/core/operation.ts): one definition for both.
export type { AuthLevel, BodyType, HttpMethod, PagingStyle, ParamType, ResponseType };

export interface ParamMeta {
  readonly name: string;
  readonly type: ParamType;
  readonly required: boolean;
  /** For arrays: the item type. */
  readonly itemType?: ParamType;
}

export interface OperationMeta {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** Path template exactly as in the description, e.g. `/client/{location_id}/{id}`. */
  readonly path: string;
  readonly tag: string;
  /**
   * The operation's security requirement as the description states it (after the overlay): the
   * scheme names of each alternative, e.g. `[["BearerPartnerUser"]]`; `[]` when it needs none.
   */
  readonly security: readonly (readonly string[])[];
  /** The credentials that requirement stands for (openapi/security.json): what the SDK sends. */
  readonly auth: AuthLevel;
  readonly deprecated: boolean;
  readonly summary: string;
  readonly body: BodyType | null;
  /** The request body's media type as sent: `application/json` or `multipart/form-data`. */
  readonly bodyContentType: string | null;
  readonly bodyRequired: boolean;
  readonly response: ResponseType;
  /** The 2xx status the description declares (200, 201, 202 or 204). */
  readonly successStatus: number;
  /** As declared (path item's, then the operation's). */
  readonly pathParams: readonly ParamMeta[];
  readonly queryParams: readonly ParamMeta[];
  readonly paging: PagingStyle | null;
}
