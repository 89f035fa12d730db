/**
 * Books a client with the first team member free on a day: reads the team's schedules for the
 * week (date-window pagination), books the slot, then moves it by an hour and cancels it again
 * when run with --dry-run (a rehearsal that leaves nothing behind).
 *
 *   ALTEGIO_PARTNER_TOKEN=... ALTEGIO_LOGIN=... ALTEGIO_PASSWORD=... ALTEGIO_LOCATION_ID=123 \
 *     npx tsx examples/booking.ts 2026-03-02 --dry-run
 */
import { ConflictError } from "../src/index.js";
import { clientFromEnv, idFromEnv, run } from "./env.js";

run(async () => {
  const altegio = clientFromEnv();
  const location_id = idFromEnv("ALTEGIO_LOCATION_ID");
  const day = process.argv[2] ?? new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const dryRun = process.argv.includes("--dry-run");
  if (!process.env.ALTEGIO_USER_TOKEN) await altegio.login();

  const services = await altegio.services.list({ location_id });
  const service = Array.isArray(services) ? services[0] : undefined;
  if (service?.id === undefined) throw new Error("The location has no services.");

  // Who works that day? Schedules come by date window (here one week starting on the day).
  const week = await altegio.collectAll(
    altegio.schedules.listTeamMemberSchedules,
    { location_id, start_date: day, end_date: day, "include[]": ["busy_intervals"] },
    { windowDays: 7 },
  );
  const team = await altegio.teamMembers.list({ location_id });
  const working = week.find((row) => row.date === day && (row.slots?.length ?? 0) > 0);
  const team_member_id = working?.staff_id ?? (Array.isArray(team) ? team[0]?.id : undefined);
  if (team_member_id === undefined) throw new Error("The location has no team members.");
  if (!working) console.log(`no schedule found for ${day}; trying team member ${team_member_id}`);

  let appointment;
  try {
    appointment = await altegio.appointments.book({
      location_id,
      team_member_id,
      services: [service.id],
      client: { phone: "+13155550175", name: "Jane Doe" },
      start: `${day}T10:00:00Z`,
      duration_minutes: 60,
      comment: "Booked by examples/booking.ts",
    });
  } catch (error) {
    if (error instanceof ConflictError) {
      console.log("10:00 is taken:", error.message);
      return;
    }
    throw error;
  }
  const record_id = appointment.id;
  console.log("booked", record_id);
  if (!dryRun || record_id === undefined) return;

  const current = await altegio.appointments.get({ location_id, record_id });
  await altegio.appointments.update({
    location_id,
    record_id,
    body: {
      staff_id: team_member_id,
      services: [{ id: service.id }],
      client: { phone: "+13155550175", name: "Jane Doe" },
      datetime: `${day}T11:00:00Z`,
      seance_length: current.seance_length ?? 3600,
    },
  });
  await altegio.appointments.delete({ location_id, record_id });
  console.log("moved to 11:00, then cancelled (dry run)");
});
