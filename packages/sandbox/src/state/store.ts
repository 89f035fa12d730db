/** All the sandbox's state for the core entities, seeded the same way for the same seed. */
import { seededRandom } from "../faults.js";
import type {
  Appointment,
  Client,
  ClientComment,
  ClientFile,
  ImageUpload,
  Location,
  Service,
  TeamMember,
} from "./model.js";
import { seed } from "./seed.js";
import { Table } from "./table.js";

export class SandboxState {
  readonly locations = new Table<Location>(41001);
  readonly clients = new Table<Client>(90001);
  readonly comments = new Table<ClientComment>(7001);
  readonly files = new Table<ClientFile>(8001);
  readonly images = new Table<ImageUpload>(9001);
  readonly services = new Table<Service>(5001);
  readonly staff = new Table<TeamMember>(3001);
  readonly appointments = new Table<Appointment>(300001);
  private visitCounter = 600001;

  /**
   * @param seedNumber picks names, phones and bookings; the same number gives the same data.
   * @param anchor the day the seeded calendar is built around (appointments before and after it).
   */
  constructor(
    private readonly seedNumber: number,
    private readonly anchor: Date,
  ) {
    this.reset();
  }

  reset(): void {
    for (const table of [
      this.locations,
      this.clients,
      this.comments,
      this.files,
      this.images,
      this.services,
      this.staff,
      this.appointments,
    ]) {
      table.clear();
    }
    this.visitCounter = 600001;
    seed(this, seededRandom(this.seedNumber), this.anchor);
  }

  nextVisitId(): number {
    return this.visitCounter++;
  }

  counts(): Record<string, number> {
    return {
      locations: this.locations.size,
      clients: this.clients.size,
      comments: this.comments.size,
      files: this.files.size,
      images: this.images.size,
      services: this.services.size,
      team_members: this.staff.size,
      appointments: this.appointments.where((a) => !a.deleted).length,
    };
  }
}

/** `2026-01-05T10:00:00+00:00`: the API's datetime form (the sandbox keeps UTC). */
export function apiDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/** `2026-01-05 10:00:00` */
export function apiSpacedDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

export function nowDateTime(): string {
  return apiDateTime(new Date());
}
