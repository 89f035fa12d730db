/** Team members (staff) of a location: unpaged list, read (two routes), quick create, update, delete. */
import { notFound } from "../envelope.js";
import type { TeamMember } from "../state/model.js";
import type { SandboxState } from "../state/store.js";
import {
  asRecord,
  idParam,
  invalid,
  pickDefined,
  requireString,
  type HandlerInput,
  type HandlerMap,
  type HandlerOutput,
} from "./types.js";
import type { FieldErrors } from "altegio-sdk";

const EDITABLE = [
  "name",
  "specialization",
  "information",
  "api_id",
  "weight",
  "fired",
  "hidden",
  "user_id",
  "is_paid_staff",
  "is_included_in_payment_policy",
  "has_access_timetable",
] as const;

/** The shape of `get_team_member`, `update_team_member` and the create answers. */
export function teamMemberView(member: TeamMember): Record<string, unknown> {
  return {
    id: member.id,
    company_id: member.location_id,
    name: member.name,
    specialization: member.specialization,
    position: member.position,
    avatar: member.avatar,
    avatar_big: member.avatar,
    fired: member.fired,
    hidden: member.hidden,
    status: member.status,
    user_id: member.user_id,
    is_paid_staff: member.is_paid_staff,
    is_included_in_payment_policy: member.is_included_in_payment_policy,
  };
}

/** The richer rows of `get_team_member_list`. */
function listView(member: TeamMember): Record<string, unknown> {
  return {
    ...teamMemberView(member),
    api_id: member.api_id === "" ? null : Number(member.api_id) || null,
    bookable: member.fired === 0 && member.hidden === 0,
    comments_count: member.comments_count,
    has_access_timetable: member.has_access_timetable,
    image_group: [],
    information: member.information,
    position: member.position ?? [],
    position_id: member.position?.id ?? 0,
    prepaid: "forbidden",
    rating: member.rating,
    show_rating: 1,
    user: [],
    votes_count: member.votes_count,
    weight: member.weight,
  };
}

/** `get_team_member_by_id` answers a one-row list with flags as strings (as described). */
function legacyView(member: TeamMember): Record<string, unknown> {
  return {
    id: member.id,
    api_id: member.api_id,
    name: member.name,
    specialization: member.specialization,
    position: member.position ?? [],
    avatar: member.avatar,
    avatar_big: member.avatar,
    fired: String(member.fired),
    hidden: String(member.hidden),
    status: String(member.status),
    weight: String(member.weight),
    user_id: member.user_id,
    information: member.information,
    rating: member.rating,
    show_rating: 1,
    votes_count: member.votes_count,
    comments_count: member.comments_count,
  };
}

export function findTeamMember(state: SandboxState, locationId: number, id: number): TeamMember {
  const member = state.staff.get(id);
  if (!member || member.location_id !== locationId) throw notFound("Team member");
  return member;
}

function blankMember(locationId: number, name: string): Omit<TeamMember, "id"> {
  return {
    location_id: locationId,
    name,
    specialization: "",
    position: null,
    information: "",
    api_id: "",
    weight: 0,
    fired: 0,
    hidden: 0,
    status: 0,
    user_id: null,
    rating: 0,
    votes_count: 0,
    comments_count: 0,
    is_paid_staff: true,
    is_included_in_payment_policy: false,
    has_access_timetable: false,
    avatar: "",
    phone: "",
    email: "",
  };
}

function getOne({ state, params }: HandlerInput): TeamMember {
  return findTeamMember(state, idParam(params, "location_id"), idParam(params, "team_member_id"));
}

function createLegacy({ state, params, body }: HandlerInput): HandlerOutput {
  const input = asRecord(body);
  const errors: FieldErrors = {};
  const name = requireString(input, "name", errors);
  if (Object.keys(errors).length > 0) throw invalid(errors);
  const fields = pickDefined(input, EDITABLE) as Partial<TeamMember>;
  const member = state.staff.insert({
    ...blankMember(idParam(params, "location_id"), name),
    ...fields,
    name,
  });
  return { data: teamMemberView(member) };
}

export const staffHandlers: HandlerMap = {
  get_team_member_list({ state, params }) {
    const locationId = idParam(params, "location_id");
    const members = state.staff.where((m) => m.location_id === locationId).map(listView);
    return { data: members, meta: { total_count: members.length } };
  },

  get_team_member_by_id(input) {
    return { data: [legacyView(getOne(input))] };
  },

  get_team_member(input) {
    return { data: teamMemberView(getOne(input)) };
  },

  create_team_member_quick({ state, params, body }) {
    const locationId = idParam(params, "location_id");
    const input = asRecord(body);
    const errors: FieldErrors = {};
    const name = requireString(input, "name", errors);
    const positionId = input.position_id;
    if (positionId !== undefined && positionId !== null) {
      const taken = state.staff.all().find((m) => m.position?.id === Number(positionId));
      if (!taken) errors.position_id = [`Position ${String(positionId)} does not exist`];
    }
    if (Object.keys(errors).length > 0) throw invalid(errors);
    const position =
      positionId === undefined || positionId === null
        ? null
        : (state.staff.all().find((m) => m.position?.id === Number(positionId))?.position ?? null);
    const member = state.staff.insert({
      ...blankMember(locationId, name),
      specialization: typeof input.specialization === "string" ? input.specialization : "",
      position: position ? { ...position } : null,
      is_paid_staff: input.is_paid_staff !== false,
      phone: typeof input.user_phone === "string" ? input.user_phone : "",
      email: typeof input.user_email === "string" ? input.user_email : "",
    });
    // The described answer types `position` as allOf(object) (its `null` cannot validate).
    return { data: { ...teamMemberView(member), position: member.position ?? {} } };
  },

  deprecated_create_team_member: createLegacy,

  update_team_member(input) {
    const member = getOne(input);
    const fields = pickDefined(asRecord(input.body), EDITABLE) as Partial<TeamMember>;
    if (fields.name !== undefined && String(fields.name).trim() === "") {
      throw invalid({ name: ["The name field must not be empty"] });
    }
    Object.assign(member, fields);
    return { data: teamMemberView(member) };
  },

  delete_team_member(input) {
    const member = getOne(input);
    input.state.staff.delete(member.id);
    for (const service of input.state.services.where((s) => s.location_id === member.location_id)) {
      service.staff = service.staff.filter((link) => link.id !== member.id);
    }
    return { data: null };
  },
};
