import { committeeAgency } from '@tinnhiem/committee-subgraph';
import { councilAgency } from '@tinnhiem/council-subgraph';
import { partyAgency } from '@tinnhiem/party-subgraph';
import { percent, worstBand, type LowConfidenceBand } from '@tinnhiem/rules';
import { demoOfficials, DEVELOPMENT_VIEWERS, seedDemo, startStack, type RunningStack } from '@tinnhiem/stack';
import { addNominee, closeRound, confirmTally, createRound, enterTally, openRound, publishRound, startCounting } from '@tinnhiem/voting';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor } from '../support/graphql';

// The Organisation Board's view through the gateway, on the demo data: the officials it manages with
// every line's results and the assessment in one query, filters and search, the voting plan, the
// compliance report and the dashboard statistics, checked against the lines' raw published results.

let stack: RunningStack;
const token: Record<string, string> = {};

const COMMITTEE_BODY = 'Hội nghị cán bộ chủ chốt UBND thành phố';

/** Publishes a committee round the demo does not have, with every nominee well trusted. */
async function publishCommitteeRound(title: string, year: number, officials: { code: string; fullName: string }[]): Promise<void> {
  const db = stack.databases.committee;
  const round = await createRound(db, committeeAgency, DEVELOPMENT_VIEWERS.committeeAdmin, { title, body: COMMITTEE_BODY, year, summoned: 45 });
  const nominees = [];
  // The agency is not told of the registry's facts here, so its R9 check cannot stop the nominee.
  for (const o of officials) nominees.push(await addNominee(db, round.id, { officialCode: o.code, fullName: o.fullName, posts: ['Giám đốc'], managedBy: 'AGENCY' }));
  await openRound(db, committeeAgency, round.id, 40);
  await startCounting(db, round.id);
  const figures = { ballotsIssued: 40, ballotsCollected: 40, validBallots: 40, lines: nominees.map((n) => ({ nomineeId: n.id, high: 30, confident: 8, low: 2, invalid: 0 })) };
  const { entry } = await enterTally(db, DEVELOPMENT_VIEWERS.committeeCounter1, round.id, figures);
  await confirmTally(db, DEVELOPMENT_VIEWERS.committeeCounter2, entry.id, figures);
  await closeRound(db, round.id);
  await publishRound(db, round.id, new Date(`${year}-12-20T10:00:00+07:00`));
}

beforeAll(async () => {
  stack = await startStack({
    auth: TEST_AUTH,
    ports: { gateway: 0, party: 0, council: 0, committee: 0, board: 0 },
    databaseUrls: {
      party: await createTestDatabase('bv_party'),
      council: await createTestDatabase('bv_council'),
      committee: await createTestDatabase('bv_committee'),
      board: await createTestDatabase('bv_board'),
    },
  });
  await seedDemo(stack.databases, { party: partyAgency, council: councilAgency, committee: committeeAgency }, () => undefined);
  for (const [role, viewer] of Object.entries(DEVELOPMENT_VIEWERS)) token[role] = await tokenFor(viewer);
  // Beyond the demo: TU-004 polled in a third place (R11), SO-016 polled although awaiting retirement (R9),
  // and a round in 2024, outside the mid-term year (R10).
  const people = new Map(demoOfficials().map((o) => [o.code, o]));
  const person = (code: string) => ({ code, fullName: people.get(code)?.fullName ?? code });
  await publishCommitteeRound('Lấy phiếu tín nhiệm bổ sung năm 2023', 2023, [person('TU-004'), person('SO-016')]);
  await publishCommitteeRound('Lấy phiếu tín nhiệm năm 2024', 2024, [person('SO-015')]);
});

afterAll(async () => {
  await stack?.stop();
});

interface RawResult {
  agency: 'party' | 'council' | 'committee';
  officialCode: string;
  body: string;
  band: LowConfidenceBand;
}

/** Every line's published results of a year, read from the agencies' own index. */
async function rawResults(year: number): Promise<RawResult[]> {
  const fields = `agency officialCode body band`;
  const data = dataOf(await graphql<Record<string, RawResult[]>>(stack.gatewayUrl,
    `query($year: Int) { partyPublishedResults(year: $year) { ${fields} } councilPublishedResults(year: $year) { ${fields} }
      committeePublishedResults(year: $year) { ${fields} } }`, { year }, token.boardAnalyst));
  return Object.values(data).flat();
}

