/** Word lists for seeded example data: plausible, and fictional (555-01xx numbers). */

export const FIRST_NAMES: readonly string[] = (
  "Olivia Liam Emma Noah Ava Elijah Sophia James Isabella Lucas Mia Mason Amelia Ethan Harper " +
  "Logan Evelyn Aiden Abigail Caleb Emily Daniel Ella Henry Scarlett Jack Grace Owen Chloe " +
  "Samuel Lily Ryan Zoe Nathan Nora Leo Hannah Isaac Aria Julian"
).split(" ");

export const LAST_NAMES: readonly string[] = (
  "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez " +
  "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis " +
  "Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell"
).split(" ");

/** US area codes; with 555-0100..0199 they give fictional numbers in `+1XXXXXXXXXX` form. */
export const AREA_CODES = ["315", "212", "415", "617", "312", "206", "512", "303"] as const;

export const LOCATIONS = [
  {
    title: "Sandbox Hair Studio",
    short_descr: "Hair salon",
    address: "120 Water Street",
    city: "Syracuse",
    city_id: 5401,
    zip: "13202",
    coordinate_lat: 43.0481,
    coordinate_lon: -76.1474,
    timezone_name: "America/New_York",
    timezone: -5,
  },
  {
    title: "Sandbox Beauty Lab",
    short_descr: "Beauty salon",
    address: "45 Riverside Drive",
    city: "Austin",
    city_id: 5402,
    zip: "78701",
    coordinate_lat: 30.2672,
    coordinate_lon: -97.7431,
    timezone_name: "America/Chicago",
    timezone: -6,
  },
] as const;

export const SERVICES = [
  { title: "Women's haircut", minutes: 60, price: 65 },
  { title: "Men's haircut", minutes: 30, price: 35 },
  { title: "Hair coloring", minutes: 120, price: 140 },
  { title: "Blow-dry and styling", minutes: 45, price: 45 },
  { title: "Manicure", minutes: 45, price: 30 },
  { title: "Pedicure", minutes: 60, price: 45 },
] as const;

export const POSITIONS = [
  { id: 301, title: "Senior stylist" },
  { id: 302, title: "Stylist" },
  { id: 303, title: "Nail technician" },
] as const;
