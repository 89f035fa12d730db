/**
 * `startSandbox`: a local Altegio API on loopback, driven by the description. See docs/sandbox.md.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { ConfigurationError, InvalidArgumentError } from "altegio-sdk";
import {
  AuthRegistry,
  DEFAULT_PARTNER_TOKEN,
  DEFAULT_USERS,
  type SandboxUser,
  type SandboxUserOptions,
} from "./auth.js";
import { readBody } from "./body.js";
import { CONTROL_PREFIX, handleControl, type ControlTarget } from "./control.js";
import { corsHeaders, isPreflight, type CorsOption } from "./cors.js";
import {
  basePathOf,
  findSecurityLevels,
  indexOperations,
  loadDescription,
  type SecurityLevels,
} from "./description.js";
import { Dispatcher, problemAnswer, type Outcome } from "./dispatch.js";
import { FaultController, type FaultRule } from "./faults.js";
import { SchemaMocker } from "./mock.js";
import { OpenApiEngine } from "./openapi.js";
import { API_RATE_LIMIT, SlidingWindowLimiter, type RateLimitConfig } from "./rate-limit.js";
import { SandboxState } from "./state/store.js";

export interface SandboxOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** A loopback address only; default `127.0.0.1`. */
  host?: string;
  /** The partner token requests must bear; default `sandbox-partner-token`. */
  partnerToken?: string;
  /** Users who may log in with `POST /auth`; default an owner and a front-desk admin. */
  users?: SandboxUserOptions[];
  /** The API's limit (5/s and 200/min per address) by default; false turns it off. */
  rateLimit?: boolean | Partial<RateLimitConfig>;
  /** Picks the seeded names, phones and bookings; default 1. */
  seed?: number;
  /** The day the seeded calendar is built around; default today (UTC). */
  seedDate?: Date | string;
  /** The description: a parsed object or a `.json`/`.yaml` path; default `generated/openapi.json`. */
  description?: string | object;
  /** Scheme name → auth level; default the codegen's `openapi/security.json`. */
  securityLevels?: SecurityLevels;
  /**
   * CORS mode, off by default: `true` lets a page of any origin call the API and the control API
   * (`Access-Control-Allow-Origin: *`, preflights answered 204), a list only those origins.
   */
  cors?: CorsOption;
}

export interface RequestRecord {
  /** ISO time the request arrived. */
  time: string;
  method: string;
  /** Path and query as received (no headers or bodies are kept). */
  url: string;
  operationId: string | undefined;
  /** 0 when a fault dropped the connection before the status line. */
  status: number;
  durationMs: number;
  address: string;
  fault: FaultRule["type"] | undefined;
}

export interface SandboxStats {
  total: number;
  byStatus: Record<string, number>;
  byOperation: Record<string, number>;
  rateLimited: number;
  entities: Record<string, number>;
}

/** The fault switches (see faults.ts for the rule shapes). */
export interface SandboxFaults {
  set(rules: FaultRule | readonly FaultRule[]): void;
  add(rule: FaultRule): void;
  clear(): void;
  list(): (FaultRule & { remaining: number | null })[];
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** What to give the SDK as base URL: `url` + the production server's path (`/api/v1`). */
  readonly baseUrl: string;
  readonly port: number;
  /** `url` + `/__sandbox`: the HTTP control API. */
  readonly controlUrl: string;
  readonly partnerToken: string;
  /** The users and their current passwords. */
  readonly users: readonly SandboxUser[];
  readonly description: { title: string; version: string; operations: number; basePath: string };
  readonly faults: SandboxFaults;
  /** The most recent requests (up to 1000), oldest first. */
  readonly requests: readonly RequestRecord[];
  /** Milliseconds `startSandbox` took, description loading included. */
  readonly startupMs: number;
  /** The live data (locations, clients, services, staff, appointments...), for assertions. */
  readonly state: SandboxState;
  stats(): SandboxStats;
  /** Changes a user's password; every token that user holds then gets 401. */
  changePassword(login: string, newPassword: string): void;
  /** A valid user token without an HTTP login. */
  issueUserToken(login: string): string;
  setRateLimit(limit: boolean | Partial<RateLimitConfig>): void;
  /** Reseeds the data and restores passwords, faults, rate limit and logs as at start. */
  reset(): void;
  close(): Promise<void>;
}

