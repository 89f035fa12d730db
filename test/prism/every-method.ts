/**
 * Calls every facade method once, with arguments from the description (args.ts), through a fetch
 * that sees each request on the wire: what it accepted, which query names it sent, and what Prism
 * said of it (the `sl-violations` header, Prism's own error answers). The one known mismatch, the
 * vendor's required `Accept: application/vnd.api.v2+json` against responses declared as
 * `application/json`, is handled here and only here: the header is checked to be exactly what the
 * SDK must send, then (mock mode) `application/json` takes its place for Prism's content
 * negotiation.
 */
import {
  createAltegioClient,
  type AltegioClient,
  type AltegioClientOptions,
} from "../../src/index.js";
import { operations } from "../../generated/registry.js";
import { callFor, type Call } from "./args.js";
import { violationsOf, type Violation } from "./prism.js";

export const VENDOR_ACCEPT = "application/vnd.api.v2+json";

export interface Seen {
  method: string;
  url: string;
  accept: string | null;
  status: number;
  /** `request.*` / `response.*` entries of `sl-violations`, as `where: message`. */
  violations: string[];
  /** Prism's own refusal (404 no route, 406 not acceptable, 401…): its problem `type`. */
  prismError?: string;
}

export interface Outcome {
  call: Call;
  seen: Seen[];
  /** The facade call's result: "ok" or the error's name. */
  result: string;
}

/** Every operation with a facade method, in registry order. */
export const facadeOperations = Object.entries(operations)
  .filter(([, meta]) => typeof (meta as { facade?: string }).facade === "string")
  .map(([id]) => id);

/** The request problems of one outcome: what the test requires to be empty. */
export function requestProblems(
  outcome: Outcome,
  expectedAccept: (id: string) => string,
): string[] {
  const problems: string[] = [];
  const id = outcome.call.operationId;
  if (outcome.seen.length === 0) problems.push(`no request reached Prism (${outcome.result})`);
  for (const seen of outcome.seen) {
    const path = new URL(seen.url).pathname;
    const isLogin = path.endsWith("/auth") && id !== "authorize_user";
    if (isLogin) continue; // the session's own login: checked as authorize_user
    for (const v of seen.violations) if (v.startsWith("request")) problems.push(v);
    if (seen.prismError) problems.push(`Prism answered ${seen.status} ${seen.prismError}`);
    if (seen.accept !== expectedAccept(id)) problems.push(`Accept: ${seen.accept}`);
    for (const name of new URL(seen.url).searchParams.keys()) {
      if (!outcome.call.declaredQuery.includes(name)) {
        problems.push(`query ${name}: not a parameter of the description`);
      }
    }
  }
  return [...new Set(problems)];
}

export function responseProblems(outcome: Outcome): string[] {
  return outcome.seen.flatMap((s) => s.violations.filter((v) => v.startsWith("response")));
}

function describeViolation(v: Violation): string {
  return `${v.location.join(".")}: ${v.message}`;
}

/** A client whose every request is recorded into `sink` (and its Accept handled, see above). */
export function recordingClient(
  options: Partial<AltegioClientOptions> & { baseUrl: string; partnerToken: string },
  sink: () => Seen[],
  /**
   * Mock mode: Prism negotiates the answer from Accept, and the description declares only
   * `application/json`. Proxy mode: the sandbox (like the API) refuses anything but the vendor's
   * type, and Prism validates the answer's own Content-Type, so Accept goes through unchanged.
   */
  rewriteAccept = true,
): AltegioClient {
  return createAltegioClient({
    rateLimit: false,
    retry: false,
    ...options,
    fetch: async (request: Request) => {
      const accept = request.headers.get("accept");
      const headers = new Headers(request.headers);
      if (accept !== null && rewriteAccept) {
        headers.set("accept", accept.replace(VENDOR_ACCEPT, "application/json"));
      }
      const body = ["GET", "HEAD"].includes(request.method)
        ? undefined
        : await request.arrayBuffer();
      const response = await fetch(request.url, {
        method: request.method,
        headers,
        body,
        signal: request.signal,
      });
      const seen: Seen = {
        method: request.method,
        url: request.url,
        accept,
        status: response.status,
        violations: violationsOf(response).map(describeViolation),
      };
      const type = response.headers.get("content-type") ?? "";
      if (type.includes("problem+json")) {
        const problem = (await response
          .clone()
          .json()
          .catch(() => ({}))) as { type?: string };
        if (problem.type?.includes("stoplight.io/prism")) seen.prismError = problem.type;
      }
      sink().push(seen);
      return response;
    },
  });
}

/** Calls each operation's facade method in turn; `adjust` may change a call's arguments. */
export async function callEveryMethod(
  altegio: AltegioClient,
  seen: { current: Seen[] },
  adjust: (call: Call) => Call = (call) => call,
  only: readonly string[] = facadeOperations,
): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>();
  for (const operationId of only) {
    const call = adjust(callFor(operationId));
    const namespace = (altegio as unknown as Record<string, Record<string, unknown>>)[
      call.namespace
    ];
    const method = namespace?.[call.method] as ((params: unknown) => Promise<unknown>) | undefined;
    const outcome: Outcome = { call, seen: [], result: "ok" };
    seen.current = outcome.seen;
    if (typeof method !== "function") outcome.result = "no such facade method";
    else {
      try {
        await method(call.params);
      } catch (error) {
        outcome.result = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
    outcomes.set(operationId, outcome);
  }
  return outcomes;
}
