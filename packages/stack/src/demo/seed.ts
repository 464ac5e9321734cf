import { Official, registerOfficial } from '@tinnhiem/board-subgraph';
import type { NomineeCounts } from '@tinnhiem/rules';
import {
  addNominee,
  closeRound,
  confirmTally,
  createRound,
  enterTally,
  openRound,
  publishRound,
  startCounting,
  type AgencyConfig,
  type Nominee,
} from '@tinnhiem/voting';
import type { DataSource } from 'typeorm';
import { DEVELOPMENT_VIEWERS } from '../tokens';
import { seedBoardWork, type PolledNominee } from './board';
import { demoOfficials, type DemoOfficial, type Line } from './people';

export interface DemoDatabases {
  party: DataSource;
  council: DataSource;
  committee: DataSource;
  board: DataSource;
}

export interface DemoAgencies {
  party: AgencyConfig;
  council: AgencyConfig;
  committee: AgencyConfig;
}

type Profile = 'HIGH' | 'EXACT_HALF' | 'OVER_HALF' | 'TWO_THIRDS';

interface RoundSpec {
  line: Line;
  agency: keyof DemoAgencies;
  title: string;
  body: string;
  summoned: number;
  present: number;
  ballots: { issued: number; collected: number; valid: number };
  /** Officials whose demo result falls in another band than high confidence. */
  profiles: Record<string, Profile>;
  heldAt: string;
  publishedAt: string;
}

const ROUNDS: RoundSpec[] = [
  {
    line: 'PARTY',
    agency: 'party',
    title: 'Lấy phiếu tín nhiệm Ủy viên Ban Thường vụ Thành ủy năm 2023',
    body: 'Ban Chấp hành Đảng bộ thành phố',
    summoned: 50,
    present: 48,
    ballots: { issued: 48, collected: 48, valid: 47 },
    profiles: { 'TU-014': 'OVER_HALF' },
    heldAt: '2023-12-06T08:00:00+07:00',
    publishedAt: '2023-12-08T09:00:00+07:00',
  },
  {
    line: 'COUNCIL',
    agency: 'council',
    title: 'Lấy phiếu tín nhiệm người giữ chức vụ do HĐND thành phố bầu, kỳ họp cuối năm 2023',
    body: 'Hội đồng nhân dân thành phố khóa X',
    summoned: 84,
    present: 80,
    ballots: { issued: 80, collected: 80, valid: 79 },
    profiles: { 'UB-001': 'OVER_HALF', 'SO-014': 'TWO_THIRDS', 'HD-005': 'EXACT_HALF' },
    heldAt: '2023-12-12T08:00:00+07:00',
    publishedAt: '2023-12-12T16:00:00+07:00',
  },
  {
    line: 'COMMITTEE',
    agency: 'committee',
    title: 'Lấy phiếu tín nhiệm Giám đốc sở, ngành năm 2023',
    body: 'Hội nghị cán bộ chủ chốt UBND thành phố',
    summoned: 45,
    present: 42,
    ballots: { issued: 42, collected: 42, valid: 42 },
    profiles: { 'SO-014': 'OVER_HALF' },
    heldAt: '2023-12-18T08:00:00+07:00',
    publishedAt: '2023-12-20T10:00:00+07:00',
  },
];

/** Demo counts: integers that land in the intended band over a base of ballots collected. */
export function demoCounts(profile: Profile, collected: number, valid: number, i: number): NomineeCounts {
  const low = {
    HIGH: 1 + (i % 3),
    EXACT_HALF: Math.floor(collected / 2),
    OVER_HALF: Math.floor(collected / 2) + 1,
    TWO_THIRDS: Math.ceil((2 * collected) / 3),
  }[profile];
  const invalid = profile === 'HIGH' ? i % 2 : 0;
  const confident = profile === 'HIGH' ? Math.floor(valid / 5) + (i % 4) : Math.floor((valid - low) / 2);
  return { high: valid - low - invalid - confident, confident, low, invalid };
}

/** Fills an empty federation with a fictional city's 2023 polls; does nothing when the registry has data. */
export async function seedDemo(db: DemoDatabases, agencies: DemoAgencies, log: (line: string) => void): Promise<boolean> {
  if ((await db.board.getRepository(Official).count()) > 0) return false;
  const officials = demoOfficials();
  for (const official of officials) await registerOfficial(db.board, official);
  const polled: PolledNominee[] = [];
  for (const spec of ROUNDS) {
    for (const nominee of await seedRound(db[spec.agency], agencies[spec.agency], spec, officials)) {
      polled.push({ agency: spec.agency, line: spec.line, body: spec.body, nominee });
    }
  }
  const board = await seedBoardWork(db.board, polled);
  const triggering = polled.find((p) => p.agency === 'council' && p.nominee.officialCode === BINDING_VOTE.officialCode);
  if (!triggering) throw new Error(`demo: ${BINDING_VOTE.officialCode} is not polled by the council line`);
  await seedBindingVote(db.council, agencies.council, triggering.nominee);
  const draft = await createRound(db.committee, agencies.committee, DEVELOPMENT_VIEWERS.committeeAdmin, {
    title: 'Lấy phiếu tín nhiệm bổ sung năm 2024',
    body: 'Hội nghị cán bộ chủ chốt UBND thành phố',
    year: 2024,
    summoned: 45,
  });
  const extra = officials.find((o) => o.code === 'SO-015');
  if (extra) await addNominee(db.committee, draft.id, nomineePlan(extra, 'COMMITTEE'));
  log(`demo data: ${officials.length} officials, ${ROUNDS.length} published rounds, 1 binding vote, 1 draft round, ${board.planned} planned polls, ${board.decisions} follow-up decisions`);
  return true;
}

