/**
 * The two revisions an update compares: the pinned one (pulled from the configured sources and
 * verified against the pin) and the candidate (pulled from the given source, pin check bypassed:
 * it is the revision being reviewed).
 */
import { relative, sep } from "node:path";
import {
  CodegenError,
  parseDescription,
  pullDescription,
  sha256,
  verifyPin,
  type OpenApiDocument,
  type SourceConfig,
} from "../codegen/index.js";
import { resolveLocalSource } from "../codegen/pull.js";
import { UpdateError } from "./update-error.js";

export interface Revision {
  readonly origin: string;
  readonly bytes: Buffer;
  readonly sha256: string;
  readonly version: string;
  readonly description: OpenApiDocument;
}

export interface PullSettings {
  readonly root: string;
  readonly config: SourceConfig;
  readonly timeoutMs?: number;
  readonly log: (line: string) => void;
}

/** The pinned revision, from `baseline` when given, else from the configured url and mirrors. */
export async function pullPinned(settings: PullSettings, baseline?: string): Promise<Revision> {
  const { pin } = settings.config;
  try {
    const pulled = await pullDescription({
      root: settings.root,
      config: settings.config,
      ...(baseline ? { source: baseline } : {}),
      ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
      log: settings.log,
    });
    const hash = verifyPin(pulled.bytes, pin, pulled.origin);
    const description = parseDescription(pulled.bytes);
    return {
      origin: pulled.origin,
      bytes: pulled.bytes,
      sha256: hash,
      version: description.info.version,
      description,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UpdateError(
      "BASELINE_UNAVAILABLE",
      `Cannot get the pinned revision ${pin.version} (sha256 ${pin.sha256}) to compare with:\n` +
        `${reason}\nPoint at a copy of it with --baseline <url|path>.`,
    );
  }
}

/** The candidate revision from `source`; any source, any revision, parsed and hashed. */
export async function pullCandidate(settings: PullSettings, source: string): Promise<Revision> {
  try {
    const pulled = await pullDescription({
      root: settings.root,
      config: settings.config,
      source,
      ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
      log: settings.log,
    });
    const description = parseDescription(pulled.bytes);
    return {
      origin: pulled.origin,
      bytes: pulled.bytes,
      sha256: sha256(pulled.bytes),
      version: description.info.version,
      description,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const code =
      error instanceof CodegenError && error.code !== "SOURCE_UNREACHABLE"
        ? "CANDIDATE_INVALID"
        : "CANDIDATE_UNREACHABLE";
    throw new UpdateError(code, `Cannot use the new revision from ${source}:\n${reason}`);
  }
}

/**
 * How the new source is recorded in openapi/source.json: URLs as given, local files relative to
 * the project root (the config is committed; an absolute path would not travel).
 */
export function mirrorEntry(source: string, root: string): string {
  if (/^https?:\/\//i.test(source)) return source;
  return relative(root, resolveLocalSource(source, root)).split(sep).join("/");
}

/** Local mirrors must live here (relative to the root): the shared mirror of the description. */
export const MIRROR_FOLDER = "../shared/altegio";

/** Refuses (before anything is written) a `--mirror` that is neither a URL nor in MIRROR_FOLDER. */
export function checkMirror(source: string, root: string): void {
  const entry = mirrorEntry(source, root);
  if (/^https?:\/\//i.test(entry) || entry.startsWith(`${MIRROR_FOLDER}/`)) return;
  throw new UpdateError(
    "MIRROR_REFUSED",
    `--mirror records only a URL or a file in ${MIRROR_FOLDER}/ (the agreed mirror folder); ` +
      `${source} is neither. Copy it there, or update without --mirror.`,
  );
}

/** The config after the update: the new pin; with `mirror`, the new source first among the mirrors. */
export function updatedConfig(
  config: SourceConfig,
  candidate: Pick<Revision, "version" | "sha256">,
  source: string,
  root: string,
  mirror = false,
): SourceConfig {
  const entry = mirrorEntry(source, root);
  const mirrors =
    !mirror || entry === config.url
      ? config.mirrors
      : [entry, ...config.mirrors.filter((m) => m !== entry)];
  return {
    url: config.url,
    mirrors,
    pin: { version: candidate.version, sha256: candidate.sha256 },
  };
}
