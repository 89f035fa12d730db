/**
 * The facade as data: the generated registry names each operation's `namespace.method`, and one
 * generic method (below) serves them all. Namespaces and methods are built on first use over
 * prototypes shared by every client, so creating a client costs nothing for its 261 methods.
 */
import { operations } from "../../generated/registry.js";
import type { Envelope } from "../core/envelope.js";
import { ConfigurationError } from "../core/errors.js";
import type { CallOptions } from "../core/pipeline.js";
import { helpers } from "./helpers/index.js";

/** What a facade method needs of the client: a call with the flat `params`. */
export interface FacadeHost {
  callFlat(operationId: string, params: unknown, options?: CallOptions): Promise<Envelope>;
}

const HOST = Symbol("altegio.host");
type Namespace = { [HOST]: FacadeHost };

/** Defines `clients`, `appointments`... on the client class's prototype (once, at first client). */
export function defineNamespaces(clientPrototype: object): void {
  const prototypes = new Map<string, object>();
  const member = (namespace: string, name: string, make: (host: FacadeHost) => unknown) => {
    let prototype = prototypes.get(namespace);
    if (!prototype) prototypes.set(namespace, (prototype = {}));
    lazy(prototype, name, (ns) => make((ns as Namespace)[HOST]));
  };
  for (const [operationId, meta] of Object.entries(operations)) {
    const [namespace, name] = (meta as { facade?: string }).facade?.split(".") ?? [];
    if (namespace && name) {
      member(namespace, name, (host) => facadeMethod(host, operationId, `${namespace}.${name}`));
    }
  }
  for (const [namespace, members] of Object.entries(helpers)) {
    for (const [name, helper] of Object.entries(members)) {
      member(
        namespace,
        name,
        (host) => (args: unknown, options?: CallOptions) =>
          helper(host as never, args as never, options),
      );
    }
  }
  for (const [namespace, prototype] of prototypes) {
    if (namespace in clientPrototype) {
      throw new ConfigurationError(
        `The facade namespace "${namespace}" collides with a client member.`,
      );
    }
    lazy(clientPrototype, namespace, (client) =>
      Object.assign(Object.create(prototype) as object, { [HOST]: client }),
    );
  }
}

/** A getter on `prototype` that builds the value for its instance once, then keeps it there. */
function lazy(prototype: object, name: string, make: (instance: object) => unknown): void {
  Object.defineProperty(prototype, name, {
    enumerable: true,
    configurable: true,
    get(this: object) {
      const value = make(this);
      Object.defineProperty(this, name, { value, enumerable: true });
      return value;
    },
  });
}

const dataOf = (envelope: Envelope) => envelope.data;

/** The one generic facade method: `(params, options)` → data; `.withResponse` → the envelope. */
function facadeMethod(host: FacadeHost, operationId: string, label: string) {
  const withResponse = (params?: unknown, options?: CallOptions) =>
    host.callFlat(operationId, params, options);
  const method = (params?: unknown, options?: CallOptions) =>
    withResponse(params, options).then(dataOf);
  return Object.defineProperties(method, {
    name: { value: label },
    operationId: { value: operationId, enumerable: true },
    withResponse: { value: withResponse, enumerable: true },
  });
}
