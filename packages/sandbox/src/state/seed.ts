/**
 * Seed data: 2 locations, services, team members, 60 + 6 clients (several pages of 25) and a
 * calendar of appointments around the anchor day. Every choice comes from the seeded generator.
 */
import type { Client, TeamMember } from "./model.js";
import { AREA_CODES, FIRST_NAMES, LAST_NAMES, LOCATIONS, POSITIONS, SERVICES } from "./names.js";
import { apiDateTime, type SandboxState } from "./store.js";

type Random = () => number;

const CLIENTS_PER_LOCATION = [60, 6] as const;
const STAFF_PER_LOCATION = [4, 2] as const;
const SERVICES_PER_LOCATION = [6, 3] as const;
/** Start hours (UTC) of the seeded appointment slots. */
const SLOT_HOURS = [9, 11, 14, 16] as const;
const DAYS_AROUND_ANCHOR = { before: 4, after: 4 } as const;

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function dayStart(anchor: Date, offsetDays: number): Date {
  const day = new Date(
    Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate()),
  );
  day.setUTCDate(day.getUTCDate() + offsetDays);
  return day;
}

export function seed(state: SandboxState, random: Random, anchor: Date): void {
  const created = apiDateTime(dayStart(anchor, -30));
  const usedPhones = new Set<string>();
  const phone = (): string => {
    for (;;) {
      const candidate = `+1${pick(random, AREA_CODES)}5550${100 + Math.floor(random() * 100)}`;
      if (!usedPhones.has(candidate)) {
        usedPhones.add(candidate);
        return candidate;
      }
    }
  };

  LOCATIONS.forEach((place, index) => {
    const location = state.locations.insert({
      ...place,
      public_title: place.title,
      description: `${place.title}: a location seeded by the Altegio sandbox.`,
      business_type_id: 1,
      country: "United States",
      country_id: 7,
      phone: phone(),
      phones: [],
      site: "https://example.com",
      currency_short_title: "USD",
      social: { facebook: "", instagram: "", telegram: "", viber: "", vk: "", whatsapp: "" },
      active: 1,
    });

    const team: TeamMember[] = [];
    for (let i = 0; i < STAFF_PER_LOCATION[index]!; i++) {
      const position = POSITIONS[i % POSITIONS.length]!;
      const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
      team.push(
        state.staff.insert({
          location_id: location.id,
          name,
          specialization: position.title,
          position: { ...position },
          information: "",
          api_id: "",
          weight: 10 - i,
          fired: 0,
          hidden: 0,
          status: 0,
          user_id: null,
          rating: Math.round((4 + random()) * 10) / 10,
          votes_count: Math.floor(random() * 40),
          comments_count: 0,
          is_paid_staff: true,
          is_included_in_payment_policy: false,
          has_access_timetable: true,
          avatar: "",
          phone: phone(),
          email: `${name.toLowerCase().replace(" ", ".")}@example.com`,
        }),
      );
    }

    const services = SERVICES.slice(0, SERVICES_PER_LOCATION[index]).map((s, i) =>
      state.services.insert({
        location_id: location.id,
        title: s.title,
        booking_title: s.title,
        category_id: 1,
        price_min: s.price,
        price_max: s.price + 15,
        discount: 0,
        duration: s.minutes * 60,
        comment: "",
        active: 1,
        api_id: "",
        weight: SERVICES.length - i,
        staff: team.map((member) => ({ id: member.id, seance_length: s.minutes * 60 })),
        technical_break_duration: null,
      }),
    );

    const clients: Client[] = [];
    for (let i = 0; i < CLIENTS_PER_LOCATION[index]!; i++) {
      const name = pick(random, FIRST_NAMES);
      const surname = pick(random, LAST_NAMES);
      clients.push(
        state.clients.insert({
          location_id: location.id,
          name,
          surname,
          middle_name: "",
          phone: phone(),
          email: `${name}.${surname}${i}@example.com`.toLowerCase(),
          gender_id: 0,
          importance_id: 0,
          discount: random() < 0.2 ? 10 : 0,
          card: "",
          birth_date: "",
          comment: "",
          sms_check: 0,
          sms_not: 0,
          spent: 0,
          balance: 0,
          visits: 0,
          categories: [],
          custom_fields: {},
          last_change_date: created,
        }),
      );
    }

    for (let day = -DAYS_AROUND_ANCHOR.before; day <= DAYS_AROUND_ANCHOR.after; day++) {
      for (const member of team) {
        for (const hour of SLOT_HOURS) {
          if (random() < 0.55) continue;
          const service = pick(random, services);
          const client = pick(random, clients);
          const start = dayStart(anchor, day);
          start.setUTCHours(hour);
          const past = day < 0;
          if (past) {
            client.visits += 1;
            client.spent += service.price_min;
          }
          state.appointments.insert({
            location_id: location.id,
            staff_id: member.id,
            services: [
              {
                id: service.id,
                title: service.title,
                cost: service.price_min,
                first_cost: service.price_min,
                discount: 0,
              },
            ],
            client: {
              id: client.id,
              name: `${client.name} ${client.surname}`,
              phone: client.phone,
              email: client.email,
            },
            datetime: apiDateTime(start),
            seance_length: service.duration,
            comment: "",
            attendance: past ? 1 : 0,
            confirmed: 1,
            api_id: "",
            activity_id: 0,
            visit_id: state.nextVisitId(),
            created_user_id: 1001,
            create_date: created,
            last_change_date: created,
            deleted: false,
            custom_color: "",
          });
        }
      }
    }
  });
}