const LOG_LIMIT = 1000;

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function rateConfig(
  limit: boolean | Partial<RateLimitConfig> | undefined,
): RateLimitConfig | false {
  if (limit === false) return false;
  if (limit === undefined || limit === true) return { ...API_RATE_LIMIT };
  return { ...API_RATE_LIMIT, ...limit };
}

function anchorDay(seedDate: Date | string | undefined): Date {
  const date = seedDate === undefined ? new Date() : new Date(seedDate);
  if (Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError("seedDate", "seedDate is not a date");
  }
  return date;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const started = performance.now();
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host)) {
    throw new InvalidArgumentError("host", "The sandbox listens on loopback addresses only");
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError("port", "port must be an integer from 0 to 65535");
  }
  const loaded = await loadDescription(options.description);
  const basePath = basePathOf(loaded);
  const engine = await OpenApiEngine.create(loaded, basePath);
  const document = engine.document;
  const operations = indexOperations(document, options.securityLevels ?? findSecurityLevels());
  if (operations.size === 0) throw new ConfigurationError("The description has no operations");

  const instance = new SandboxInstance(options, engine, operations, basePath, {
    title: String(document.info.title ?? ""),
    version: String(document.info.version ?? ""),
    operations: operations.size,
    basePath,
  });
  await instance.listen(host, port);
  instance.startupMs = Math.round(performance.now() - started);
  return instance;
}

class SandboxInstance implements Sandbox, ControlTarget {
  url = "";
  baseUrl = "";
  port = 0;
  controlUrl = "";
  startupMs = 0;
  readonly partnerToken: string;
  readonly state: SandboxState;
  readonly faults: FaultController;
  readonly requests: RequestRecord[] = [];
  private readonly auth: AuthRegistry;
  private readonly initialRateLimit: RateLimitConfig | false;
  private limiter: SlidingWindowLimiter | undefined;
  private readonly dispatcher: Dispatcher;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly cors: CorsOption | undefined;
  private counters = {
    total: 0,
    rateLimited: 0,
    byStatus: {} as Record<string, number>,
    byOperation: {} as Record<string, number>,
  };

  constructor(
    options: SandboxOptions,
    engine: OpenApiEngine,
    operations: ReturnType<typeof indexOperations>,
    private readonly basePath: string,
    readonly description: Sandbox["description"],
  ) {
    this.partnerToken = options.partnerToken ?? DEFAULT_PARTNER_TOKEN;
    this.auth = new AuthRegistry(this.partnerToken, options.users ?? DEFAULT_USERS);
    const seed = options.seed ?? 1;
    this.state = new SandboxState(seed, anchorDay(options.seedDate));
    this.faults = new FaultController(seed);
    this.initialRateLimit = rateConfig(options.rateLimit);
    this.cors = options.cors;
    this.limiter = this.initialRateLimit
      ? new SlidingWindowLimiter(this.initialRateLimit)
      : undefined;
    this.dispatcher = new Dispatcher({
      engine,
      mocker: new SchemaMocker(engine.document),
      operations,
      auth: this.auth,
      state: this.state,
      faults: this.faults,
      limiter: () => this.limiter,
    });
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    this.port = address.port;
    const printable = address.family === "IPv6" ? `[${address.address}]` : address.address;
    this.url = `http://${printable}:${address.port}`;
    this.baseUrl = `${this.url}${this.basePath}`;
    this.controlUrl = `${this.url}${CONTROL_PREFIX}`;
  }

  get users(): SandboxUser[] {
    return this.auth.list();
  }

  changePassword(login: string, newPassword: string): void {
    this.auth.changePassword(login, newPassword);
  }

  issueUserToken(login: string): string {
    return this.auth.issueToken(login);
  }

