/**
 * Document-level servers, old against new. A server whose URL changed is recognised by its
 * description (e.g. "Production"), else by its position in the list.
 */
import { change } from "./change.js";
import { arrayAt, stringAt } from "./json.js";
import type { Change } from "./model.js";

interface Server {
  readonly url: string;
  readonly description: string | undefined;
  readonly index: number;
}

export function diffServers(before: unknown, after: unknown): Change[] {
  const oldServers = serversOf(before);
  const newServers = serversOf(after);
  const removed = oldServers.filter((s) => !newServers.some((n) => n.url === s.url));
  const added = newServers.filter((s) => !oldServers.some((o) => o.url === s.url));
  const out: Change[] = [];
  for (const server of [...removed]) {
    const match =
      (server.description !== undefined
        ? added.find((n) => n.description === server.description)
        : undefined) ??
      added.find(
        (n) =>
          n.index === server.index &&
          (n.description === undefined || server.description === undefined),
      );
    if (match === undefined) continue;
    out.push(
      change("server.url-changed", {
        subject: `server ${label(match)}`,
        from: server.url,
        to: match.url,
      }),
    );
    removed.splice(removed.indexOf(server), 1);
    added.splice(added.indexOf(match), 1);
  }
  for (const server of removed) {
    out.push(change("server.removed", { subject: `server ${label(server)}`, from: server.url }));
  }
  for (const server of added) {
    out.push(change("server.added", { subject: `server ${label(server)}`, to: server.url }));
  }
  return out;
}

function serversOf(document: unknown): Server[] {
  return arrayAt(document, "servers").flatMap((raw, index) => {
    const url = stringAt(raw, "url");
    return url === undefined ? [] : [{ url, description: stringAt(raw, "description"), index }];
  });
}

function label(server: Server): string {
  return server.description !== undefined ? `"${server.description}"` : `#${server.index + 1}`;
}
