/**
 * A real HTTP server on 127.0.0.1 for tests: each test gives a handler, the server records every
 * request it saw (method, path, headers, body) so tests can assert what reached the wire.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface SeenRequest {
  method: string;
  /** Path with query string, as received. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: Buffer;
  /** The body parsed as JSON when it is JSON, else undefined. */
  json: unknown;
}

export type Handler = (
  req: SeenRequest,
  res: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: SeenRequest[];
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

/** Writes a JSON answer; `body` is serialised unless it is already a string. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(text);
}

export function envelope(data: unknown, meta: unknown = []): unknown {
  return { success: true, data, meta };
}

export async function startLoopback(handler: Handler = defaultHandler): Promise<LoopbackServer> {
  let current = handler;
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on("data", (c: Buffer) => chunks.push(c));
    raw.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(raw.url ?? "/", "http://127.0.0.1");
      let json: unknown;
      if (String(raw.headers["content-type"] ?? "").includes("json") && body.length > 0) {
        try {
          json = JSON.parse(body.toString("utf8"));
        } catch {
          json = undefined;
        }
      }
      const seen: SeenRequest = {
        method: raw.method ?? "GET",
        url: raw.url ?? "/",
        path: url.pathname,
        query: url.searchParams,
        headers: raw.headers,
        body,
        json,
      };
      requests.push(seen);
      Promise.resolve(current(seen, res, raw)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { handlerError: String(error) });
        else res.destroy();
      });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setHandler(next) {
      current = next;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function defaultHandler(_req: SeenRequest, res: ServerResponse): void {
  sendJson(res, 200, envelope(null));
}
