/**
 * Socket-level and HTTP-level faults for the loopback server (test/support/loopback.ts): each is a
 * `Handler`, so a test composes them per request with `sequence`.
 */
import type { Handler } from "../../support/loopback.js";
import { envelope, sendJson } from "../../support/loopback.js";

/** The connection dies before any byte of the answer (as a crashed upstream or a reset). */
export const resetBeforeHeaders: Handler = (_req, _res, raw) => {
  raw.socket.destroy();
};

/** Headers and part of a JSON body, then the connection dies. */
export const resetAfterHeaders: Handler = (_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": "4096" });
  res.write('{"success": true, "data": {"id": 1, "na');
  setTimeout(() => res.destroy(), 10);
};

/** Never answers (the server closes the socket when the test server closes). */
export const hang: Handler = () => undefined;

/** Headers, then nothing: the body never completes. */
export const hangAfterHeaders: Handler = (_req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.write('{"success": true, ');
};

export function status(
  code: number,
  headers: Record<string, string> = {},
  body?: unknown,
): Handler {
  return (_req, res) =>
    sendJson(
      res,
      code,
      body ?? { success: false, data: null, meta: { message: `HTTP ${code}` } },
      headers,
    );
}

export const ok =
  (data: unknown = { id: 1 }): Handler =>
  (_req, res) =>
    sendJson(res, 200, envelope(data));

export const htmlPage =
  (code: number, text = "502 Bad Gateway"): Handler =>
  (_req, res) => {
    res.writeHead(code, { "content-type": "text/html" });
    res.end(
      `<html><head><title>${text}</title></head><body><h1>${text}</h1><hr>nginx</body></html>`,
    );
  };

/** JSON cut short, with a Content-Length that matches what was sent (a proxy truncated it). */
export const truncatedJson: Handler = (_req, res) => {
  const text = '{"success": true, "data": {"id": 1, "name": "Jo';
  res.writeHead(200, { "content-type": "application/json", "content-length": String(text.length) });
  res.end(text);
};

/** The n-th request (0-based) gets `handlers[n]`; later ones get the last handler. */
export function sequence(...handlers: Handler[]): Handler {
  let n = 0;
  return (req, res, raw) => {
    const handler = handlers[Math.min(n, handlers.length - 1)]!;
    n += 1;
    return handler(req, res, raw);
  };
}
