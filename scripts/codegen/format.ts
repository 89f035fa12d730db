/** Formatting generated text with the project's prettier settings, so output is byte-stable. */
import { format, resolveConfig } from "prettier";

/** The project's .prettierrc.json; used when a copy of the project has none. */
const FALLBACK = { printWidth: 100 };

export async function formatSource(text: string, filepath: string): Promise<string> {
  const config = (await resolveConfig(filepath)) ?? FALLBACK;
  return format(text, { ...config, filepath });
}
