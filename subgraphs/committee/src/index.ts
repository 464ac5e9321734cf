import { rulebookSettingsFromEnvironment, type AgencyConfig } from '@tinnhiem/voting';

/** The People's Committee line (UBND thành phố): confidence polls on department heads, under Regulation 96-QĐ/TW. */
export const committeeAgency: AgencyConfig = {
  id: 'committee',
  name: 'Ủy ban nhân dân thành phố',
  rulebook: 'QD96',
  settings: rulebookSettingsFromEnvironment('committee'),
};

export const DEFAULT_PORT = 4003;
