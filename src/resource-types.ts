/**
 * Types of the facade's methods (`altegio.clients.get(params, options)`): one flat `params` object
 * holding the operation's path and query parameters, with the request body under `body`.
 */
import type { OperationId } from "../generated/registry.js";
import type { operations as OperationTypes } from "../generated/schema.js";
import type { CallOptions } from "./pipeline.js";
import type { ApiResult, RequestInput, ResponseData } from "./request-types.js";

type Op<Id> = Id extends keyof OperationTypes ? OperationTypes[Id] : never;

/** `parameters.path` / `parameters.query` of an operation; `{}` when it has none. */
type ParamGroup<O, K extends "path" | "query"> = O extends { parameters: infer P }
  ? K extends keyof P
    ? [Exclude<P[K], undefined>] extends [never]
      ? unknown
      : Exclude<P[K], undefined>
    : unknown
  : unknown;

/** `{ body }` as `client.request` takes it, or nothing when the operation has no body. */
type BodyGroup<Id extends OperationId> = [Exclude<RequestInput<Id>["body"], undefined>] extends [
  never,
]
  ? unknown
  : Pick<RequestInput<Id>, "body">;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The flat parameters of an operation: path and query parameters by name (as the description
 * names them, e.g. `location_id`, `"id[]"`), and the request body under `body`.
 */
export type MethodParams<Id extends OperationId> = Simplify<
  ParamGroup<Op<Id>, "path"> & ParamGroup<Op<Id>, "query"> & BodyGroup<Id>
>;

/** True when `params` may be omitted (nothing in it is required). */
export type ParamsAreOptional<Id extends OperationId> =
  object extends MethodParams<Id> ? true : false;

/** Arguments of a facade method: `(params, options?)`, `params` optional when nothing is required. */
export type MethodArgs<Id extends OperationId> =
  ParamsAreOptional<Id> extends true
    ? [params?: MethodParams<Id>, options?: CallOptions]
    : [params: MethodParams<Id>, options?: CallOptions];

/** One operation of the facade. Call it for the envelope's `data`. */
export interface ResourceMethod<Id extends OperationId> {
  (...args: MethodArgs<Id>): Promise<ResponseData<Id>>;
  /** The same call, resolving to `{ data, meta, response }`. */
  withResponse(...args: MethodArgs<Id>): Promise<ApiResult<Id>>;
  /** The operationId this method calls (for `paginate`, logs, `client.registry`). */
  readonly operationId: Id;
}

/** A facade method, or the operationId of one: what `paginate` and `collectAll` accept. */
export type MethodOrOperationId<Id extends OperationId> = ResourceMethod<Id> | Id;
