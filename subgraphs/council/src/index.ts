import { rulebookSettingsFromEnvironment, type AgencyConfig } from '@tinnhiem/voting';

/** The People's Council line (HĐND thành phố): confidence polls on posts the Council elected, under Resolution 96/2023/QH15. */
export const councilAgency: AgencyConfig = {
  id: 'council',
  name: 'Hội đồng nhân dân thành phố',
  rulebook: 'NQ96',
  settings: rulebookSettingsFromEnvironment('council'),
};

export const DEFAULT_PORT = 4002;
