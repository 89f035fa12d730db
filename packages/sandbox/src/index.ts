/**
 * The Altegio sandbox (`altegio-sdk-sandbox`): a local API server for offline development and
 * tests. A package of its own: the SDK (`altegio-sdk`) never imports it; it imports the SDK's
 * error classes and auth-level rule.
 */
export {
  startSandbox,
  type RequestRecord,
  type Sandbox,
  type SandboxFaults,
  type SandboxOptions,
  type SandboxStats,
} from "./sandbox.js";
export {
  DEFAULT_PARTNER_TOKEN,
  DEFAULT_USERS,
  type SandboxUser,
  type SandboxUserOptions,
} from "./auth.js";
export type {
  DropFault,
  FaultRule,
  LatencyFault,
  MalformedFault,
  RateLimitFault,
  StatusFault,
} from "./faults.js";
export type { RateLimitConfig } from "./rate-limit.js";
export type { CorsOption } from "./cors.js";
export { CONTROL_PREFIX } from "./control.js";
export { API_ACCEPT } from "./dispatch.js";
