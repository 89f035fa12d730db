/**
 * `altegio.paginate(method, params, options)`: the API's four paging styles (registry `paging`)
 * as one async iterator of items (`.pages()` for whole pages); `collectAll` gathers them, capped.
 * - `page-count` (query `page` + `count`), `body-page` (body `page` + `page_size`, max 200): next
 *   page until one is empty, `meta.total_count` items were read, or (no total) a page is shorter
 *   than the page size (`pageSize`, else the one given, else the first page's length / 200).
 * - `meta-from-to`: the next window is the answer's `meta.from` / `meta.to`, sent in the body.
 * - `date-window`: `start_date`..`end_date` cut into windows of `windowDays` (default 31).
 * Never forever: at most `maxPages` requests (default 1000), a page identical to the one before
 * or a window already asked for is a PaginationError; the signal is checked before every page.
 */
import type { OperationId, operations as registryOperations } from "../../generated/registry.js";
import type { Envelope, EnvelopeMeta } from "../core/envelope.js";
import {
  AbortedError,
  InvalidArgumentError,
  PaginationError,
  type PaginationStopReason,
} from "../core/errors.js";
import type { Operation as OperationMeta } from "../core/operation.js";
import type { CallOptions } from "../core/pipeline.js";
import type { MethodParams, ParamsAreOptional, ResourceMethod, ResponseData } from "./types.js";

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

export type PaginationSource<Id extends OperationId> = ResourceMethod<Id> | Id;

export type PaginateArgs<Id extends OperationId, O> =
  ParamsAreOptional<Id> extends true
    ? [params?: MethodParams<Id>, options?: O]
    : [params: MethodParams<Id>, options?: O];

export interface PaginationMethods {
  /** Walks every page of a paged operation; iterate for items or call `.pages()`. */
  paginate<Id extends PagedOperationId>(
    source: PaginationSource<Id>,
    ...args: PaginateArgs<Id, PaginateOptions>
  ): Paginator<Id>;
  /** Every item of every page, at most `max` (see CollectOptions). */
  collectAll<Id extends PagedOperationId>(
    source: PaginationSource<Id>,
    ...args: PaginateArgs<Id, CollectOptions>
  ): Promise<PageItem<Id>[]>;
}

/** What pagination needs from the facade. */
export interface PaginationCore {
  operation(operationId: string): OperationMeta;
  /** The facade method's `withResponse` for an operation. */
  call(
    operationId: string,
    params: Record<string, unknown>,
    options: CallOptions,
  ): Promise<Envelope>;
}

const DEFAULT_MAX_PAGES = 1000;
const DEFAULT_MAX_ITEMS = 10_000;
const DEFAULT_WINDOW_DAYS = 31;
const BODY_PAGE_MAX = 200;
const DAY_MS = 86_400_000;

type LoosePage = Page<OperationId> & { items: unknown[]; data: unknown };

