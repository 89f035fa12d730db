/**
 * `altegio.paginate()` / `collectAll()`: the API's four paging styles (registry `paging`) as one
 * walk, fed by a planner per style (a generator yielding each request's params, handed back the
 * page that answered). The walk never runs forever: `maxPages`, a page identical to the one
 * before, a window already asked for and the signal all stop it.
 */
import type { OperationId, operations as registryOperations } from "../../generated/registry.js";
import type { Envelope, EnvelopeMeta } from "../core/envelope.js";
import {
  AbortedError,
  InvalidArgumentError,
  PaginationError,
  type PaginationStopReason,
} from "../core/errors.js";
import type { Operation } from "../core/operation.js";
import type { CallOptions } from "../core/pipeline.js";
import type { MethodArgs, ResourceMethod, ResponseData } from "./types.js";

/** Operations the registry marks as paged: the ones `paginate` accepts. */
export type PagedOperationId = {
  [K in OperationId]: (typeof registryOperations)[K] extends { paging: string } ? K : never;
}[OperationId];

/** One item of a page: an element of `data` when it is an array, else the page's `data`. */
export type PageItem<Id extends OperationId> =
  ResponseData<Id> extends readonly (infer Item)[] ? Item : ResponseData<Id>;

export interface Page<Id extends OperationId> {
  /** 1 for the first page fetched by this walk. */
  readonly number: number;
  readonly data: ResponseData<Id>;
  readonly items: PageItem<Id>[];
  readonly meta: EnvelopeMeta;
  readonly response: Response;
}

export interface PaginateOptions extends CallOptions {
  /** Most requests one walk may send (default 1000); reaching it throws PaginationError. */
  maxPages?: number;
  /** Items per page (`count` / `page_size`); body-page allows 1 to 200. */
  pageSize?: number;
  /** date-window: days per request (default 31). */
  windowDays?: number;
}

export interface CollectOptions extends PaginateOptions {
  /** Most items to collect (default 10,000). */
  max?: number;
  /** With more than `max` items: false (default) throws PaginationError `max_items`, true returns the first `max`. */
  truncate?: boolean;
}

export interface Paginator<Id extends OperationId> extends AsyncIterable<PageItem<Id>> {
  /** The same walk, page by page (data, items, meta, Response). */
  pages(): AsyncIterable<Page<Id>>;
}

/** A facade method (e.g. `altegio.appointments.list`) or its operationId. */
export type PaginationSource<Id extends OperationId> = ResourceMethod<Id> | Id;

export interface PaginationMethods {
  /** Walks every page of a paged operation; iterate for items or call `.pages()`. */
  paginate<Id extends PagedOperationId>(
    source: PaginationSource<Id>,
    ...args: MethodArgs<Id, PaginateOptions>
  ): Paginator<Id>;
  /** Every item of every page, at most `max` (see CollectOptions). */
  collectAll<Id extends PagedOperationId>(
    source: PaginationSource<Id>,
    ...args: MethodArgs<Id, CollectOptions>
  ): Promise<PageItem<Id>[]>;
}

/** What pagination needs from the client: operations, and their facade call (`withResponse`). */
export interface PaginationCore {
  operation(operationId: string): Operation;
  call(operationId: string, params: Params, options: CallOptions): Promise<Envelope>;
}

type Params = Record<string, unknown>;
type LoosePage = Page<OperationId> & { items: unknown[]; data: unknown };
/** Yields the params of each request; `next(page)` hands it the page that answered. */
type Planner = Generator<Params, void, LoosePage>;
type Stop = (reason: PaginationStopReason, message: string) => PaginationError;

const STYLES: readonly unknown[] = ["page-count", "body-page", "meta-from-to", "date-window"];
const BODY_PAGE_MAX = 200;
const DAY_MS = 86_400_000;

