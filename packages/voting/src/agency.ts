import { getRulebook, type BaseKind, type Rulebook, type RulebookId } from '@tinnhiem/rules';

/**
 * What makes one deployment of the voting engine an agency's own: its name in
 * the graph (prefix of every operation), the body it belongs to, and the
 * rulebook its confidence polls follow.
 */
export interface AgencyConfig {
  /** `party`, `council` or `committee`: prefixes operations (`partyRounds`) and roles (`party:admin`). */
  readonly id: string;
  /** The name a person reads, e.g. "Ban Chấp hành Đảng bộ thành phố". */
  readonly name: string;
  readonly rulebook: RulebookId;
  /** Overrides the rulebook's percentage base (R4) when the agency's plan says so. */
  readonly base?: BaseKind;
}

export function rulebookOf(agency: AgencyConfig): Rulebook {
  return getRulebook(agency.rulebook);
}

export function baseKindOf(agency: AgencyConfig): BaseKind {
  return agency.base ?? rulebookOf(agency).defaultBase;
}

export function adminRole(agency: AgencyConfig): string {
  return `${agency.id}:admin`;
}

export function counterRole(agency: AgencyConfig): string {
  return `${agency.id}:counter`;
}

export function capitalised(agency: AgencyConfig): string {
  return agency.id.charAt(0).toUpperCase() + agency.id.slice(1);
}
