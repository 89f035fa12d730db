/**
 * The SDK's single public entry point.
 */
export {
  createAltegioClient,
  type AltegioClient,
  type AltegioClientOptions,
  type SessionHandle,
} from "./client.js";
export type {
  ApiResult,
  MultipartBody,
  MultipartValue,
  RequestInput,
  ResponseData,
} from "./request-types.js";
export type { EnvelopeMeta } from "./envelope.js";
export type {
  Credentials,
  CredentialsProvider,
  CredentialsSource,
  TokenChange,
  TokenChangeReason,
  UserProfile,
} from "./session.js";
export { createMemoryTokenStore, type TokenStore } from "./token-store.js";
export type { FetchLike } from "./transport.js";
export {
  compose,
  type CallOptions,
  type Plugin,
  type RequestContext,
  type Send,
} from "./pipeline.js";
export {
  createRateLimiter,
  resetSharedRateLimiters,
  sharedRateLimiter,
  type RateLimiter,
  type RateLimitOptions,
} from "./rate-limit.js";
export type { RetryOptions } from "./retry.js";
export type { TimeoutOptions } from "./timeout.js";
export type { Logger } from "./logger.js";
export type { Registry } from "./registry-lookup.js";
export type { AltegioFacade, AltegioResources } from "./resources.js";
export type {
  MethodArgs,
  MethodParams,
  ParamsAreOptional,
  ResourceMethod,
} from "./resource-types.js";
export type {
  CollectOptions,
  Page,
  PageItem,
  PagedOperationId,
  PaginateOptions,
  PaginationMethods,
  PaginationSource,
  Paginator,
} from "./pagination.js";
export type {
  Appointment,
  AppointmentHelpers,
  BookAppointmentArgs,
  BookedAppointment,
  BookServiceLine,
  ChainClient,
  Client,
  ClientHelpers,
  FindInChain,
  FindInLocation,
} from "./helpers/index.js";
export { authLevelOf, type AuthLevel } from "./core/auth-level.js";
export { serializeQuery } from "./query-serializer.js";
export { isValidPhone, normalizePhone, type PhoneOptions } from "./phone.js";
export type * from "../generated/resources.js";
export type {
  BodyType,
  HttpMethod,
  OperationMeta,
  PagingStyle,
  ParamMeta,
  ParamType,
  ResponseType,
} from "./operation.js";
export {
  AbortedError,
  AltegioError,
  APIError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  InvalidArgumentError,
  InvalidResponseError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  PaginationError,
  QueueFullError,
  RateLimitError,
  ServerError,
  TimeoutError,
  TokenInvalidatedError,
  TwoFactorRequiredError,
  ValidationError,
  type AltegioErrorCode,
  type APIErrorInit,
  type ErrorContext,
  type FieldErrors,
  type PaginationStopReason,
} from "./errors.js";
export {
  descriptionInfo,
  operations as operationRegistry,
  type OperationId,
} from "../generated/registry.js";
export type { components, paths, operations as OperationTypes } from "../generated/schema.js";
