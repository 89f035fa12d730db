/** The operations the sandbox keeps state for; every other operation answers a schema mock. */
import { appointmentHandlers } from "./appointments.js";
import { authHandlers } from "./auth.js";
import { clientExtraHandlers } from "./client-extras.js";
import { clientHandlers } from "./clients.js";
import { locationHandlers } from "./locations.js";
import { serviceHandlers } from "./services.js";
import { staffHandlers } from "./staff.js";
import type { HandlerMap } from "./types.js";

export const statefulHandlers: HandlerMap = {
  ...authHandlers,
  ...locationHandlers,
  ...clientHandlers,
  ...clientExtraHandlers,
  ...serviceHandlers,
  ...staffHandlers,
  ...appointmentHandlers,
};

export type { HandlerInput, HandlerOutput, OperationHandler, UploadedFile } from "./types.js";
