/**
 * The facade: `altegio.clients.get({ location_id, id })` and the like, one namespace per tag, as
 * data: the generated registry names each operation's `namespace.method`, and one generic method
 * (below) serves them all. Namespaces and methods are built on first use and shared through
 * prototypes, so creating a client costs nothing for its 261 methods.
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
  for (const [namespace, prototype] of namespacePrototypes()) {
    if (namespace in clientPrototype) {
      throw new ConfigurationError(
        `The facade namespace "${namespace}" collides with a client member.`,
      );
    }
    lazy(clientPrototype, namespace, (client) => {
      const ns = Object.create(prototype) as Namespace;
      ns[HOST] = client as FacadeHost;
      return ns;
    });
  }
}

function namespacePrototypes(): Map<string, object> {
  const prototypes = new Map<string, object>();
  const prototypeOf = (namespace: string) => {
    let prototype = prototypes.get(namespace);
    if (!prototype) prototypes.set(namespace, (prototype = {}));
    return prototype;
  };
  for (const [operationId, meta] of Object.entries(operations)) {
    const [namespace, name] = (meta as { facade?: string }).facade?.split(".") ?? [];
    if (!namespace || !name) continue;
    const label = `${namespace}.${name}`;
    lazy(prototypeOf(namespace), name, (ns) =>
      facadeMethod((ns as Namespace)[HOST], operationId, label),
    );
  }
  for (const [namespace, members] of Object.entries(helpers)) {
    for (const [name, helper] of Object.entries(members)) {
      lazy(prototypeOf(namespace), name, (ns) => {
        const host = (ns as Namespace)[HOST];
        return (args: unknown, options?: CallOptions) =>
          helper(host as never, args as never, options);
      });
    }
  }
  return prototypes;
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

function dataOf(envelope: Envelope): unknown {
  return envelope.data;
}
