/**
 * The facade: `altegio.clients.get({ location_id, id })` and the like, one namespace per tag,
 * built from generated/resources.ts (namespace → method → operationId). Each method splits its
 * flat `params` into `{ path, query, body }` (flat-params.ts) and calls the client's `request`;
 * `.withResponse` calls `requestWithResponse`. Pagination and the hand-written helpers are
 * attached here too, so `createAltegioClient` stays the one factory.
 */
import {
  resourceTable,
  type AppointmentsResource,
  type ClientsResource,
  type GeneratedResources,
} from "../generated/resources.js";
import type { EnvelopeMeta } from "./envelope.js";
import { ConfigurationError, InvalidArgumentError } from "./errors.js";
import { createSplitter, type SplitInput, type Splitter } from "./flat-params.js";
import { attachHelpers, type AppointmentHelpers, type ClientHelpers } from "./helpers/index.js";
import type { OperationMeta } from "./operation.js";
import { createPagination, type PaginationMethods } from "./pagination.js";
import type { CallOptions } from "./pipeline.js";
import type { Registry } from "./registry-lookup.js";

/** Every namespace of the facade, with the helpers on `clients` and `appointments`. */
export interface AltegioResources extends GeneratedResources {
  /** Tag "Clients", plus the helper `findByPhone`. */
  readonly clients: ClientsResource & ClientHelpers;
  /** Tag "Appointments", plus the helpers `listInRange` and `book`. */
  readonly appointments: AppointmentsResource & AppointmentHelpers;
}

/** What `createAltegioClient` adds to the client: the namespaces, `paginate` and `collectAll`. */
export type AltegioFacade = AltegioResources & PaginationMethods;

/** The part of the client the facade calls. */
export interface FacadeCore {
  request(operationId: string, input?: unknown, options?: CallOptions): Promise<unknown>;
  requestWithResponse(
    operationId: string,
    input?: unknown,
    options?: CallOptions,
  ): Promise<{ data: unknown; meta: EnvelopeMeta; response: Response }>;
  readonly registry: Registry;
}

type AnyMethod = ((params?: unknown, options?: CallOptions) => Promise<unknown>) & {
  withResponse(params?: unknown, options?: CallOptions): Promise<unknown>;
  readonly operationId: string;
};

/** Adds the namespaces, `paginate` and `collectAll` to `client` (in place) and returns it. */
export function attachResources<C extends FacadeCore>(client: C): C & AltegioFacade {
  const methods = new Map<string, AnyMethod>();
  const target = client as unknown as Record<string, unknown>;
  for (const [namespace, members] of Object.entries(resourceTable)) {
    if (namespace in target) {
      throw new ConfigurationError(
        `The facade namespace "${namespace}" collides with a client member.`,
      );
    }
    const group: Record<string, AnyMethod> = {};
    for (const [name, operationId] of Object.entries(members)) {
      const method = createMethod(client, operationId, `${namespace}.${name}`);
      group[name] = method;
      methods.set(operationId, method);
    }
    target[namespace] = group;
  }

  const pagination = createPagination({
    operation: (operationId) => lookup(client.registry, operationId),
    call: (operationId, params, options) => {
      const method = methods.get(operationId);
      return method
        ? (method.withResponse(params, options) as ReturnType<FacadeCore["requestWithResponse"]>)
        : client.requestWithResponse(
            operationId,
            splitterFor(client, operationId)(params),
            options,
          );
    },
  });
  target.paginate = pagination.paginate;
  target.collectAll = pagination.collectAll;

  const facade = client as unknown as C & AltegioFacade;
  attachHelpers(facade);
  return facade;
}

function createMethod(core: FacadeCore, operationId: string, label: string): AnyMethod {
  let splitter: Splitter | undefined;
  const split = (params: unknown): SplitInput =>
    (splitter ??= splitterFor(core, operationId))(params);
  // Not async: one promise per call (the request's). Split errors still surface as rejections.
  const method = ((params?: unknown, options?: CallOptions) => {
    let input: SplitInput;
    try {
      input = split(params);
    } catch (error) {
      return Promise.reject(error);
    }
    return core.request(operationId, input, options);
  }) as AnyMethod;
  const withResponse = (params?: unknown, options?: CallOptions) => {
    let input: SplitInput;
    try {
      input = split(params);
    } catch (error) {
      return Promise.reject(error);
    }
    return core.requestWithResponse(operationId, input, options);
  };
  Object.defineProperties(method, {
    name: { value: label },
    operationId: { value: operationId, enumerable: true },
    withResponse: { value: withResponse, enumerable: true },
  });
  return method;
}

function splitterFor(core: FacadeCore, operationId: string): Splitter {
  return createSplitter(lookup(core.registry, operationId));
}

function lookup(registry: Registry, operationId: string): OperationMeta {
  const operation = Object.hasOwn(registry, operationId) ? registry[operationId] : undefined;
  if (!operation) {
    throw new InvalidArgumentError(
      "operationId",
      `Unknown operation "${operationId}": it is not in the registry of this client.`,
    );
  }
  return operation;
}