export function createPagination(core: PaginationCore): PaginationMethods {
  const paginate = (source: unknown, params?: Params, options: PaginateOptions = {}) => {
    const operation = pagedOperation(core, source);
    for (const name of ["maxPages", "windowDays", "pageSize"] as const) {
      const max = name === "pageSize" && operation.paging === "body-page" ? BODY_PAGE_MAX : 0;
      if (options[name] !== undefined) positiveInteger(operation, name, options[name], max);
    }
    const pages = () => walk(core, operation, params ?? {}, options);
    return {
      pages,
      async *[Symbol.asyncIterator]() {
        const signal = options.signal;
        for await (const page of pages()) {
          for (const item of page.items) {
            // Stop at once on abort, not at the end of the page already read.
            if (signal?.aborted) throw abortedError(operation, page.number, signal);
            yield item;
          }
        }
      },
    };
  };

  const collectAll = async (source: unknown, params?: Params, options: CollectOptions = {}) => {
    const { max = 10_000, truncate = false, ...rest } = options;
    const operation = pagedOperation(core, source);
    positiveInteger(operation, "max", max);
    const items: unknown[] = [];
    for await (const page of paginate(operation.operationId, params, rest).pages()) {
      for (const item of page.items) {
        if (items.length === max) {
          if (truncate) return items;
          throw new PaginationError(
            "max_items",
            `${operation.operationId} has more than ${max} items; raise \`max\`, pass ` +
              "`truncate: true`, or iterate with paginate() instead.",
            { ...operation.context, pagesRead: page.number, itemsRead: max },
          );
        }
        items.push(item);
      }
    }
    return items;
  };

  return { paginate, collectAll } as unknown as PaginationMethods;
}

function pagedOperation(core: PaginationCore, source: unknown): Operation {
  const id =
    typeof source === "function" ? (source as { operationId?: unknown }).operationId : source;
  if (typeof id !== "string") {
    throw new InvalidArgumentError(
      "source",
      "paginate() takes a facade method (e.g. altegio.appointments.list) or an operationId.",
    );
  }
  const operation = core.operation(id);
  if (!STYLES.includes(operation.paging)) {
    throw invalid(
      operation,
      "source",
      "not paged (no paging style in the registry); call it directly.",
    );
  }
  return operation;
}

/** Sends the planner's requests one at a time, checking the signal, `maxPages` and repeats. */
async function* walk(
  core: PaginationCore,
  operation: Operation,
  params: Params,
  options: PaginateOptions,
): AsyncGenerator<LoosePage> {
  const { maxPages = 1000, pageSize, windowDays = 31, ...callOptions } = options;
  const { operationId, paging } = operation;
  let pagesRead = 0;
  let itemsRead = 0;
  let previous: string | undefined;
  const stop: Stop = (reason, message) =>
    new PaginationError(reason, message, { ...operation.context, pagesRead, itemsRead });
  const planner =
    paging === "meta-from-to"
      ? metaWindows(operation, params, stop)
      : paging === "date-window"
        ? dateWindows(operation, params, windowDays, maxPages, stop)
        : numberedPages(operation, params, pageSize, paging === "body-page");

  for (let next = planner.next(); !next.done;) {
    const signal = callOptions.signal;
    if (signal?.aborted) throw abortedError(operation, pagesRead, signal);
    if (pagesRead >= maxPages) {
      throw stop(
        "max_pages",
        `${operationId} still had pages after ${maxPages} requests; raise \`maxPages\` or ` +
          "narrow the filters.",
      );
    }
    const { data, meta, response } = await core.call(operationId, next.value, callOptions);
    const items = Array.isArray(data) ? (data as unknown[]) : isEmpty(data) ? [] : [data];
    // A page sent twice by the server would loop; date windows are ours, so never repeat.
    const fingerprint =
      paging !== "date-window" && items.length > 0 ? JSON.stringify(data) : undefined;
    if (fingerprint !== undefined && fingerprint === previous) {
      throw stop(
        "repeated_page",
        `The server sent page ${pagesRead + 1} of ${operationId} identical to the page before; ` +
          "stopped to avoid looping.",
      );
    }
    previous = fingerprint;
    pagesRead += 1;
    itemsRead += items.length;
    const page = { number: pagesRead, data, items, meta, response } as LoosePage;
    yield page;
    next = planner.next(page);
  }
}

/**
 * page-count (query `page` + `count`) and body-page (body `page` + `page_size`, 200 by default):
 * until a page is empty, `meta.total_count` items were read, or (no total) a page is shorter than
 * the page size (the one sent, else the first page's length).
 */
function* numberedPages(
  operation: Operation,
  params: Params,
  pageSize: number | undefined,
  inBody: boolean,
): Planner {
  const sizeName = inBody ? "page_size" : "count";
  const body = inBody ? bodyOf(operation, params) : undefined;
  const holder = body ?? params;
  const first = positiveInteger(operation, "page", holder.page ?? 1);
  const given = holder[sizeName];
  if (given !== undefined) positiveInteger(operation, sizeName, given);
  let size = pageSize ?? (given as number | undefined);
  if (inBody) size = positiveInteger(operation, sizeName, size ?? BODY_PAGE_MAX, BODY_PAGE_MAX);
  const sent = size; // undefined: the server's default, learned from the first page
  // Items before the first page asked for, to compare with meta.total_count (unknown: no compare).
  const skipped = first === 1 ? 0 : sent === undefined ? undefined : (first - 1) * sent;
  let read = 0;
  for (let page = first; ; page += 1) {
    const paging = sent === undefined ? { page } : { page, [sizeName]: sent };
    const result = yield inBody
      ? { ...params, body: { ...body, ...paging } }
      : { ...params, ...paging };
    read += result.items.length;
    if (result.items.length === 0 || !Array.isArray(result.data)) return;
    const total = numberOrUndefined(result.meta.total_count);
    if (total !== undefined && skipped !== undefined) {
      if (skipped + read >= total) return;
    } else {
      size ??= result.items.length;
      if (result.items.length < size) return;
    }
  }
}

