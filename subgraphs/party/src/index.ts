import { rulebookSettingsFromEnvironment, type AgencyConfig } from '@tinnhiem/voting';

/** The Party line (Đảng bộ thành phố): confidence polls under Regulation 96-QĐ/TW. */
export const partyAgency: AgencyConfig = {
  id: 'party',
  name: 'Ban Chấp hành Đảng bộ thành phố',
  rulebook: 'QD96',
  settings: rulebookSettingsFromEnvironment('party'),
};

export const DEFAULT_PORT = 4001;
