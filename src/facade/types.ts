/**
 * Call types read from openapi-typescript's `operations`: `client.request(operationId, input)`
 * takes `{ path, query, body }`; a facade method (`altegio.clients.get(params, options)`) takes one
 * flat `params`: path and query parameters by name, the request body under `body`.
 */
import type { OperationId } from "../../generated/registry.js";
import type { ResourceMap } from "../../generated/resources.js";
import type { operations as OperationTypes } from "../../generated/schema.js";
import type { EnvelopeMeta } from "../core/envelope.js";
import type { CallOptions } from "../core/pipeline.js";

type Op<Id> = Id extends keyof OperationTypes ? OperationTypes[Id] : never;

/** `parameters.path` / `.query`, `never` when none; numeric path parameters also take `"42"`. */
type ParamsOf<O, K extends "path" | "query"> = O extends { parameters: infer P }
  ? K extends keyof P
    ? K extends "path"
      ? DigitStrings<Exclude<P[K], undefined>>
      : Exclude<P[K], undefined>
    : never
  : never;

type DigitStrings<T> = { [N in keyof T]: T[N] extends number ? T[N] | `${number}` : T[N] };

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** `{ path }` or `{ query }`: absent when empty, optional when nothing in it is required. */
type ParamInput<O, K extends "path" | "query", P = ParamsOf<O, K>> = [P] extends [never]
  ? { [_ in K]?: undefined }
  : [RequiredKeys<P>] extends [never]
    ? { [_ in K]?: P }
    : { [_ in K]: P };

/** A value of a `multipart/form-data` field: files as Blob/File/bytes, the rest as text. */
export type MultipartValue = Blob | Uint8Array | ArrayBuffer | string | number | boolean;

/** A multipart body: the schema's fields, each also accepting files and bytes. */
export type MultipartBody<T> = {
  [K in keyof T]: T[K] | MultipartValue | readonly MultipartValue[];
};

type BodyOfContent<C> = C extends { "application/json": infer J }
  ? J
  : C extends { "multipart/form-data": infer M }
    ? MultipartBody<M>
    : C extends Record<string, infer Any>
      ? Any
      : unknown;

type RequestBodyOf<O> = O extends { requestBody?: infer R } ? NonNullable<R> : never;

type BodyInput<O> = [RequestBodyOf<O>] extends [never]
  ? { body?: undefined }
  : RequestBodyOf<O> extends { content: infer C }
    ? object extends Pick<O & { requestBody?: unknown }, "requestBody">
      ? { body?: BodyOfContent<C> }
      : { body: BodyOfContent<C> }
    : { body?: unknown };

/** What `client.request(operationId, input)` takes: path, query and body as the operation declares. */
export type RequestInput<Id extends OperationId> = ParamInput<Op<Id>, "path"> &
  ParamInput<Op<Id>, "query"> &
  BodyInput<Op<Id>>;

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;
type SuccessResponseOf<O> = O extends { responses: infer R }
  ? R[Extract<keyof R, SuccessStatus | `${SuccessStatus}`>]
  : never;

/** JSON: the envelope's `data`; no content: undefined; anything else (PDF): a Blob. */
type DataOf<R> = R extends { content: infer C }
  ? C extends { "application/json": infer J }
    ? J extends { data?: infer D }
      ? D
      : unknown
    : [keyof C] extends [never]
      ? undefined
      : Blob
  : R extends { content?: never }
    ? undefined
    : unknown;

/** The success envelope's `data` (unknown without a schema), a Blob for binary answers (PDF), undefined for 204. */
export type ResponseData<Id extends OperationId> = [SuccessResponseOf<Op<Id>>] extends [never]
  ? unknown
  : DataOf<SuccessResponseOf<Op<Id>>>;

/** `data`, `meta` and the Response (body already read) of one call. */
export interface ApiResult<Id extends OperationId> {
  data: ResponseData<Id>;
  /** `meta` of the envelope (`{ total_count }`, `{ page, ... }`, `{ from, to }`...); `{}` if none. */
  meta: EnvelopeMeta;
  response: Response;
}

/** True when `input` may be omitted for this operation (no required path, query or body). */
export type InputIsOptional<Id extends OperationId> =
  object extends RequestInput<Id> ? true : false;

/** `T`, or nothing to add to an intersection when there is no `T`. */
type Group<T> = [T] extends [never] ? unknown : T;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The flat parameters of an operation: path and query parameters by name (as the description
 * names them, e.g. `location_id`, `"id[]"`), and the request body under `body`.
 */
export type MethodParams<Id extends OperationId> = Simplify<
  Group<ParamsOf<Op<Id>, "path">> &
    Group<ParamsOf<Op<Id>, "query">> &
    ([RequestBodyOf<Op<Id>>] extends [never] ? unknown : BodyInput<Op<Id>>)
>;

/** True when `params` may be omitted (nothing in it is required). */
export type ParamsAreOptional<Id extends OperationId> =
  object extends MethodParams<Id> ? true : false;

/** Arguments of a facade method: `(params, options?)`, `params` optional when nothing is required. */
export type MethodArgs<Id extends OperationId, Options = CallOptions> =
  ParamsAreOptional<Id> extends true
    ? [params?: MethodParams<Id>, options?: Options]
    : [params: MethodParams<Id>, options?: Options];

/** One operation of the facade. Call it for the envelope's `data`. */
export interface ResourceMethod<Id extends OperationId> {
  (...args: MethodArgs<Id>): Promise<ResponseData<Id>>;
  /** The same call, resolving to `{ data, meta, response }`. */
  withResponse(...args: MethodArgs<Id>): Promise<ApiResult<Id>>;
  /** The operationId this method calls (for `paginate`, logs, `client.registry`). */
  readonly operationId: Id;
}

/** The namespaces of the facade, one per tag, each method typed by its operationId. */
export type GeneratedResources = {
  readonly [N in keyof ResourceMap]: {
    readonly [M in keyof ResourceMap[N]]: ResourceMap[N][M] extends OperationId
      ? ResourceMethod<ResourceMap[N][M]>
      : never;
  };
};
