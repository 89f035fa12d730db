/**
 * The control API under `/__sandbox`: the same switches as the programmatic API, over HTTP, for
 * tests written in other languages or a shell. Not rate limited, no credentials (loopback only).
 *
 *   GET    /__sandbox               what is served and where
 *   GET    /__sandbox/stats         request counters
 *   GET    /__sandbox/requests      the recent request log (no headers, no bodies)
 *   POST   /__sandbox/password      {login, password}: change a password, invalidating tokens
 *   GET    /__sandbox/faults        fault rules in force
 *   PUT    /__sandbox/faults        {rules: [...]} or one rule: replace the rules
 *   POST   /__sandbox/faults        one rule: add it
 *   DELETE /__sandbox/faults        clear every rule
 *   PUT    /__sandbox/rate-limit    {enabled, perSecond, perMinute}
 *   POST   /__sandbox/reset         reseed data, passwords, faults, limits, logs
 */
import { AltegioError } from "altegio-sdk";
import { type Answer, jsonAnswer } from "./dispatch.js";
import { failure, success } from "./envelope.js";
import type { FaultRule } from "./faults.js";
import type { RateLimitConfig } from "./rate-limit.js";

export const CONTROL_PREFIX = "/__sandbox";

/** What the control API needs from the sandbox. */
export interface ControlTarget {
  info(): Record<string, unknown>;
  stats(): unknown;
  recentRequests(): unknown;
  changePassword(login: string, password: string): void;
  faults: {
    set(rules: FaultRule | readonly FaultRule[]): void;
    add(rule: FaultRule): void;
    clear(): void;
    list(): unknown;
  };
  setRateLimit(limit: boolean | Partial<RateLimitConfig>): void;
  rateLimit(): RateLimitConfig | false;
  reset(): void;
}

export function handleControl(
  target: ControlTarget,
  method: string,
  pathname: string,
  rawBody: Buffer,
): Answer {
  const route = pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, "") || "/";
  let body: Record<string, unknown> = {};
  if (rawBody.length > 0) {
    try {
      const parsed: unknown = JSON.parse(rawBody.toString("utf8"));
      body =
        typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
    } catch {
      return jsonAnswer(400, failure("The control body is not valid JSON"));
    }
  }
  try {
    const key = `${method.toUpperCase()} ${route}`;
    switch (key) {
      case "GET /":
        return ok(target.info());
      case "GET /stats":
        return ok(target.stats());
      case "GET /requests":
        return ok(target.recentRequests());
      case "POST /password":
        target.changePassword(String(body.login ?? ""), String(body.password ?? ""));
        return ok({ login: body.login, tokens_invalidated: true });
      case "GET /faults":
        return ok(target.faults.list());
      case "PUT /faults":
        target.faults.set(
          Array.isArray(body.rules) ? (body.rules as FaultRule[]) : (body as unknown as FaultRule),
        );
        return ok(target.faults.list());
      case "POST /faults":
        target.faults.add(body as unknown as FaultRule);
        return ok(target.faults.list());
      case "DELETE /faults":
        target.faults.clear();
        return ok([]);
      case "PUT /rate-limit": {
        const { enabled, ...limits } = body;
        target.setRateLimit(enabled === false ? false : (limits as Partial<RateLimitConfig>));
        return ok({ rate_limit: target.rateLimit() });
      }
      case "POST /reset":
        target.reset();
        return ok({ reset: true });
      default:
        return jsonAnswer(404, failure(`No control endpoint ${key} under ${CONTROL_PREFIX}`));
    }
  } catch (error) {
    if (error instanceof AltegioError) return jsonAnswer(400, failure(error.message));
    throw error;
  }
}

function ok(data: unknown): Answer {
  return jsonAnswer(200, success(data));
}
