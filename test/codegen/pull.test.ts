import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodegenError, pullDescription, type SourceConfig } from "../../scripts/codegen/index.js";
import { startLoopback, type LoopbackServer } from "../support/loopback.js";
import { refusingUrl } from "./support.js";

const BYTES = Buffer.from("openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\n");
const PIN = { version: "1", sha256: createHash("sha256").update(BYTES).digest("hex") };

let dir: string;
let server: LoopbackServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "altegio-pull-"));
  await writeFile(join(dir, "mirror.yaml"), BYTES);
  server = await startLoopback((req, res) => {
    if (req.path === "/openapi.yaml") {
      res.writeHead(200, { "content-type": "application/yaml" });
      res.end(BYTES);
    } else if (req.path === "/hang") {
      // Never answers: the pull must give up on its own timeout.
    } else {
      res.writeHead(404);
      res.end("not here");
    }
  });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function config(url: string, mirrors: string[]): SourceConfig {
  return { url, mirrors, pin: PIN };
}

async function pullError(promise: Promise<unknown>): Promise<CodegenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CodegenError);
  return error as CodegenError;
}

describe("pullDescription", () => {
  it("reads the vendor URL when it answers", async () => {
    const url = `${server.url}/openapi.yaml`;
    const pulled = await pullDescription({ root: dir, config: config(url, ["mirror.yaml"]) });
    expect(pulled.origin).toBe(url);
    expect(pulled.bytes.equals(BYTES)).toBe(true);
    expect(pulled.failed).toEqual([]);
  });

  it("falls through an unreachable URL to the first mirror that exists (paths relative to root)", async () => {
    const url = await refusingUrl();
    const pulled = await pullDescription({
      root: dir,
      config: config(url, ["missing.yaml", "mirror.yaml"]),
    });
    expect(pulled.origin).toBe("mirror.yaml");
    expect(pulled.bytes.equals(BYTES)).toBe(true);
    expect(pulled.failed.map((f) => f.source)).toEqual([url, "missing.yaml"]);
    expect(pulled.failed[1]?.error).toBe("no such file");
  });

  it("treats an HTTP error status as a failed source", async () => {
    const url = `${server.url}/gone.yaml`;
    const pulled = await pullDescription({ root: dir, config: config(url, ["mirror.yaml"]) });
    expect(pulled.origin).toBe("mirror.yaml");
    expect(pulled.failed[0]?.error).toContain("HTTP 404");
  });

  it("gives up on a URL that does not answer within the timeout", async () => {
    const url = `${server.url}/hang`;
    const started = Date.now();
    const pulled = await pullDescription({
      root: dir,
      config: config(url, [join(dir, "mirror.yaml")]),
      timeoutMs: 200,
    });
    expect(pulled.failed[0]?.error).toBe("no answer within 200 ms");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("with an explicit source tries only that source", async () => {
    const url = `${server.url}/openapi.yaml`;
    const pulled = await pullDescription({
      root: dir,
      config: config(await refusingUrl(), ["missing.yaml"]),
      source: url,
    });
    expect(pulled.origin).toBe(url);
    expect(pulled.failed).toEqual([]);

    const error = await pullError(
      pullDescription({ root: dir, config: config(url, ["mirror.yaml"]), source: "nowhere.yaml" }),
    );
    expect(error.code).toBe("SOURCE_UNREACHABLE");
    expect(error.message).toContain("nowhere.yaml");
    expect(error.message).not.toContain("mirror.yaml");
  });

  it("accepts file: URLs and absolute paths", async () => {
    const fileUrl = new URL(`file://${join(dir, "mirror.yaml")}`).href;
    const pulled = await pullDescription({ root: "/", config: config(fileUrl, []) });
    expect(pulled.bytes.equals(BYTES)).toBe(true);
  });

  it("names every source tried and how to point at a mirror when none answers", async () => {
    const url = await refusingUrl();
    const error = await pullError(
      pullDescription({ root: dir, config: config(url, ["missing-1.yaml", "missing-2.yaml"]) }),
    );
    expect(error.code).toBe("SOURCE_UNREACHABLE");
    for (const source of [url, "missing-1.yaml", "missing-2.yaml"]) {
      expect(error.message).toContain(source);
    }
    expect(error.message).toContain("--source <url|path>");
    expect(error.message).toContain("ALTEGIO_OPENAPI_SOURCE");
  });
});
