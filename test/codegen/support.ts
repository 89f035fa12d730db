/**
 * Helpers for the codegen tests: the shared descriptions, a throwaway copy of the project's
 * openapi/ config (so a test can break it without touching /work/main), and a refusing port.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";

export const PROJECT_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const PINNED_DESCRIPTION = resolve(PROJECT_ROOT, "../shared/altegio/b2b-v1.openapi.yaml");
export const NEXT_DESCRIPTION = resolve(PROJECT_ROOT, "../shared/altegio/b2b-v1.next.openapi.yaml");

export interface ProjectCopy {
  readonly root: string;
  remove(): Promise<void>;
  /** Rewrites openapi/source.json with `edit` applied to its parsed JSON. */
  editSourceConfig(edit: (config: Record<string, unknown>) => void): Promise<void>;
}

/** A temp folder holding openapi/ and .prettierrc.json of the project: enough to regenerate. */
export async function copyProject(): Promise<ProjectCopy> {
  const root = await mkdtemp(join(tmpdir(), "altegio-codegen-"));
  await cp(join(PROJECT_ROOT, "openapi"), join(root, "openapi"), { recursive: true });
  await cp(join(PROJECT_ROOT, ".prettierrc.json"), join(root, ".prettierrc.json"));
  const sourceFile = join(root, "openapi/source.json");
  return {
    root,
    remove: () => rm(root, { recursive: true, force: true }),
    async editSourceConfig(edit) {
      const config = JSON.parse(await readFile(sourceFile, "utf8")) as Record<string, unknown>;
      edit(config);
      await writeFile(sourceFile, JSON.stringify(config, null, 2));
    },
  };
}

/** A loopback URL nobody listens on: bind a port, close it, hand it out. */
export async function refusingUrl(path = "/openapi.yaml"): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((done) => server.close(() => done()));
  return `http://127.0.0.1:${port}${path}`;
}

/**
 * What prettier, with the project's settings, makes of a generated file: the codegen prints
 * registry.ts and resources.ts in this layout itself, without running prettier.
 */
export async function prettierFormatted(contents: string, path: string): Promise<string> {
  const filepath = join(PROJECT_ROOT, "generated", path);
  return format(contents, { ...(await resolveConfig(filepath)), filepath });
}
