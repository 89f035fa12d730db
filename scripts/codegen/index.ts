/**
 * The codegen's programmatic API, used by scripts/generate.ts, the tests and the update flow.
 * `generate` runs the whole pipeline; the building blocks below run one step each.
 */
export { generate, type GenerateOptions, type GenerateResult } from "./generate.js";
export { CodegenError, type CodegenErrorCode } from "./errors.js";
export {
  readSourceConfig,
  parseSourceConfig,
  writeSourceConfig,
  writePin,
  SOURCE_CONFIG_PATH,
  type Pin,
  type SourceConfig,
} from "./source-config.js";
export {
  pullDescription,
  sourceCandidates,
  SOURCE_ENV_VAR,
  DEFAULT_PULL_TIMEOUT_MS,
  type PullOptions,
  type PulledDescription,
  type PullAttempt,
} from "./pull.js";
export { verifyPin, sha256, UPDATE_COMMAND } from "./verify.js";
export { parseDescription, type OpenApiDocument } from "./parse.js";
export {
  validateDescription,
  loadLintConfig,
  readLintConfig,
  createLintConfig,
  summarizeValidation,
  type ValidationReport,
  type LintProblem,
} from "./validate.js";
export {
  applyCorrections,
  loadCorrectionSet,
  unmatchedMessage,
  OVERLAY_PATH,
  type CorrectionSet,
  type CorrectionResult,
} from "./correct.js";
export {
  applyOverlayInPlace,
  parseOverlay,
  type OverlayDocument,
  type OverlayAction,
  type ActionReport,
} from "./overlay.js";
export { extractExcluded, EXCLUDED_EXTENSION, type ExcludedOperation } from "./exclude.js";
export {
  buildRegistry,
  type Registry,
  type RegistryOptions,
  type DescriptionInfo,
} from "./registry.js";
export type {
  AuthLevel,
  BodyType,
  HttpMethod,
  OperationMeta,
  PagingStyle,
  ParamMeta,
  ParamType,
  ResponseType,
} from "./model.js";
export { loadSecurityLevels, operationAuthLevel, type SecurityLevels } from "./security.js";
export {
  loadPagingOverrides,
  derivePaging,
  type PagingOverride,
  type PagingOverrides,
} from "./paging.js";
export {
  loadMethodNamesConfig,
  parseMethodNamesConfig,
  planResources,
  METHOD_NAMES_PATH,
  type MethodNamesConfig,
  type PlannedNamespace,
  type PlannedMethod,
} from "./resource-names.js";
export { registrySource, runtimeOperations, type RuntimeOperation } from "./emit-registry.js";
export { resourcesSource } from "./emit-resources.js";
export { schemaSource } from "./emit-schema.js";
export type { EmittedFile, FileOutcome, FileStatus } from "./output.js";