function worstByOfficial(results: readonly RawResult[]): Map<string, LowConfidenceBand> {
  const bands = new Map<string, LowConfidenceBand[]>();
  for (const r of results) bands.set(r.officialCode, [...(bands.get(r.officialCode) ?? []), r.band]);
  return new Map([...bands].map(([code, own]) => [code, worstBand(own) as LowConfidenceBand]));
}

const codesOf = (items: { code: string }[]) => items.map((o) => o.code);

describe('the Board’s officials, through the gateway', () => {
  it('lists the officials the Standing Board manages with each line’s results and the assessment, in one query', async () => {
    const query = `{ officials(managedBy: STANDING_BOARD, limit: 100) { total missingLines { line }
      items { code fullName managedBy posts { line title }
        partyResults { band } councilResults { band } committeeResults { band }
        assessment { missingLines years { year worstBand placesExceeded places { agency } lowConfidence owed { agency band consequences { code } } } } } } }`;
    type Item = {
      code: string; managedBy: string; posts: unknown[];
      partyResults: { band: string }[]; councilResults: { band: string }[]; committeeResults: { band: string }[];
      assessment: { missingLines: string[]; years: { year: number; worstBand: string; placesExceeded: boolean; places: unknown[]; owed: { agency: string; band: string; consequences: { code: string }[] }[] }[] };
    };
    const { officials } = dataOf(await graphql<{ officials: { total: number; missingLines: unknown[]; items: Item[] } }>(stack.gatewayUrl, query, {}, token.boardAnalyst));
    const managed = demoOfficials().filter((o) => o.managedBy === 'STANDING_BOARD').map((o) => o.code).sort();
    expect(officials.total).toBe(managed.length);
    expect(codesOf(officials.items)).toEqual(managed);
    expect(officials.missingLines).toEqual([]);
    expect(officials.items.every((o) => o.managedBy === 'STANDING_BOARD' && o.posts.length > 0 && o.assessment.missingLines.length === 0)).toBe(true);

    const raw = await rawResults(2023);
    for (const item of officials.items) {
      for (const agency of ['party', 'council', 'committee'] as const) {
        const expected = raw.filter((r) => r.officialCode === item.code && r.agency === agency).map((r) => r.band).sort();
        expect(item[`${agency}Results`].map((r) => r.band).sort(), `${item.code} ${agency}`).toEqual(expected);
      }
    }
    const byCode = new Map(officials.items.map((o) => [o.code, o]));
    expect(byCode.get('UB-001')?.assessment.years).toEqual([expect.objectContaining({
      year: 2023, worstBand: 'OVER_HALF', placesExceeded: false,
      owed: [{ agency: 'council', band: 'OVER_HALF', consequences: [{ code: 'MAY_RESIGN' }, { code: 'BINDING_VOTE_SUBMISSION' }, { code: 'CONSIDER_PROMPTLY' }] }],
    })]);
    expect(byCode.get('TU-004')?.assessment.years[0]).toMatchObject({ placesExceeded: true, places: [{ agency: 'party' }, { agency: 'council' }, { agency: 'committee' }] });
  });

  it('filters by the worst band of a year across lines, as the raw results say', async () => {
    const worst = worstByOfficial(await rawResults(2023));
    for (const band of ['NOT_OVER_HALF', 'OVER_HALF', 'TWO_THIRDS_OR_MORE'] as const) {
      const { officials } = dataOf(await graphql<{ officials: { total: number; items: { code: string }[] } }>(stack.gatewayUrl,
        `query($band: LowConfidenceBand) { officials(year: 2023, band: $band, limit: 1000) { total items { code } } }`, { band }, token.boardAnalyst));
      const expected = [...worst].filter(([, b]) => b === band).map(([code]) => code).sort();
      expect(codesOf(officials.items), band).toEqual(expected);
      expect(officials.total).toBe(expected.length);
    }
    const { officials } = dataOf(await graphql<{ officials: { items: { code: string; fullName: string }[] } }>(stack.gatewayUrl,
      `{ officials(year: 2023, band: TWO_THIRDS_OR_MORE, polledBy: COMMITTEE) { items { code fullName } } }`, {}, token.dashboardReader));
    expect(officials.items).toEqual([{ code: 'SO-014', fullName: 'Bùi Bảo Oanh' }]);
  });

  it('filters by follow-up status: the demo’s decided results and the overdue ones', async () => {
    const query = `query($s: FollowUpStatus) { officials(year: 2023, followUpStatus: $s) { items { code } } }`;
    const of = async (s: string) => codesOf(dataOf(await graphql<{ officials: { items: { code: string }[] } }>(stack.gatewayUrl, query, { s }, token.boardAnalyst)).officials.items);
    expect(await of('DECIDED')).toEqual(['SO-014', 'UB-001']);
    // SO-014's council result is decided; its committee result is not.
    expect(await of('OVERDUE')).toEqual(['SO-014', 'TU-014']);
    expect(await of('PENDING')).toEqual([]);
    const { followUps } = dataOf(await graphql<{ followUps: { items: { officialCode: string; status: string }[] } }>(stack.gatewayUrl,
      `{ followUps(year: 2023) { items { officialCode status } } }`, {}, token.boardAnalyst));
    expect(followUps.items.filter((f) => f.status === 'OVERDUE').map((f) => f.officialCode).sort()).toEqual(['SO-014', 'TU-014']);
  });

  it('finds officials by name without diacritics or case, and by code', async () => {
    const query = `query($search: String) { officials(search: $search) { total items { code fullName } } }`;
    const find = async (search: string) => dataOf(await graphql<{ officials: { items: { code: string; fullName: string }[] } }>(stack.gatewayUrl, query, { search }, token.dashboardReader)).officials.items;
    expect(await find('tran thanh dat')).toEqual([{ code: 'SO-008', fullName: 'Trần Thanh Đạt' }]);
    expect(await find('VO THANH AN')).toEqual([{ code: 'SO-012', fullName: 'Võ Thành An' }]);
    expect(codesOf(await find('dang'))).toEqual(['SO-013', 'TU-006', 'UB-001']);
    expect(codesOf(await find('tu-01'))).toEqual(['TU-010', 'TU-011', 'TU-012', 'TU-013', 'TU-014', 'TU-015']);
  });

  it('refuses a result filter without a year, and a year in no term, naming the terms', async () => {
    const noYear = await graphql(stack.gatewayUrl, `{ officials(band: OVER_HALF) { total } }`, {}, token.boardAnalyst);
    expect(errorCodes(noYear)).toEqual(['BAD_USER_INPUT']);
    const outside = await graphql(stack.gatewayUrl, `{ officials(year: 2019, polledBy: PARTY) { total } }`, {}, token.boardAnalyst);
    expect(errorCodes(outside)).toEqual(['YEAR_OUT_OF_TERM']);
    expect(outside.errors?.[0]?.message).toContain('2020–2025');
  });
});

