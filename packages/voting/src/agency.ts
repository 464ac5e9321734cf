import { agencyAdminRole, agencyCounterRole } from '@tinnhiem/platform';
import { BASE_KINDS, getRulebook, withSettings, type BaseKind, type Rulebook, type RulebookId, type RulebookSettings } from '@tinnhiem/rules';

/**
 * What makes one deployment of the voting engine an agency's own: its name in
 * the graph (prefix of every operation), the body it belongs to, and the
 * rulebook its confidence polls follow, with the agency's settings of the
 * points the texts leave open (R4: the percentage base and rounding).
 */
export interface AgencyConfig {
  /** `party`, `council` or `committee`: prefixes operations (`partyRounds`) and roles (`party:admin`). */
  readonly id: string;
  /** The name a person reads, e.g. "Ban Chấp hành Đảng bộ thành phố". */
  readonly name: string;
  readonly rulebook: RulebookId;
  readonly settings?: RulebookSettings;
}

export function rulebookOf(agency: AgencyConfig): Rulebook {
  return withSettings(getRulebook(agency.rulebook), agency.settings ?? {});
}

export function baseKindOf(agency: AgencyConfig): BaseKind {
  return rulebookOf(agency).defaultBase;
}

/**
 * `<AGENCY>_PERCENT_BASE` (SUMMONED, PRESENT, ISSUED, COLLECTED, VALID) and
 * `<AGENCY>_PERCENT_ROUNDING` (NEAREST, TRUNCATE), e.g. COUNCIL_PERCENT_BASE;
 * unset means the rulebook's default. A wrong value stops the service at start.
 */
export function rulebookSettingsFromEnvironment(agencyId: string, env: NodeJS.ProcessEnv = process.env): RulebookSettings {
  const prefix = agencyId.toUpperCase();
  const base = env[`${prefix}_PERCENT_BASE`];
  const rounding = env[`${prefix}_PERCENT_ROUNDING`];
  if (base !== undefined && !(BASE_KINDS as readonly string[]).includes(base)) {
    throw new Error(`${prefix}_PERCENT_BASE must be one of ${BASE_KINDS.join(', ')}, got "${base}".`);
  }
  if (rounding !== undefined && rounding !== 'NEAREST' && rounding !== 'TRUNCATE') {
    throw new Error(`${prefix}_PERCENT_ROUNDING must be NEAREST or TRUNCATE, got "${rounding}".`);
  }
  return { ...(base ? { base: base as BaseKind } : {}), ...(rounding ? { rounding } : {}) };
}

export function adminRole(agency: AgencyConfig): string {
  return agencyAdminRole(agency.id);
}

export function counterRole(agency: AgencyConfig): string {
  return agencyCounterRole(agency.id);
}

export function capitalised(agency: AgencyConfig): string {
  return agency.id.charAt(0).toUpperCase() + agency.id.slice(1);
}
