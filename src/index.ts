/** The SDK's public entry point. Layers: core/ ← plugins/ ← client.ts → facade/ (docs/ARCHITECTURE.md). */
export { ACCEPT } from "./plugins/auth.js";
export * from "./client.js"; // createAltegioClient and its types
export { authLevelOf, type AuthLevel } from "./core/auth-level.js";
export type { Envelope, EnvelopeMeta } from "./core/envelope.js";
export type {
  BodyType,
  HttpMethod,
  OperationMeta,
  PagingStyle,
  ParamType,
  Registry,
  ResponseType,
} from "./core/operation.js";
export { serializeQuery } from "./core/params.js";
export { isValidPhone, normalizePhone, type PhoneOptions } from "./core/phone.js";
export {
  compose,
  type CallOptions,
  type Plugin,
  type RequestContext,
  type Send,
} from "./core/pipeline.js";
export {
  createMemoryTokenStore,
  type Credentials,
  type CredentialsProvider,
  type CredentialsSource,
  type TokenChange,
  type TokenChangeReason,
  type TokenStore,
  type UserProfile,
} from "./core/session.js";
export {
  createRateLimiter,
  resetSharedRateLimiters,
  sharedRateLimiter,
  type RateLimiter,
  type RateLimitOptions,
  type RateLimitSlot,
} from "./plugins/rate-limit.js";
export type { RetryOptions } from "./plugins/retry.js";
export type { TimeoutOptions } from "./plugins/timeout.js";
export type { Logger } from "./plugins/logging.js";
export type { FetchLike } from "./plugins/transport.js";
export type {
  ApiResult,
  GeneratedResources,
  MethodArgs,
  MethodParams,
  MultipartBody,
  MultipartValue,
  ParamsAreOptional,
  RequestInput,
  ResourceMethod,
  ResponseData,
} from "./facade/types.js";
export type {
  CollectOptions,
  Page,
  PageItem,
  PagedOperationId,
  PaginateOptions,
  PaginationMethods,
  PaginationSource,
  Paginator,
} from "./facade/pagination.js";
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
} from "./facade/helpers/index.js";
export type * from "../generated/resources.js";
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
  type AuthenticationReason,
  type ErrorContext,
  type FieldErrors,
  type PaginationStopReason,
} from "./core/errors.js";
export {
  descriptionInfo,
  operations as operationRegistry,
  type OperationId,
} from "../generated/registry.js";
export type { components, paths, operations as OperationTypes } from "../generated/schema.js";
