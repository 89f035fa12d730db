#!/usr/bin/env node
// `npx altegio-sandbox`: runs the built CLI when the package is built, else the TypeScript
// source through tsx (a development dependency, present in a clone of the repository; run it
// from the repository root, whose tsconfig.json maps `altegio-sdk` to the SDK's source).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
const built = new URL("dist/cli.js", root);

if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("src/cli.ts", root).href);
}