describe('the plan and the compliance report, through the gateway', () => {
  it('shows the 2023 plan with the officials R9 keeps off the ballot', async () => {
    const { votingPlan } = dataOf(await graphql<{ votingPlan: { entries: { officialCode: string; official: { fullName: string } }[]; exclusions: { official: { code: string }; exclusions: { code: string }[] }[] } }>(
      stack.gatewayUrl, `{ votingPlan(year: 2023, line: COMMITTEE) { entries { officialCode official { fullName } } exclusions { official { code } exclusions { code } } } }`, {}, token.boardAnalyst));
    expect(votingPlan.entries.map((e) => e.officialCode)).toContain('TU-013');
    expect(votingPlan.entries.find((e) => e.officialCode === 'SO-008')?.official.fullName).toBe('Trần Thanh Đạt');
    expect(votingPlan.exclusions.map((x) => [x.official.code, x.exclusions.map((e) => e.code)])).toEqual([
      ['SO-016', ['RETIREMENT_ANNOUNCED']],
      ['SO-017', ['ELECTED_OR_APPOINTED_IN_VOTING_YEAR']],
    ]);
  });

  it('follows up the demo binding vote that ended in a dismissal submission (R8, R12)', async () => {
    const { followUps } = dataOf(await graphql<{ followUps: { items: unknown[] } }>(stack.gatewayUrl,
      `{ followUps(year: 2024) { items { subject agency officialCode roundTitle noTrust allDelegates status } } }`, {}, token.boardAnalyst));
    expect(followUps.items).toEqual([{
      subject: 'DISMISSAL_SUBMISSION', agency: 'council', officialCode: 'UB-001', roundTitle: 'Bỏ phiếu tín nhiệm tại kỳ họp giữa năm 2024',
      noTrust: 45, allDelegates: 84, status: 'OVERDUE',
    }]);
  });

  it('reports what departs from the plan and the rules in 2023', async () => {
    const { complianceReport } = dataOf(await graphql<{ complianceReport: Record<string, unknown> }>(stack.gatewayUrl, `{ complianceReport(year: 2023) {
      plannedNotReported { agency polls { officialCode line } }
      reportedNotPlanned { agency officialCode roundTitle }
      placesExceeded { officialCode count limit places { agency body } }
      excludedButPolled { agency officialCode exclusions { code } }
      offCycleRounds { roundTitle } belowQuorum { roundTitle } bindingVoteOwed { officialCode } missingLines { line } } }`, {}, token.boardAnalyst));
    expect(complianceReport).toEqual({
      plannedNotReported: [{ agency: 'committee', polls: [{ officialCode: 'TU-013', line: 'COMMITTEE' }] }],
      reportedNotPlanned: [
        { agency: 'council', officialCode: 'HD-004', roundTitle: 'Lấy phiếu tín nhiệm người giữ chức vụ do HĐND thành phố bầu, kỳ họp cuối năm 2023' },
        { agency: 'committee', officialCode: 'SO-016', roundTitle: 'Lấy phiếu tín nhiệm bổ sung năm 2023' },
        { agency: 'committee', officialCode: 'TU-004', roundTitle: 'Lấy phiếu tín nhiệm bổ sung năm 2023' },
      ],
      placesExceeded: [{
        officialCode: 'TU-004', count: 3, limit: 2,
        places: [
          { agency: 'party', body: 'Ban Chấp hành Đảng bộ thành phố' },
          { agency: 'council', body: 'Hội đồng nhân dân thành phố khóa X' },
          { agency: 'committee', body: COMMITTEE_BODY },
        ],
      }],
      excludedButPolled: [{ agency: 'committee', officialCode: 'SO-016', exclusions: [{ code: 'RETIREMENT_ANNOUNCED' }] }],
      offCycleRounds: [],
      belowQuorum: [],
      // UB-001's Council result called for a binding vote (R7); the demo Council held it in 2024.
      bindingVoteOwed: [],
      missingLines: [],
    });
  });

  it('flags the 2024 round as off-cycle, once, and its result as unplanned', async () => {
    const { complianceReport } = dataOf(await graphql<{ complianceReport: Record<string, unknown> }>(stack.gatewayUrl,
      `{ complianceReport(year: 2024) { offCycleRounds { agency roundTitle year } reportedNotPlanned { officialCode } plannedNotReported { agency } } }`, {}, token.boardAnalyst));
    expect(complianceReport).toEqual({
      offCycleRounds: [{ agency: 'committee', roundTitle: 'Lấy phiếu tín nhiệm năm 2024', year: 2024 }],
      reportedNotPlanned: [{ officialCode: 'SO-015' }],
      plannedNotReported: [],
    });
  });

  it('keeps the compliance report and the plan to Board analysts', async () => {
    for (const role of ['dashboardReader', 'committeeAdmin', 'auditor']) {
      expect(errorCodes(await graphql(stack.gatewayUrl, `{ complianceReport(year: 2023) { year } }`, {}, token[role]))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await graphql(stack.gatewayUrl, `{ votingPlan(year: 2023) { year } }`, {}, token[role]))).toEqual(['FORBIDDEN']);
    }
  });
});

