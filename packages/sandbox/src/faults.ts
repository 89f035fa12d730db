/**
 * Fault switches for tests: slow answers, 5xx bursts, dropped connections, bodies that are not
 * the promised JSON, and 429s. Each rule matches some operations, fires a bounded number of times
 * or with a probability (from a seeded generator, so runs repeat), then stays quiet.
 */
import { InvalidArgumentError } from "altegio-sdk";

interface FaultScope {
  /** operationIds this rule applies to; every operation when omitted. */
  operations?: string[];
  /** How many matching requests the rule affects; unlimited when omitted. */
  times?: number;
  /** Chance (0..1) that a matching request is affected; 1 when omitted. */
  probability?: number;
}

export interface LatencyFault extends FaultScope {
  type: "latency";
  ms: number;
}

export interface StatusFault extends FaultScope {
  type: "status";
  /** 500, 502, 503, 504... any 4xx/5xx. */
  status: number;
  /**
   * When true the operation runs first (a write is applied) and only its answer is replaced: the
   * case where a client cannot know whether its POST took effect.
   */
  afterHandler?: boolean;
}

export interface DropFault extends FaultScope {
  type: "drop";
  /** `before-headers`: the socket closes with no answer; `mid-body`: after headers and part of the body. */
  when: "before-headers" | "mid-body";
  afterHandler?: boolean;
}

export interface MalformedFault extends FaultScope {
  type: "malformed";
  /** `html`: a proxy's HTML error page; `truncated-json`: the real JSON answer cut in half. */
  body: "html" | "truncated-json";
  /** Status sent with the HTML page (default 502); truncated JSON keeps the real status. */
  status?: number;
}

export interface RateLimitFault extends FaultScope {
  type: "rate-limit";
  /** Seconds for `Retry-After`; null sends the 429 without the header. Default 1. */
  retryAfter?: number | null;
}

export type FaultRule = LatencyFault | StatusFault | DropFault | MalformedFault | RateLimitFault;

/** What the server does to one request, decided once when it is routed. */
export interface FaultPlan {
  latencyMs: number;
  /** The fault that replaces or breaks the answer, if any. */
  outcome: Exclude<FaultRule, LatencyFault> | undefined;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

export class FaultController {
  private rules: ActiveRule[] = [];
  private random: () => number;

  constructor(private readonly seed: number) {
    this.random = seededRandom(seed);
  }

  /** Replaces every rule with these. */
  set(rules: FaultRule | readonly FaultRule[]): void {
    const list = Array.isArray(rules) ? rules : [rules as FaultRule];
    const checked = list.map((rule, index) => checkRule(rule, `faults[${index}]`));
    this.rules = checked.map((rule) => ({ rule, remaining: rule.times ?? Infinity }));
  }

  /** Adds one rule to those in force. */
  add(rule: FaultRule): void {
    const checked = checkRule(rule, "fault");
    this.rules.push({ rule: checked, remaining: checked.times ?? Infinity });
  }

  clear(): void {
    this.rules = [];
    this.random = seededRandom(this.seed);
  }

  /** The rules still in force, with how many times each may still fire. */
  list(): (FaultRule & { remaining: number | null })[] {
    return this.rules.map(({ rule, remaining }) => ({
      ...rule,
      remaining: Number.isFinite(remaining) ? remaining : null,
    }));
  }

  /** Consumes the rules that fire for this request. */
  plan(operationId: string): FaultPlan {
    let latencyMs = 0;
    let outcome: FaultPlan["outcome"];
    for (const active of this.rules) {
      const { rule } = active;
      if (active.remaining <= 0) continue;
      if (rule.operations && !rule.operations.includes(operationId)) continue;
      if (rule.type !== "latency" && outcome) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      active.remaining -= 1;
      if (rule.type === "latency") latencyMs += rule.ms;
      else outcome = rule;
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return { latencyMs, outcome };
  }
}

const TYPES = new Set(["latency", "status", "drop", "malformed", "rate-limit"]);

function checkRule(rule: FaultRule, where: string): FaultRule {
  const fail = (field: string, message: string): never => {
    throw new InvalidArgumentError(`${where}.${field}`, `${where}.${field} ${message}`);
  };
  if (typeof rule !== "object" || rule === null || !TYPES.has(rule.type)) {
    fail("type", "must be one of latency, status, drop, malformed, rate-limit");
  }
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 1)) {
    fail("times", "must be a positive integer");
  }
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    fail("probability", "must be between 0 and 1");
  }
  if (
    rule.operations !== undefined &&
    !(Array.isArray(rule.operations) && rule.operations.every((o) => typeof o === "string"))
  ) {
    fail("operations", "must be a list of operationIds");
  }
  switch (rule.type) {
    case "latency":
      if (!(rule.ms >= 0 && rule.ms <= 120_000)) fail("ms", "must be between 0 and 120000");
      break;
    case "status":
      if (!(Number.isInteger(rule.status) && rule.status >= 400 && rule.status <= 599)) {
        fail("status", "must be an HTTP error status (400-599)");
      }
      break;
    case "drop":
      if (rule.when !== "before-headers" && rule.when !== "mid-body") {
        fail("when", "must be before-headers or mid-body");
      }
      break;
    case "malformed":
      if (rule.body !== "html" && rule.body !== "truncated-json") {
        fail("body", "must be html or truncated-json");
      }
      break;
    case "rate-limit":
      if (
        rule.retryAfter !== undefined &&
        rule.retryAfter !== null &&
        !(Number.isInteger(rule.retryAfter) && rule.retryAfter >= 0)
      ) {
        fail("retryAfter", "must be a whole number of seconds or null");
      }
      break;
  }
  return { ...rule };
}

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
