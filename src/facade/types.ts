/**
 * Types of the client's calls, read from the openapi-typescript `operations` interface:
 * `client.request(operationId, input)` and the facade's `altegio.clients.get(params, options)`,
 * whose one flat `params` holds the path and query parameters, with the request body under `body`.
 */
import type { OperationId } from "../../generated/registry.js";
import type { ResourceMap } from "../../generated/resources.js";
import type { operations as OperationTypes } from "../../generated/schema.js";
import type { EnvelopeMeta } from "../core/envelope.js";
import type { CallOptions } from "../core/pipeline.js";

type Op<Id> = Id extends keyof OperationTypes ? OperationTypes[Id] : never;

/**
 * `parameters.path` / `parameters.query` of an operation, `never` when it has none. Numeric path
 * parameters (IDs) also take a digit string (`"42"`), as the SDK accepts at run time.
 */
type ParamsOf<O, K extends "path" | "query"> = O extends { parameters: infer P }
  ? K extends keyof P
    ? K extends "path"
      ? DigitStrings<Exclude<P[K], undefined>>
      : Exclude<P[K], undefined>
    : never
  : never;

type DigitStrings<T> = { [N in keyof T]: T[N] extends number ? T[N] | `${number}` : T[N] };

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

type PathInput<O> = [ParamsOf<O, "path">] extends [never]
  ? { path?: undefined }
  : { path: ParamsOf<O, "path"> };

type QueryInput<O> = [ParamsOf<O, "query">] extends [never]
  ? { query?: undefined }
  : [RequiredKeys<ParamsOf<O, "query">>] extends [never]
    ? { query?: ParamsOf<O, "query"> }
    : { query: ParamsOf<O, "query"> };

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
export type RequestInput<Id extends OperationId> = PathInput<Op<Id>> &
  QueryInput<Op<Id>> &
  BodyInput<Op<Id>>;

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;
type ResponsesOf<O> = O extends { responses: infer R } ? R : never;
type SuccessResponseOf<O> = ResponsesOf<O>[Extract<
  keyof ResponsesOf<O>,
  SuccessStatus | `${SuccessStatus}`
>];

type DataOfContent<C> = C extends { "application/json": infer J }
  ? J extends { data?: infer D }
    ? D
    : unknown
  : [keyof C] extends [never]
    ? undefined
    : Blob;

type DataOfResponse<R> = R extends { content: infer C }
  ? DataOfContent<C>
  : R extends { content?: never }
    ? undefined
    : unknown;

/**
 * The `data` of the operation's success envelope (unknown where the description gives no schema),
 * a Blob for binary answers (PDF), undefined for 204.
 */
export type ResponseData<Id extends OperationId> = [SuccessResponseOf<Op<Id>>] extends [never]
  ? unknown
  : DataOfResponse<SuccessResponseOf<Op<Id>>>;

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

type ParamGroup<O, K extends "path" | "query"> = [ParamsOf<O, K>] extends [never]
  ? unknown
  : ParamsOf<O, K>;

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

/** The namespaces of the facade, one per tag, each method typed by its operationId. */
export type GeneratedResources = {
  readonly [N in keyof ResourceMap]: {
    readonly [M in keyof ResourceMap[N]]: ResourceMap[N][M] extends OperationId
      ? ResourceMethod<ResourceMap[N][M]>
      : never;
  };
};