/**
 * UB-001's 2023 Council result was over half and under two thirds low and they
 * did not resign (R7), so the Council held a binding vote at its next session,
 * where more than half of all delegates voted no trust (R8).
 */
const BINDING_VOTE = {
  officialCode: 'UB-001',
  title: 'Bỏ phiếu tín nhiệm tại kỳ họp giữa năm 2024',
  body: 'Hội đồng nhân dân thành phố khóa X',
  summoned: 84,
  present: 82,
  counts: { trust: 36, noTrust: 45, invalid: 1 },
  heldAt: '2024-07-09T08:00:00+07:00',
  publishedAt: '2024-07-10T16:00:00+07:00',
} as const;

async function seedBindingVote(db: DataSource, agency: AgencyConfig, pollNominee: Nominee): Promise<void> {
  const official = { officialCode: pollNominee.officialCode, fullName: pollNominee.fullName, posts: pollNominee.posts, managedBy: pollNominee.managedBy };
  const round = await createRound(db, agency, viewer('council', 'Admin'), {
    kind: 'BINDING_VOTE',
    trigger: { reason: 'LOW_CONFIDENCE_OVER_HALF', pollNomineeId: pollNominee.id },
    title: BINDING_VOTE.title,
    body: BINDING_VOTE.body,
    year: 2024,
    summoned: BINDING_VOTE.summoned,
  });
  const nominee = await addNominee(db, round.id, official);
  await openRound(db, agency, round.id, BINDING_VOTE.present, new Date(BINDING_VOTE.heldAt));
  await startCounting(db, round.id);
  const figures = {
    ballotsIssued: BINDING_VOTE.present,
    ballotsCollected: BINDING_VOTE.present,
    validBallots: BINDING_VOTE.present,
    bindingLines: [{ nomineeId: nominee.id, ...BINDING_VOTE.counts }],
  };
  const { entry } = await enterTally(db, viewer('council', 'Counter1'), round.id, figures);
  await confirmTally(db, viewer('council', 'Counter2'), entry.id, figures);
  await closeRound(db, round.id);
  await publishRound(db, round.id, new Date(BINDING_VOTE.publishedAt));
}

async function seedRound(db: DataSource, agency: AgencyConfig, spec: RoundSpec, officials: DemoOfficial[]): Promise<Nominee[]> {
  const admin = viewer(spec.agency, 'Admin');
  const round = await createRound(db, agency, admin, { title: spec.title, body: spec.body, year: 2023, summoned: spec.summoned });
  const nominees: Nominee[] = [];
  for (const official of officials.filter((o) => isPolled(o, spec.line))) {
    nominees.push(await addNominee(db, round.id, nomineePlan(official, spec.line)));
  }
  await openRound(db, agency, round.id, spec.present, new Date(spec.heldAt));
  await startCounting(db, round.id);
  const figures = {
    ballotsIssued: spec.ballots.issued,
    ballotsCollected: spec.ballots.collected,
    validBallots: spec.ballots.valid,
    lines: nominees.map((n, i) => ({
      nomineeId: n.id,
      ...demoCounts(spec.profiles[n.officialCode] ?? 'HIGH', spec.ballots.collected, spec.ballots.valid, i),
    })),
  };
  const { entry } = await enterTally(db, viewer(spec.agency, 'Counter1'), round.id, figures);
  await confirmTally(db, viewer(spec.agency, 'Counter2'), entry.id, figures);
  await closeRound(db, round.id);
  await publishRound(db, round.id, new Date(spec.publishedAt));
  return nominees;
}

function isPolled(official: DemoOfficial, line: Line): boolean {
  if (official.retirementAnnouncedOn || official.electedOrAppointedOn) return false;
  if (line === 'COMMITTEE') return official.code.startsWith('SO-');
  return official.posts.some((p) => p.line === line);
}

function nomineePlan(official: DemoOfficial, line: Line) {
  return {
    officialCode: official.code,
    fullName: official.fullName,
    posts: official.posts.filter((p) => p.line === line).map((p) => p.title),
    managedBy: official.managedBy,
    retirementAnnouncedOn: official.retirementAnnouncedOn ?? null,
    electedOrAppointedOn: official.electedOrAppointedOn ?? null,
  };
}

function viewer(agency: keyof DemoAgencies, who: 'Admin' | 'Counter1' | 'Counter2') {
  return DEVELOPMENT_VIEWERS[`${agency}${who}`];
}
