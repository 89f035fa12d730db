/**
 * Pull: fetch the description's raw bytes from the first source that answers.
 * With an explicit source (--source / ALTEGIO_OPENAPI_SOURCE) only that one is tried; otherwise
 * the vendor URL, then each mirror in order. An unreachable URL fails within `timeoutMs`.
 */
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CodegenError } from "./errors.js";
import type { SourceConfig } from "./source-config.js";

export const SOURCE_ENV_VAR = "ALTEGIO_OPENAPI_SOURCE";
export const DEFAULT_PULL_TIMEOUT_MS = 5_000;

export interface PullOptions {
  /** Project root; relative paths are resolved against it. */
  readonly root: string;
  readonly config: SourceConfig;
  /** When given, the only source tried. */
  readonly source?: string;
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface PullAttempt {
  readonly source: string;
  readonly error: string;
}

export interface PulledDescription {
  readonly bytes: Buffer;
  /** The source (as written in the config or the override) the bytes came from. */
  readonly origin: string;
  /** The sources that failed before `origin` answered. */
  readonly failed: readonly PullAttempt[];
}

export function sourceCandidates(config: SourceConfig, source?: string): string[] {
  return source ? [source] : [config.url, ...config.mirrors];
}

export async function pullDescription(options: PullOptions): Promise<PulledDescription> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PULL_TIMEOUT_MS;
  const failed: PullAttempt[] = [];
  for (const source of sourceCandidates(options.config, options.source)) {
    try {
      const bytes = await readSource(source, options.root, timeoutMs);
      if (bytes.length === 0) throw new Error("empty answer");
      return { bytes, origin: source, failed };
    } catch (error) {
      const reason = describeFailure(error, timeoutMs);
      failed.push({ source, error: reason });
      options.log?.(`pull: ${source} failed (${reason})`);
    }
  }
  throw new CodegenError("SOURCE_UNREACHABLE", unreachableMessage(failed, options.source));
}

async function readSource(source: string, root: string, timeoutMs: number): Promise<Buffer> {
  if (/^https?:\/\//i.test(source)) {
    const response = await fetch(source, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    return Buffer.from(await response.arrayBuffer());
  }
  return readFile(resolveLocalSource(source, root));
}

/** A `file:` URL, an absolute path, or a path relative to the project root. */
export function resolveLocalSource(source: string, root: string): string {
  if (source.startsWith("file:")) return fileURLToPath(source);
  return isAbsolute(source) ? source : resolve(root, source);
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  const cause = (error as Error & { cause?: unknown }).cause;
  const detail = cause instanceof Error ? `: ${cause.message}` : "";
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  return `${error.message}${detail}`;
}

function unreachableMessage(failed: readonly PullAttempt[], override?: string): string {
  const tried = failed.map((a) => `  - ${a.source}: ${a.error}`).join("\n");
  const hint = override
    ? `Check the --source / ${SOURCE_ENV_VAR} value, or drop it to use openapi/source.json.`
    : `Point at a copy of the description with \`npm run generate -- --source <url|path>\` or ` +
      `${SOURCE_ENV_VAR}=<url|path>, or add a mirror to openapi/source.json.`;
  return `Could not pull the OpenAPI description from any source. Tried:\n${tried}\n${hint}`;
}
