/**
 * A Response whose body is already in memory (read inside the attempt, so the attempt timeout
 * covers it). `text()`, `json()`, `arrayBuffer()`, `bytes()` and `blob()` are served straight from
 * the bytes: `new Response(bytes)` would build a stream that openapi-fetch then reads back chunk by
 * chunk, tens of µs per call for nothing. A real stream is built only if `body` is asked for.
 * Body semantics are kept: one read, then `bodyUsed` is true and another read rejects.
 *
 * The class is defined on first use, not at import: `extends Response` would otherwise pull the
 * runtime's fetch set-up into import time.
 */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export interface BufferedInit {
  status: number;
  statusText: string;
  /** Served as they are: the source Response is done with. */
  headers: Headers;
  url?: string;
}

interface Buffered extends Response {
  readonly bytes: () => Promise<Uint8Array<ArrayBuffer>>;
}

let Class: (new (bytes: Uint8Array, init: BufferedInit) => Buffered) | undefined;
let peek:
  ((response: Response) => { bytes: Uint8Array; init: BufferedInit } | undefined) | undefined;

export function bufferedResponse(bytes: Uint8Array, init: BufferedInit): Response {
  return new (Class ??= defineClass())(
    NULL_BODY.has(init.status) ? new Uint8Array(0) : bytes,
    init,
  );
}

/** The text of a buffered body, read or not (error paths: excerpts, `bodyText`). */
export function bodyTextOf(response: Response): string | undefined {
  const held = peek?.(response);
  return held && new TextDecoder().decode(held.bytes);
}

/**
 * A copy of a buffered response whose body can still be read (with `text` as its body when
 * given: a scrubbed one); the response itself otherwise.
 */
export function unreadCopy(response: Response, text?: string): Response {
  const held = peek?.(response);
  if (!held) return response;
  return bufferedResponse(
    text === undefined ? held.bytes : new TextEncoder().encode(text),
    held.init,
  );
}

function defineClass() {
  const decoder = new TextDecoder();
  class BufferedResponse extends Response {
    readonly #bytes: Uint8Array<ArrayBuffer>;
    readonly #init: BufferedInit;
    #used = false;
    #streamed: Response | undefined;

    constructor(bytes: Uint8Array, init: BufferedInit) {
      // Status only: copying the headers into the base Response costs more than the rest of it.
      super(null, { status: init.status, statusText: init.statusText });
      this.#bytes = bytes as Uint8Array<ArrayBuffer>;
      this.#init = init;
    }

    static {
      peek = (r) => (#bytes in r ? { bytes: r.#bytes, init: r.#init } : undefined);
    }

    #read<T>(
      fromBytes: (b: Uint8Array<ArrayBuffer>) => T,
      fromStream: (r: Response) => Promise<T>,
    ) {
      if (this.#streamed) return fromStream(this.#streamed);
      if (this.#used) {
        return Promise.reject(new TypeError("Body is unusable: Body has already been read"));
      }
      this.#used = true;
      try {
        return Promise.resolve(fromBytes(this.#bytes));
      } catch (error) {
        return Promise.reject(error);
      }
    }

    override text() {
      return this.#read(
        (b) => decoder.decode(b),
        (r) => r.text(),
      );
    }
    override json() {
      return this.#read(
        (b) => JSON.parse(decoder.decode(b)) as unknown,
        (r) => r.json(),
      );
    }
    override arrayBuffer() {
      // A copy: `b` may be a Buffer viewing a larger pooled ArrayBuffer.
      return this.#read(
        (b) => new Uint8Array(b).buffer,
        (r) => r.arrayBuffer(),
      );
    }
    override bytes() {
      return this.#read(
        (b) => new Uint8Array(b),
        (r) => r.bytes(),
      );
    }
    override blob() {
      const type = this.headers.get("content-type") ?? "";
      return this.#read(
        (b) => new Blob([b], { type }),
        (r) => r.blob(),
      );
    }
    override formData() {
      return this.#stream()?.formData() ?? Promise.reject(new TypeError("Body is unusable"));
    }
    override clone(): Response {
      if (this.bodyUsed) throw new TypeError("Response.clone: Body has already been consumed.");
      return this.#streamed?.clone() ?? new BufferedResponse(this.#bytes, this.#init);
    }

    /** The real Response behind `body`; undefined once the bytes were read (never throws). */
    #stream(): Response | undefined {
      if (!this.#streamed && !this.#used) this.#streamed = new Response(this.#bytes, this.#init);
      return this.#streamed;
    }

    static {
      // Accessors on Response.prototype that TypeScript declares as properties.
      const define = (name: string, get: (r: BufferedResponse) => unknown) =>
        Object.defineProperty(BufferedResponse.prototype, name, {
          configurable: true,
          get(this: BufferedResponse) {
            return get(this);
          },
        });
      define("headers", (r) => r.#init.headers);
      define("url", (r) => r.#init.url ?? "");
      define("body", (r) => (NULL_BODY.has(r.status) ? null : (r.#stream()?.body ?? null)));
      define("bodyUsed", (r) => (r.#streamed ? r.#streamed.bodyUsed : r.#used));
    }
  }
  return BufferedResponse as unknown as new (bytes: Uint8Array, init: BufferedInit) => Buffered;
}

/**
 * The rest of the body behind `reader`, joined, or `signal.reason` once `signal` has fired. A
 * pending read ends only if whoever aborts `signal` also cancels `reader` (the attempt plugin does).
 */
export async function readChunks(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  signal: AbortSignal,
): Promise<Uint8Array> {
  if (signal.aborted) {
    reader.cancel(signal.reason).catch(() => undefined);
    throw signal.reason;
  }
  try {
    const chunks: Uint8Array[] = [];
    let length = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks.push(r.value);
      length += r.value.byteLength;
    }
    if (signal.aborted) throw signal.reason;
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  } catch (error) {
    throw signal.aborted ? signal.reason : error;
  }
}