describe('the dashboard statistics, through the gateway', () => {
  type Bands = { band: string; count: number; share: string | null }[];
  interface Group { officials: number; results: number; lowConfidence: number; lowConfidenceShare: string | null; bands: Bands }
  interface Stats extends Group {
    byLine: (Group & { agency: string })[];
    byBody: (Group & { agency: string; body: string })[];
    progress: { agency: string; planned: number; reported: number; share: string | null }[];
    missingLines: unknown[];
  }
  const GROUP = `officials results lowConfidence lowConfidenceShare bands { band count share }`;
  const STATS = `{ boardStatistics(year: 2023) { ${GROUP} byLine { agency ${GROUP} } byBody { agency body ${GROUP} }
    progress { agency planned reported share } missingLines { line } } }`;

  /** The same numbers, counted here from the raw results. */
  function expectedGroup(results: readonly RawResult[]): Group {
    const worst = [...worstByOfficial(results).values()];
    const low = worst.filter((b) => b !== 'NOT_OVER_HALF').length;
    return {
      officials: worst.length,
      results: results.length,
      lowConfidence: low,
      lowConfidenceShare: percent(low, worst.length),
      bands: (['NOT_OVER_HALF', 'OVER_HALF', 'TWO_THIRDS_OR_MORE'] as const).map((band) => {
        const count = worst.filter((b) => b === band).length;
        return { band, count, share: percent(count, worst.length) };
      }),
    };
  }

  it('gives counts and shares per line, body and band that the raw results confirm, to dashboards too', async () => {
    const raw = await rawResults(2023);
    const { boardStatistics: stats } = dataOf(await graphql<{ boardStatistics: Stats }>(stack.gatewayUrl, STATS, {}, token.dashboardReader));
    const { byLine, byBody, progress, missingLines, ...overall } = stats;
    expect(missingLines).toEqual([]);
    expect(overall).toEqual(expectedGroup(raw));
    expect(overall).toMatchObject({ officials: 39, results: 61, lowConfidence: 3 });
    for (const line of byLine) expect(line, line.agency).toEqual({ agency: line.agency, ...expectedGroup(raw.filter((r) => r.agency === line.agency)) });
    expect(byLine.map((l) => l.agency)).toEqual(['party', 'council', 'committee']);
    const bodies = new Set(raw.map((r) => JSON.stringify([r.agency, r.body])));
    expect(byBody).toHaveLength(bodies.size);
    for (const body of byBody) {
      expect(body).toEqual({ agency: body.agency, body: body.body, ...expectedGroup(raw.filter((r) => r.agency === body.agency && r.body === body.body)) });
    }
    expect(stats.bands.reduce((sum, b) => sum + b.count, 0)).toBe(stats.officials);

    const { votingPlan } = dataOf(await graphql<{ votingPlan: { entries: { officialCode: string; line: string }[] } }>(stack.gatewayUrl,
      `{ votingPlan(year: 2023) { entries { officialCode line } } }`, {}, token.boardAnalyst));
    expect(progress).toEqual(['party', 'council', 'committee'].map((agency) => {
      const planned = votingPlan.entries.filter((e) => e.line.toLowerCase() === agency);
      const reported = planned.filter((e) => raw.some((r) => r.agency === agency && r.officialCode === e.officialCode)).length;
      return { agency, planned: planned.length, reported, share: percent(reported, planned.length) };
    }));
    expect(progress.find((p) => p.agency === 'committee')).toEqual({ agency: 'committee', planned: 16, reported: 15, share: '93.75' });
  });

  it('counts a plan change at once, and keeps the withdrawn entry', async () => {
    const { planPoll } = dataOf(await graphql<{ planPoll: { id: string } }>(stack.gatewayUrl,
      `mutation { planPoll(input: { year: 2028, officialCode: "SO-015", line: COMMITTEE, body: "${COMMITTEE_BODY}" }) { id } }`, {}, token.boardAnalyst));
    const progress = async () => dataOf(await graphql<{ boardStatistics: { progress: { agency: string; planned: number }[] } }>(stack.gatewayUrl,
      `{ boardStatistics(year: 2028) { progress { agency planned } } }`, {}, token.boardAnalyst)).boardStatistics.progress.find((p) => p.agency === 'committee');
    expect(await progress()).toEqual({ agency: 'committee', planned: 1 });
    dataOf(await graphql(stack.gatewayUrl, `mutation($id: ID!) { withdrawPlannedPoll(id: $id, reason: "Đã nghỉ hưu") { id } }`, { id: planPoll.id }, token.boardAnalyst));
    expect(await progress()).toEqual({ agency: 'committee', planned: 0 });
    const { votingPlan } = dataOf(await graphql<{ votingPlan: { entries: { id: string; withdrawalReason: string }[] } }>(stack.gatewayUrl,
      `{ votingPlan(year: 2028, includeWithdrawn: true) { entries { id withdrawalReason } } }`, {}, token.boardAnalyst));
    expect(votingPlan.entries).toEqual([{ id: planPoll.id, withdrawalReason: 'Đã nghỉ hưu' }]);
  });
});