  setRateLimit(limit: boolean | Partial<RateLimitConfig>): void {
    const config = rateConfig(limit === true ? (this.limiter?.limits ?? true) : limit);
    if (!config) this.limiter = undefined;
    else if (this.limiter) this.limiter.configure(config);
    else this.limiter = new SlidingWindowLimiter(config);
  }

  rateLimit(): RateLimitConfig | false {
    return this.limiter?.limits ?? false;
  }

  reset(): void {
    this.state.reset();
    this.auth.reset();
    this.faults.clear();
    this.limiter = this.initialRateLimit
      ? new SlidingWindowLimiter(this.initialRateLimit)
      : undefined;
    this.requests.length = 0;
    this.counters = { total: 0, rateLimited: 0, byStatus: {}, byOperation: {} };
  }

  stats(): SandboxStats {
    return {
      total: this.counters.total,
      byStatus: { ...this.counters.byStatus },
      byOperation: { ...this.counters.byOperation },
      rateLimited: this.counters.rateLimited,
      entities: this.state.counts(),
    };
  }

  info(): Record<string, unknown> {
    return {
      baseUrl: this.baseUrl,
      controlUrl: this.controlUrl,
      description: this.description,
      users: this.users.map(({ id, login, name, phone, email }) => ({
        id,
        login,
        name,
        phone,
        email,
      })),
      rateLimit: this.rateLimit(),
    };
  }

  recentRequests(): RequestRecord[] {
    return [...this.requests];
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    const cors = corsHeaders(this.cors, req);
    if (cors && isPreflight(req)) {
      // Not an API request: not validated, rate limited or logged.
      req.resume();
      res.writeHead(204, cors).end();
      return;
    }
    let outcome: Outcome;
    try {
      const body = await readBody(req);
      if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
        const answer = handleControl(this, req.method ?? "GET", url.pathname, body);
        write(res, { answer }, cors);
        return;
      }
      outcome = await this.dispatcher.handle({
        method: (req.method ?? "GET").toLowerCase(),
        pathname: url.pathname,
        query: url.search.replace(/^\?/, ""),
        headers: req.headers,
        body,
        address: clientAddress(req),
      });
    } catch (error) {
      outcome = { answer: problemAnswer(error) };
    }
    write(res, outcome, cors);
    this.record(req, url, outcome, performance.now() - arrived);
  }

  private record(req: IncomingMessage, url: URL, outcome: Outcome, ms: number): void {
    const status = outcome.drop === "before-headers" ? 0 : outcome.answer.status;
    this.counters.total += 1;
    this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1;
    if (outcome.operationId) {
      this.counters.byOperation[outcome.operationId] =
        (this.counters.byOperation[outcome.operationId] ?? 0) + 1;
    }
    if (status === 429 && outcome.fault === undefined) this.counters.rateLimited += 1;
    this.requests.push({
      time: new Date().toISOString(),
      method: (req.method ?? "GET").toUpperCase(),
      url: `${url.pathname}${url.search}`,
      operationId: outcome.operationId,
      status,
      durationMs: Math.round(ms * 10) / 10,
      address: clientAddress(req),
      fault: outcome.fault,
    });
    if (this.requests.length > LOG_LIMIT) this.requests.splice(0, this.requests.length - LOG_LIMIT);
  }
}

function clientAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? "unknown").replace(/^::ffff:/, "");
}

/** Sends the answer, or breaks the connection the way a fault asks. */
function write(
  res: ServerResponse,
  outcome: Pick<Outcome, "answer" | "drop">,
  cors?: Record<string, string>,
): void {
  const { answer, drop } = outcome;
  if (drop === "before-headers") {
    res.socket?.destroy();
    return;
  }
  const headers = { ...answer.headers, ...cors, "content-length": String(answer.body.length) };
  if (drop === "mid-body") {
    res.writeHead(answer.status, { ...headers, "content-length": String(answer.body.length + 64) });
    res.write(answer.body.subarray(0, Math.ceil(answer.body.length / 2)), () => {
      res.socket?.destroy();
    });
    return;
  }
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}