export function createPagination(core: PaginationCore): PaginationMethods {
  const paginate = (
    source: unknown,
    params?: Record<string, unknown>,
    options: PaginateOptions = {},
  ) => {
    const operation = pagedOperation(core, source);
    checkOptions(operation, options);
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

  const collectAll = async (
    source: unknown,
    params?: Record<string, unknown>,
    options: CollectOptions = {},
  ) => {
    const { max = DEFAULT_MAX_ITEMS, truncate = false, ...rest } = options;
    const operation = pagedOperation(core, source);
    positiveInteger(operation, "max", max);
    const items: unknown[] = [];
    let pagesRead = 0;
    for await (const page of paginate(operation.operationId, params, rest).pages()) {
      pagesRead = page.number;
      for (const item of page.items) {
        if (items.length === max) {
          if (truncate) return items;
          throw new PaginationError(
            "max_items",
            `${operation.operationId} has more than ${max} items; raise \`max\`, pass ` +
              "`truncate: true`, or iterate with paginate() instead.",
            { ...operation.context, pagesRead, itemsRead: items.length },
          );
        }
        items.push(item);
      }
    }
    return items;
  };

  return { paginate, collectAll } as unknown as PaginationMethods;
}

function pagedOperation(core: PaginationCore, source: unknown): OperationMeta {
  const id =
    typeof source === "function" ? (source as { operationId?: unknown }).operationId : source;
  if (typeof id !== "string") {
    throw new InvalidArgumentError(
      "source",
      "paginate() takes a facade method (e.g. altegio.appointments.list) or an operationId.",
    );
  }
  const operation = core.operation(id);
  if (!operation.paging) {
    throw new InvalidArgumentError(
      "source",
      `${id} is not paged (the registry gives it no paging style); call it directly.`,
      operation.context,
    );
  }
  return operation;
}

function checkOptions(operation: OperationMeta, options: PaginateOptions): void {
  for (const name of ["maxPages", "windowDays", "pageSize"] as const) {
    if (options[name] !== undefined) positiveInteger(operation, name, options[name]);
  }
  if (options.pageSize !== undefined && operation.paging === "body-page") {
    bodyPageSize(operation, "pageSize", options.pageSize);
  }
}

function walk(
  core: PaginationCore,
  operation: OperationMeta,
  params: Record<string, unknown>,
  options: PaginateOptions,
): AsyncGenerator<LoosePage> {
  const { maxPages = DEFAULT_MAX_PAGES, pageSize, windowDays, ...callOptions } = options;
  const fetcher = new PageFetcher(core, operation, callOptions, maxPages);
  switch (operation.paging) {
    case "page-count":
      return numberedPages(fetcher, params, pageSize, "query");
    case "body-page":
      return numberedPages(fetcher, params, pageSize, "body");
    case "meta-from-to":
      return metaWindows(fetcher, params);
    case "date-window":
      return dateWindows(fetcher, params, windowDays ?? DEFAULT_WINDOW_DAYS, maxPages);
    default:
      throw invalid(operation, "source", "not paged.");
  }
}

/** Sends one page request at a time, counting pages and items, checking the signal and the cap. */
class PageFetcher {
  pages = 0;
  items = 0;
  private previous: string | undefined;

  constructor(
    private readonly core: PaginationCore,
    readonly operation: OperationMeta,
    private readonly options: CallOptions,
    private readonly maxPages: number,
  ) {}

  /** `detectRepeats`: for server-driven walks, a page identical to the one before is an error. */
  async fetch(params: Record<string, unknown>, detectRepeats: boolean): Promise<LoosePage> {
    const signal = this.options.signal;
    if (signal?.aborted) throw abortedError(this.operation, this.pages, signal);
    if (this.pages >= this.maxPages) {
      throw this.error(
        "max_pages",
        `${this.operation.operationId} still had pages after ${this.maxPages} requests; ` +
          "raise `maxPages` or narrow the filters.",
      );
    }
    const { data, meta, response } = await this.core.call(
      this.operation.operationId,
      params,
      this.options,
    );
    const items = Array.isArray(data) ? (data as unknown[]) : isEmpty(data) ? [] : [data];
    const fingerprint = detectRepeats && items.length > 0 ? JSON.stringify(data) : undefined;
    if (fingerprint !== undefined && fingerprint === this.previous) {
      throw this.error(
        "repeated_page",
        `The server sent page ${this.pages + 1} of ${this.operation.operationId} identical to ` +
          "the page before; stopped to avoid looping.",
      );
    }
    this.previous = fingerprint;
    this.pages += 1;
    this.items += items.length;
    return { number: this.pages, data, items, meta, response } as LoosePage;
  }

  error(reason: PaginationStopReason, message: string): PaginationError {
    return new PaginationError(reason, message, {
      ...this.operation.context,
      pagesRead: this.pages,
      itemsRead: this.items,
    });
  }
}

/** page-count (query `page`/`count`) and body-page (body `page`/`page_size`). */
async function* numberedPages(
  fetcher: PageFetcher,
  params: Record<string, unknown>,
  pageSize: number | undefined,
  where: "query" | "body",
): AsyncGenerator<LoosePage> {
  const operation = fetcher.operation;
  const sizeName = where === "query" ? "count" : "page_size";
  const body = where === "body" ? bodyOf(operation, params) : undefined;
  const holder = body ?? params;
  const firstPage = holder.page ?? 1;
  positiveInteger(operation, "page", firstPage);
  const given = holder[sizeName];
  if (given !== undefined) positiveInteger(operation, sizeName, given);
  let size = pageSize ?? (given as number | undefined);
  if (where === "body") {
    size ??= BODY_PAGE_MAX;
    bodyPageSize(operation, sizeName, size);
  }
  const sent = size; // undefined: the server's default, learned from the first page
  // Items before the first page asked for, to compare with meta.total_count (unknown: no compare).
  const skipped =
    firstPage === 1 ? 0 : sent !== undefined ? ((firstPage as number) - 1) * sent : undefined;

  for (let page = firstPage as number; ; page += 1) {
    const paging: Record<string, unknown> = { page };
    if (sent !== undefined) paging[sizeName] = sent;
    const request =
      where === "query" ? { ...params, ...paging } : { ...params, body: { ...body, ...paging } };
    const result = await fetcher.fetch(request, true);
    yield result;
    if (result.items.length === 0 || !Array.isArray(result.data)) return;
    const total = numberOrUndefined(result.meta.total_count);
    if (total !== undefined && skipped !== undefined) {
      if (skipped + fetcher.items >= total) return;
    } else {
      size ??= result.items.length;
      if (result.items.length < size) return;
    }
  }
}

/** meta-from-to: the next window comes back in `meta.from` / `meta.to`. */
async function* metaWindows(
  fetcher: PageFetcher,
  params: Record<string, unknown>,
): AsyncGenerator<LoosePage> {
  const body = bodyOf(fetcher.operation, params);
  const asked = new Set<string>();
  let request: Record<string, unknown> = params;
  for (;;) {
    asked.add(windowKey(request.body as Record<string, unknown> | undefined));
    const result = await fetcher.fetch(request, true);
    yield result;
    if (result.items.length === 0) return;
    const from = result.meta.from ?? null;
    const to = result.meta.to ?? null;
    if (from === null && to === null) return;
    const next = { ...body, from, to };
    if (asked.has(windowKey(next))) {
      throw fetcher.error(
        "not_advancing",
        `The server answered ${fetcher.operation.operationId} with a next window ` +
          `(${String(from)} – ${String(to)}) that was already read; stopped to avoid looping.`,
      );
    }
    request = { ...params, body: next };
  }
}

/** date-window: `start_date`..`end_date` split into windows of `days` days. */
async function* dateWindows(
  fetcher: PageFetcher,
  params: Record<string, unknown>,
  days: number,
  maxPages: number,
): AsyncGenerator<LoosePage> {
  const operation = fetcher.operation;
  const start = dateParam(operation, params, "start_date");
  const end = dateParam(operation, params, "end_date");
  if (start > end) throw invalid(operation, "start_date", "start_date is after end_date.");
  const windows = Math.ceil((end - start + DAY_MS) / (days * DAY_MS));
  if (windows > maxPages) {
    throw fetcher.error(
      "max_pages",
      `${operation.operationId}: ${windows} windows of ${days} day(s) exceed maxPages ` +
        `(${maxPages}); raise windowDays or maxPages.`,
    );
  }
  for (let from = start; from <= end; from += days * DAY_MS) {
    const to = Math.min(from + (days - 1) * DAY_MS, end);
    yield await fetcher.fetch({ ...params, start_date: isoDay(from), end_date: isoDay(to) }, false);
  }
}

function bodyOf(
  operation: OperationMeta,
  params: Record<string, unknown>,
): Record<string, unknown> {
  const body = params.body ?? {};
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalid(operation, "body", "the body must be an object to be paged.");
  }
  return body as Record<string, unknown>;
}

