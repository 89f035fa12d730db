/**
 * The Altegio sandbox: a local API server for offline development and tests. A separate entry
 * point: the SDK core never imports it.
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
export { CONTROL_PREFIX } from "./control.js";
export { API_ACCEPT } from "./dispatch.js";
