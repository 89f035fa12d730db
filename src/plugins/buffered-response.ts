/**
 * A Response whose body is already in memory (read inside the attempt by attemptTimeoutPlugin).
 *
 * Why not `new Response(bytes, init)`: in Node (undici) that builds a ReadableStream which the
 * caller then reads back chunk by chunk: tens of µs per call for nothing. This subclass serves
 * `text()`, `json()`, `arrayBuffer()`, `bytes()` and `blob()` straight from the bytes, and builds a
 * real stream only if someone asks for `body`. Body semantics are kept: one read, then
 * `bodyUsed` is true and another read rejects with a TypeError, as for any Response.
 */

const decoder = new TextDecoder();

/** Statuses whose Response must have a null body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export interface BufferedResponseInit {
  status: number;
  statusText: string;
  /** Served as they are (not copied): the source Response is done with. */
  headers: Headers;
  /** The source Response's URL; "" by default, as for a constructed Response. */
  url?: string;
}

export class BufferedResponse extends Response {
  /** Bytes from a fetch body or a string: backed by an ArrayBuffer, never a shared one. */
  readonly #bytes: Uint8Array<ArrayBuffer>;
  readonly #init: BufferedResponseInit;
  #used = false;
  /** A real Response over the bytes, made only when the stream (`body`) is asked for. */
  #streamed: Response | undefined;

  constructor(bytes: Uint8Array, init: BufferedResponseInit) {
    // Status only: copying the headers into the base Response costs more than the rest of it.
    super(null, { status: init.status, statusText: init.statusText });
    this.#bytes = (
      NULL_BODY_STATUSES.has(init.status) ? new Uint8Array(0) : bytes
    ) as Uint8Array<ArrayBuffer>;
    this.#init = init;
  }

  #take(): Uint8Array<ArrayBuffer> {
    if (this.#used) throw new TypeError("Body is unusable: Body has already been read");
    this.#used = true;
    return this.#bytes;
  }

  #read<T>(
    fromBytes: (bytes: Uint8Array<ArrayBuffer>) => T,
    fromStream: (r: Response) => Promise<T>,
  ): Promise<T> {
    if (this.#streamed) return fromStream(this.#streamed);
    try {
      return Promise.resolve(fromBytes(this.#take()));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  override text(): Promise<string> {
    return this.#read(
      (b) => decoder.decode(b),
      (r) => r.text(),
    );
  }

  override json(): Promise<unknown> {
    return this.#read(
      (b) => JSON.parse(decoder.decode(b)) as unknown,
      (r) => r.json(),
    );
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read(
      // `new Uint8Array(b)` copies: `b` may be a Buffer viewing a larger pooled ArrayBuffer.
      (b) => new Uint8Array(b).buffer,
      (r) => r.arrayBuffer(),
    );
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#read(
      (b) => new Uint8Array(b),
      (r) => r.bytes(),
    );
  }

  override blob(): Promise<Blob> {
    const type = this.headers.get("content-type") ?? "";
    return this.#read(
      (b) => new Blob([b], { type }),
      (r) => r.blob(),
    );
  }

  override formData(): Promise<FormData> {
    return this.#stream().formData();
  }

  override clone(): Response {
    if (this.bodyUsed) throw new TypeError("Response.clone: Body has already been consumed.");
    if (this.#streamed) return this.#streamed.clone();
    return new BufferedResponse(this.#bytes, {
      ...this.#init,
      headers: new Headers(this.#init.headers),
    });
  }

  /** The real Response behind `body`; from then on every read goes through its stream. */
  #stream(): Response {
    if (!this.#streamed) {
      if (this.#used) throw new TypeError("Body is unusable: Body has already been read");
      const empty = NULL_BODY_STATUSES.has(this.status);
      this.#streamed = new Response(empty ? null : this.#bytes, this.#init);
    }
    return this.#streamed;
  }

  static {
    // `body`, `bodyUsed`, `headers` and `url` are accessors on Response.prototype; TypeScript
    // declares them as properties, so they are redefined here rather than with `override get`.
    Object.defineProperty(BufferedResponse.prototype, "headers", {
      configurable: true,
      get(this: BufferedResponse): Headers {
        return this.#init.headers;
      },
    });
    Object.defineProperty(BufferedResponse.prototype, "url", {
      configurable: true,
      get(this: BufferedResponse): string {
        return this.#init.url ?? "";
      },
    });
    Object.defineProperty(BufferedResponse.prototype, "body", {
      configurable: true,
      get(this: BufferedResponse): ReadableStream<Uint8Array> | null {
        if (NULL_BODY_STATUSES.has(this.status)) return null;
        return this.#stream().body;
      },
    });
    Object.defineProperty(BufferedResponse.prototype, "bodyUsed", {
      configurable: true,
      get(this: BufferedResponse): boolean {
        return this.#streamed ? this.#streamed.bodyUsed : this.#used;
      },
    });
  }
}

/**
 * The rest of the body behind `reader`, joined, or `signal.reason` once `signal` has fired. A
 * pending read only ends if whoever aborts `signal` also cancels `reader` (cancelling ends it with
 * `done`; fetch bodies tied to the signal error by themselves): the attempt plugin does it when it
 * aborts. The reader is not released at the end: the body is
 * done with, and releasing creates a TypeError (stack trace and all) to reject `reader.closed`.
 */
export async function readChunks(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  signal: AbortSignal,
): Promise<Uint8Array> {
  if (signal.aborted) {
    reader.cancel(signal.reason).catch(ignore);
    throw signal.reason;
  }
  try {
    const chunks: Uint8Array[] = [];
    let length = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.byteLength;
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

function ignore(): void {}
