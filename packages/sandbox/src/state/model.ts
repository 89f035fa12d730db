/** The entities the sandbox keeps state for, in the API's own field names. */

export interface Location {
  id: number;
  title: string;
  public_title: string;
  short_descr: string;
  description: string;
  business_type_id: number;
  address: string;
  city: string;
  city_id: number;
  country: string;
  country_id: number;
  zip: string;
  coordinate_lat: number;
  coordinate_lon: number;
  phone: string;
  phones: string[];
  site: string;
  timezone: number;
  timezone_name: string;
  currency_short_title: string;
  social: Record<string, string>;
  active: number;
}

export interface Client {
  id: number;
  location_id: number;
  name: string;
  surname: string;
  middle_name: string;
  phone: string;
  email: string;
  gender_id: number;
  importance_id: number;
  discount: number;
  card: string;
  birth_date: string;
  comment: string;
  sms_check: number;
  sms_not: number;
  spent: number;
  balance: number;
  visits: number;
  categories: unknown[];
  custom_fields: Record<string, unknown>;
  last_change_date: string;
}

export interface ClientComment {
  id: number;
  location_id: number;
  client_id: number;
  text: string;
  user_id: number | null;
  user_name: string;
  create_date: string;
  update_date: string;
}

export interface ClientFile {
  id: number;
  location_id: number;
  client_id: number;
  name: string;
  mime: string;
  size: number;
  user_name: string;
  create_date: string;
}

export interface ImageUpload {
  id: number;
  entity: string;
  entity_id: number;
  name: string;
  mime: string;
  size: number;
}

export interface ServiceStaffLink {
  id: number;
  seance_length: number;
}

export interface Service {
  id: number;
  location_id: number;
  title: string;
  booking_title: string;
  category_id: number;
  price_min: number;
  price_max: number;
  discount: number;
  /** Seconds. */
  duration: number;
  comment: string;
  active: number;
  api_id: string;
  weight: number;
  staff: ServiceStaffLink[];
  technical_break_duration: number | null;
}

export interface Position {
  id: number;
  title: string;
}

export interface TeamMember {
  id: number;
  location_id: number;
  name: string;
  specialization: string;
  position: Position | null;
  information: string;
  api_id: string;
  weight: number;
  fired: number;
  hidden: number;
  status: number;
  user_id: number | null;
  rating: number;
  votes_count: number;
  comments_count: number;
  is_paid_staff: boolean;
  is_included_in_payment_policy: boolean;
  has_access_timetable: boolean;
  avatar: string;
  phone: string;
  email: string;
}

export interface AppointmentService {
  id: number;
  title: string;
  cost: number;
  first_cost: number;
  discount: number;
}

export interface Appointment {
  id: number;
  location_id: number;
  staff_id: number;
  services: AppointmentService[];
  client: { id: number | null; name: string; phone: string; email: string } | null;
  /** ISO 8601 with offset, e.g. `2026-01-05T10:00:00+00:00`. */
  datetime: string;
  /** Seconds. */
  seance_length: number;
  comment: string;
  attendance: number;
  confirmed: number;
  api_id: string;
  activity_id: number;
  visit_id: number;
  created_user_id: number;
  create_date: string;
  last_change_date: string;
  deleted: boolean;
  custom_color: string;
}