/** meta-from-to: the next window comes back in `meta.from` / `meta.to`. */
function* metaWindows(operation: Operation, params: Params, stop: Stop): Planner {
  const body = bodyOf(operation, params);
  const windowOf = (b?: Params) => JSON.stringify([b?.from ?? null, b?.to ?? null]);
  const asked = new Set<string>();
  for (let request = params; ;) {
    asked.add(windowOf(request.body as Params | undefined));
    const { items, meta } = yield request;
    const next = { ...body, from: meta.from ?? null, to: meta.to ?? null };
    if (items.length === 0 || (next.from === null && next.to === null)) return;
    if (asked.has(windowOf(next))) {
      throw stop(
        "not_advancing",
        `The server answered ${operation.operationId} with a next window ` +
          `(${String(next.from)} – ${String(next.to)}) that was already read; stopped to avoid looping.`,
      );
    }
    request = { ...params, body: next };
  }
}

/** date-window: `start_date`..`end_date` split into windows of `days` days. */
function* dateWindows(
  operation: Operation,
  params: Params,
  days: number,
  maxPages: number,
  stop: Stop,
): Planner {
  const [start, end] = (["start_date", "end_date"] as const).map((name) => {
    const time = parseDay(params[name]);
    if (Number.isNaN(time)) {
      const got = JSON.stringify(params[name]);
      const why = `${name} must be a date like 2026-01-31 to split the range into windows`;
      throw invalid(operation, name, `${why}; got ${got}.`);
    }
    return time;
  }) as [number, number];
  if (start > end) throw invalid(operation, "start_date", "start_date is after end_date.");
  const windows = Math.ceil((end - start + DAY_MS) / (days * DAY_MS));
  if (windows > maxPages) {
    throw stop(
      "max_pages",
      `${operation.operationId}: ${windows} windows of ${days} day(s) exceed maxPages ` +
        `(${maxPages}); raise windowDays or maxPages.`,
    );
  }
  for (let from = start; from <= end; from += days * DAY_MS) {
    const to = Math.min(from + (days - 1) * DAY_MS, end);
    yield { ...params, start_date: isoDay(from), end_date: isoDay(to) };
  }
}

/** The time of a `YYYY-MM-DD` day at 00:00 UTC; NaN for anything else. */
export function parseDay(value: unknown): number {
  const ok = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
  return ok ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
}

export const isoDay = (time: number | Date) => new Date(time).toISOString().slice(0, 10);

function bodyOf(operation: Operation, params: Params): Params {
  const body = params.body ?? {};
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalid(operation, "body", "the body must be an object to be paged.");
  }
  return body as Params;
}

/** `data` with nothing in it: null, or an object whose arrays are all empty. */
function isEmpty(data: unknown): boolean {
  if (data === null || data === undefined) return true;
  if (typeof data !== "object") return false;
  const values = Object.values(data);
  return values.length === 0 || values.every((v) => Array.isArray(v) && v.length === 0);
}

function numberOrUndefined(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function invalid(operation: Operation, name: string, why: string): InvalidArgumentError {
  return new InvalidArgumentError(name, `${operation.operationId}: ${why}`, operation.context);
}

/** `value`, when it is an integer from 1 to `max` (0: no maximum). */
function positiveInteger(operation: Operation, name: string, value: unknown, max = 0): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    const got = JSON.stringify(value);
    throw invalid(operation, name, `${name} must be a positive integer; got ${got}.`);
  }
  if (max && value > max) {
    throw invalid(operation, name, `${name} is at most ${max}; got ${value}.`);
  }
  return value;
}

function abortedError(operation: Operation, pages: number, signal: AbortSignal): AbortedError {
  return new AbortedError(
    `Pagination of ${operation.operationId} was aborted after ${pages} page(s).`,
    operation.context,
    { cause: signal.reason },
  );
}
