import { issueToken, type AuthSettings, type Viewer } from '@tinnhiem/platform';

/** Development identities, one per role, so a newcomer can try every operation. */
export const DEVELOPMENT_VIEWERS = {
  partyAdmin: { subject: 'party-admin', name: 'Quản trị Đảng bộ (demo)', roles: ['party:admin'] },
  partyCounter1: { subject: 'party-counter-1', name: 'Kiểm phiếu viên Đảng bộ 1 (demo)', roles: ['party:counter'] },
  partyCounter2: { subject: 'party-counter-2', name: 'Kiểm phiếu viên Đảng bộ 2 (demo)', roles: ['party:counter'] },
  councilAdmin: { subject: 'council-admin', name: 'Quản trị HĐND (demo)', roles: ['council:admin'] },
  councilCounter1: { subject: 'council-counter-1', name: 'Kiểm phiếu viên HĐND 1 (demo)', roles: ['council:counter'] },
  councilCounter2: { subject: 'council-counter-2', name: 'Kiểm phiếu viên HĐND 2 (demo)', roles: ['council:counter'] },
  committeeAdmin: { subject: 'committee-admin', name: 'Quản trị UBND (demo)', roles: ['committee:admin'] },
  committeeCounter1: { subject: 'committee-counter-1', name: 'Kiểm phiếu viên UBND 1 (demo)', roles: ['committee:counter'] },
  committeeCounter2: { subject: 'committee-counter-2', name: 'Kiểm phiếu viên UBND 2 (demo)', roles: ['committee:counter'] },
  boardAnalyst: { subject: 'board-analyst', name: 'Chuyên viên Ban Tổ chức (demo)', roles: ['board:analyst'] },
  dashboardReader: { subject: 'dashboard', name: 'Bảng theo dõi (demo)', roles: ['dashboard:reader'] },
  auditor: { subject: 'auditor', name: 'Kiểm tra viên (demo)', roles: ['auditor'] },
} as const satisfies Record<string, Viewer>;

export type DevelopmentRole = keyof typeof DEVELOPMENT_VIEWERS;

export async function developmentTokens(auth: AuthSettings, expiresIn = '30d'): Promise<Record<DevelopmentRole, string>> {
  const entries = await Promise.all(
    (Object.keys(DEVELOPMENT_VIEWERS) as DevelopmentRole[]).map(async (role) => [role, await issueToken(auth, DEVELOPMENT_VIEWERS[role], expiresIn)] as const),
  );
  return Object.fromEntries(entries) as Record<DevelopmentRole, string>;
}
