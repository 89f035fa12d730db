/**
 * One API request through the sandbox, in the order the API checks things:
 *
 *   rate limit (429) → route (404/405) → faults → Accept (406) → Authorization (401)
 *   → Content-Type and body parsing (415/400) → validation against the description (400/422)
 *   → location exists (404) → stateful handler or schema mock → envelope
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Operation } from "openapi-backend";
import type { FieldErrors } from "altegio-sdk";
import type { AuthRegistry } from "./auth.js";
import { parseBody } from "./body.js";
import type { SandboxOperation } from "./description.js";
import { SandboxProblem, failure, success, type Meta } from "./envelope.js";
import type { FaultController, FaultRule } from "./faults.js";
import { statefulHandlers, type HandlerOutput } from "./handlers/index.js";
import type { SchemaMocker } from "./mock.js";
import type { OpenApiEngine, ValidationIssue } from "./openapi.js";
import type { SlidingWindowLimiter } from "./rate-limit.js";
import type { SandboxState } from "./state/store.js";

export const API_ACCEPT = "application/vnd.api.v2+json";

export interface IncomingCall {
  method: string;
  /** URL path, base path included, no query. */
  pathname: string;
  /** Raw query string without `?`. */
  query: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The client's address, the rate limit's key. */
  address: string;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Outcome {
  answer: Answer;
  /** Set when a fault closes the connection instead of (or in the middle of) the answer. */
  drop?: "before-headers" | "mid-body";
  operationId?: string;
  /** The fault type that shaped this outcome, for the request log. */
  fault?: FaultRule["type"];
}

export interface DispatchDeps {
  engine: OpenApiEngine;
  mocker: SchemaMocker;
  operations: ReadonlyMap<string, SandboxOperation>;
  auth: AuthRegistry;
  state: SandboxState;
  faults: FaultController;
  /** undefined when the rate limit is off. */
  limiter: () => SlidingWindowLimiter | undefined;
}

const LOCATION_PARAMS = ["location_id", "company_id", "salon_id"] as const;

const BAD_GATEWAY_PAGE =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
  "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/** A one-page PDF, for the operation that answers `application/pdf`. */
const SAMPLE_PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

export function jsonAnswer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Answer {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}