const windowKey = (body: Record<string, unknown> | undefined) =>
  JSON.stringify([body?.from ?? null, body?.to ?? null]);

function dateParam(
  operation: OperationMeta,
  params: Record<string, unknown>,
  name: string,
): number {
  const value = params[name];
  const time =
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? Date.parse(`${value}T00:00:00Z`)
      : Number.NaN;
  if (Number.isNaN(time)) {
    throw invalid(
      operation,
      name,
      `${name} must be a date like 2026-01-31 to split the range into windows; got ${JSON.stringify(value)}.`,
    );
  }
  return time;
}

const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

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

/** The error for a bad argument `name` of a walk over `operation`. */
function invalid(operation: OperationMeta, name: string, why: string): InvalidArgumentError {
  return new InvalidArgumentError(name, `${operation.operationId}: ${why}`, operation.context);
}

function positiveInteger(operation: OperationMeta, name: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw invalid(
      operation,
      name,
      `${name} must be a positive integer; got ${JSON.stringify(value)}.`,
    );
  }
}

function bodyPageSize(operation: OperationMeta, name: string, value: number): void {
  if (value > BODY_PAGE_MAX) {
    throw invalid(operation, name, `${name} is at most ${BODY_PAGE_MAX}; got ${value}.`);
  }
}

function abortedError(operation: OperationMeta, pages: number, signal: AbortSignal): AbortedError {
  return new AbortedError(
    `Pagination of ${operation.operationId} was aborted after ${pages} page(s).`,
    operation.context,
    { cause: signal.reason },
  );
}
