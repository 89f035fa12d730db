/**
 * A Response whose body is already in memory (read inside the attempt, under its timeout), read
 * straight from the bytes: `new Response(bytes)` would build a stream for openapi-fetch to read
 * back, tens of µs per call. Defined on first use: `extends Response` at import would pull the
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

type Bytes = Uint8Array<ArrayBuffer>;

let Buffered: (new (bytes: Uint8Array, init: BufferedInit) => Response) | undefined;
let peek: ((response: Response) => { bytes: Bytes; init: BufferedInit } | undefined) | undefined;

export function bufferedResponse(bytes: Uint8Array, init: BufferedInit): Response {
  const body = NULL_BODY.has(init.status) ? new Uint8Array(0) : bytes;
  return new (Buffered ??= defineClass())(body, init);
}

/** The text of a buffered body, read or not (error excerpts, `bodyText`). */
export function bodyTextOf(response: Response): string | undefined {
  const held = peek?.(response);
  return held && new TextDecoder().decode(held.bytes);
}

/** An unread copy of a buffered response (with `text` as its body when given); else itself. */
export function unreadCopy(response: Response, text?: string): Response {
  const held = peek?.(response);
  if (!held) return response;
  const bytes = text === undefined ? held.bytes : new TextEncoder().encode(text);
  return bufferedResponse(bytes, held.init);
}

function defineClass() {
  const decoder = new TextDecoder();
  const readers: Record<string, (bytes: Bytes, response: Response) => unknown> = {
    text: (b) => decoder.decode(b),
    json: (b) => JSON.parse(decoder.decode(b)),
    arrayBuffer: (b) => new Uint8Array(b).buffer, // a copy: `b` may view a larger pooled buffer
    bytes: (b) => new Uint8Array(b),
    blob: (b, r) => new Blob([b], { type: r.headers.get("content-type") ?? "" }),
    formData: (b, r) => new Response(b, { headers: r.headers }).formData(),
  };

  class BufferedResponse extends Response {
    readonly #bytes: Bytes;
    readonly #init: BufferedInit;
    #used = false;
    #streamed: Response | undefined; // the real Response behind `body`, once asked for

    constructor(bytes: Uint8Array, init: BufferedInit) {
      // Status only: copying the headers into the base Response costs more than the rest of it.
      super(null, { status: init.status, statusText: init.statusText });
      this.#bytes = bytes as Bytes;
      this.#init = init;
    }

    override clone(): Response {
      if (this.bodyUsed) throw new TypeError("Response.clone: Body has already been consumed.");
      return this.#streamed?.clone() ?? new BufferedResponse(this.#bytes, this.#init);
    }

    static {
      peek = (r) => (#bytes in r ? { bytes: r.#bytes, init: r.#init } : undefined);
      // Methods and the accessors TypeScript declares as properties, on the prototype.
      const define = (name: string, descriptor: PropertyDescriptor) =>
        Object.defineProperty(BufferedResponse.prototype, name, {
          configurable: true,
          ...descriptor,
        });
      for (const [name, read] of Object.entries(readers)) {
        define(name, {
          writable: true,
          value(this: BufferedResponse) {
            const streamed = this.#streamed as unknown as Record<string, () => Promise<unknown>>;
            if (streamed) return streamed[name]!();
            if (this.#used) {
              return Promise.reject(new TypeError("Body is unusable: Body has already been read"));
            }
            this.#used = true;
            try {
              return Promise.resolve(read(this.#bytes, this));
            } catch (error) {
              return Promise.reject(error);
            }
          },
        });
      }
      const getters: Record<string, (r: BufferedResponse) => unknown> = {
        headers: (r) => r.#init.headers,
        url: (r) => r.#init.url ?? "",
        body: (r) => {
          if (NULL_BODY.has(r.status)) return null;
          if (!r.#streamed && !r.#used) r.#streamed = new Response(r.#bytes, r.#init);
          return r.#streamed?.body ?? null;
        },
        bodyUsed: (r) => (r.#streamed ? r.#streamed.bodyUsed : r.#used),
      };
      for (const [name, get] of Object.entries(getters)) {
        define(name, {
          get(this: BufferedResponse) {
            return get(this);
          },
        });
      }
    }
  }
  return BufferedResponse;
}

/** The rest of the body, or `signal.reason` (a pending read ends when the aborter cancels it). */
export async function readChunks(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (signal?.aborted) {
    reader.cancel(signal.reason).catch(() => undefined);
    throw signal.reason;
  }
  const chunks: Uint8Array[] = [];
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  }
  if (signal?.aborted) throw signal.reason;
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((length, chunk) => length + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