export function problemAnswer(error: unknown): Answer {
  if (error instanceof SandboxProblem) return jsonAnswer(error.status, error.body(), error.headers);
  // A bug in the sandbox itself: say so, without internals.
  console.error("[altegio-sandbox] internal error:", error);
  return jsonAnswer(500, failure("Sandbox internal error"));
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Dispatcher {
  constructor(private readonly deps: DispatchDeps) {}

  async handle(call: IncomingCall): Promise<Outcome> {
    let operationId: string | undefined;
    try {
      const limiter = this.deps.limiter();
      const decision = limiter?.check(call.address);
      if (limiter && decision && !decision.allowed) {
        const { perSecond, perMinute } = limiter.limits;
        throw new SandboxProblem(
          429,
          `Too many requests: at most ${perSecond} per second and ${perMinute} per minute per address`,
          undefined,
          "envelope",
          { "retry-after": String(decision.retryAfterSeconds) },
        );
      }
      const route = this.deps.engine.route(call.method, call.pathname);
      const operation = this.deps.operations.get(String(route.operationId));
      if (!operation) throw new SandboxProblem(404, "Not found", undefined, "coded");
      operationId = operation.operationId;

      const plan = this.deps.faults.plan(operation.operationId);
      if (plan.latencyMs > 0) await delay(plan.latencyMs);
      const fault = plan.outcome;
      const runsHandler =
        fault === undefined ||
        ((fault.type === "status" || fault.type === "drop") && fault.afterHandler === true) ||
        (fault.type === "malformed" && fault.body === "truncated-json");
      const answer = runsHandler ? await this.execute(operation, route, call) : undefined;
      if (!fault) return { answer: answer as Answer, operationId };
      const faulty = faultOutcome(fault, answer);
      faulty.answer.headers["x-sandbox-operation-id"] = operation.operationId;
      return { ...faulty, operationId, fault: fault.type };
    } catch (error) {
      const answer = problemAnswer(error);
      if (operationId) answer.headers["x-sandbox-operation-id"] = operationId;
      return { answer, operationId };
    }
  }

  /** Checks and runs one routed request; every refusal becomes the API's error answer. */
  private async execute(
    op: SandboxOperation,
    route: Operation,
    call: IncomingCall,
  ): Promise<Answer> {
    try {
      checkAccept(op, call.headers.accept);
      const caller = this.deps.auth.authenticate(call.headers.authorization, op.auth);
      const body = await parseBody(op, call.headers["content-type"], call.body);
      const checked = this.deps.engine.check(
        {
          method: call.method,
          path: call.pathname,
          query: call.query,
          headers: flatHeaders(call.headers),
          body: body.value,
        },
        route,
      );
      if (!checked.valid) throw validationProblem(checked.issues);
      this.checkLocation(checked.params);
      const handler = statefulHandlers[op.operationId];
      const output: HandlerOutput = handler
        ? handler({
            operation: op,
            params: checked.params,
            query: checked.query,
            body: body.value,
            files: body.files,
            caller,
            state: this.deps.state,
            auth: this.deps.auth,
          })
        : await this.mock(op);
      return this.successAnswer(op, output);
    } catch (error) {
      const answer = problemAnswer(error);
      answer.headers["x-sandbox-operation-id"] = op.operationId;
      return answer;
    }
  }

  private checkLocation(params: Record<string, unknown>): void {
    for (const name of LOCATION_PARAMS) {
      if (params[name] === undefined) continue;
      if (!this.deps.state.locations.get(Number(params[name]))) {
        throw new SandboxProblem(404, "Location not found");
      }
    }
  }

  private async mock(op: SandboxOperation): Promise<HandlerOutput> {
    if (op.successStatus === 204 || !op.responseType || !/json/i.test(op.responseType)) {
      return { data: null };
    }
    const mock = await this.deps.mocker.mock(op.operationId, op.successStatus, op.responseType);
    if (!op.envelope) return { data: mock };
    const envelope = (typeof mock === "object" && mock !== null ? mock : {}) as Record<
      string,
      unknown
    >;
    const data = envelope.data === undefined ? null : envelope.data;
    // The schema's mock meta would fill every optional field with placeholders; a count is saner.
    return { data, meta: Array.isArray(data) ? { total_count: data.length } : [] };
  }

  private successAnswer(op: SandboxOperation, output: HandlerOutput): Answer {
    const status = output.status ?? op.successStatus;
    const headers = { "x-sandbox-operation-id": op.operationId };
    if (status === 204) return { status, headers, body: Buffer.alloc(0) };
    if (op.responseType === "application/pdf") {
      return {
        status,
        headers: { ...headers, "content-type": "application/pdf" },
        body: SAMPLE_PDF,
      };
    }
    const body = op.envelope ? success(output.data, output.meta ?? []) : output.data;
    return jsonAnswer(status, body, headers);
  }
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
  return out;
}

/** The API wants `Accept: application/vnd.api.v2+json`; the PDF receipt also takes `application/pdf`. */
function checkAccept(op: SandboxOperation, accept: string | undefined): void {
  const types = (accept ?? "").split(",").map((part) => part.split(";")[0]!.trim().toLowerCase());
  if (types.includes(API_ACCEPT)) return;
  if (
    op.responseType &&
    op.responseType !== "application/json" &&
    types.includes(op.responseType)
  ) {
    return;
  }
  throw new SandboxProblem(
    406,
    accept
      ? `Accept header ${accept} is not supported: send Accept: ${API_ACCEPT}`
      : `Accept header is required: send Accept: ${API_ACCEPT}`,
  );
}

/** 422 when the body is wrong (business validation), 400 when only parameters are. */
function validationProblem(issues: ValidationIssue[]): SandboxProblem {
  const fieldErrors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.field || (issue.in === "body" ? "body" : issue.in);
    const text = issue.field ? `${issue.field} ${issue.message}` : issue.message;
    const messages = (fieldErrors[key] ??= []);
    if (!messages.includes(text)) messages.push(text);
  }
  const inBody = issues.some((issue) => issue.in === "body");
  const unparsable = issues.some(
    (issue) => issue.in === "body" && issue.field === "" && /JSON/.test(issue.message),
  );
  const summary = Object.values(fieldErrors).flat().slice(0, 3).join("; ");
  return new SandboxProblem(
    inBody && !unparsable ? 422 : 400,
    `Validation failed: ${summary}`,
    fieldErrors,
  );
}

function faultOutcome(
  fault: Exclude<FaultRule, { type: "latency" }>,
  answer: Answer | undefined,
): Omit<Outcome, "operationId"> {
  switch (fault.type) {
    case "status":
      return {
        answer: jsonAnswer(
          fault.status,
          failure(`Simulated ${fault.status} from the sandbox fault switch`),
        ),
      };
    case "drop":
      return {
        answer: answer ?? jsonAnswer(200, success({ note: "this answer is cut off" })),
        drop: fault.when,
      };
    case "rate-limit":
      return {
        answer: jsonAnswer(
          429,
          failure("Too many requests"),
          fault.retryAfter === null ? {} : { "retry-after": String(fault.retryAfter ?? 1) },
        ),
      };
    case "malformed":
      if (fault.body === "html" || !answer) {
        return {
          answer: {
            status: fault.status ?? 502,
            headers: { "content-type": "text/html" },
            body: Buffer.from(BAD_GATEWAY_PAGE),
          },
        };
      }
      return {
        answer: {
          status: answer.status,
          headers: { ...answer.headers, "content-type": "application/json; charset=utf-8" },
          body: answer.body.subarray(0, Math.max(1, Math.floor(answer.body.length / 2))),
        },
      };
  }
}
