import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addNominee,
  closeRound,
  confirmTally,
  createRound,
  enterTally,
  openRound,
  publishRound,
  startAgencyService,
  startCounting,
  type AgencyService,
} from '@tinnhiem/voting';
import { createTestDatabase } from '../../../tests/support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor } from '../../../tests/support/graphql';

// The People's Council's binding vote (bỏ phiếu tín nhiệm, R8, NQ 96/2023/QH15 Art. 13): its triggers,
// on paper and electronic, and the majority of all delegates; only where the rulebook is NQ 96.

const council = { id: 'council', name: 'Hội đồng nhân dân thành phố (test)', rulebook: 'NQ96' } as const;
const party = { id: 'party', name: 'Ban Chấp hành Đảng bộ thành phố (test)', rulebook: 'QD96' } as const;

let service: AgencyService;
let partyService: AgencyService;
let url: string;
const tokens: Record<string, string> = {};
const admin = { subject: 'a1', name: 'Admin', roles: ['council:admin'] };
const counter1 = { subject: 'c1', name: 'Counter One', roles: ['council:counter'] };
const counter2 = { subject: 'c2', name: 'Counter Two', roles: ['council:counter'] };
/** Nominee ids in a published confidence poll, by band. */
const polled: Record<'overHalf' | 'notOverHalf' | 'twoThirds' | 'unpublished', string> = { overHalf: '', notOverHalf: '', twoThirds: '', unpublished: '' };

beforeAll(async () => {
  [service, partyService] = await Promise.all([
    createTestDatabase('binding').then((databaseUrl) => startAgencyService({ agency: council, databaseUrl, port: 0, auth: TEST_AUTH })),
    createTestDatabase('binding_party').then((databaseUrl) => startAgencyService({ agency: party, databaseUrl, port: 0, auth: TEST_AUTH })),
  ]);
  url = service.url;
  tokens.admin = await tokenFor(admin);
  tokens.counter1 = await tokenFor(counter1);
  tokens.counter2 = await tokenFor(counter2);
  tokens.analyst = await tokenFor({ subject: 'b1', name: 'Analyst', roles: ['board:analyst'] });
  tokens.auditor = await tokenFor({ subject: 'au', name: 'Auditor', roles: ['auditor'] });
  tokens.partyAdmin = await tokenFor({ subject: 'p1', name: 'Party admin', roles: ['party:admin'] });

  // The December 2023 poll of 30 delegates: 16 low is over half, 5 is not, 20 is two thirds.
  const db = service.db;
  const poll = await createRound(db, council, admin, { title: 'Lấy phiếu tín nhiệm cuối năm 2023', body: 'HĐND thành phố', year: 2023, summoned: 30 });
  const lows = { overHalf: 16, notOverHalf: 5, twoThirds: 20 } as const;
  const ids: Record<string, string> = {};
  for (const band of Object.keys(lows)) {
    ids[band] = (await addNominee(db, poll.id, { officialCode: `P-${band}`, fullName: `Người thử ${band}`, posts: ['Phó Chủ tịch UBND'], managedBy: 'STANDING_BOARD' })).id;
  }
  await openRound(db, council, poll.id, 30);
  await startCounting(db, poll.id);
  const figures = {
    ballotsIssued: 30, ballotsCollected: 30, validBallots: 30,
    lines: Object.entries(lows).map(([band, low]) => ({ nomineeId: ids[band] as string, high: 30 - low, confident: 0, low, invalid: 0 })),
  };
  const { entry } = await enterTally(db, counter1, poll.id, figures);
  await confirmTally(db, counter2, entry.id, figures);
  await closeRound(db, poll.id);
  await publishRound(db, poll.id);
  Object.assign(polled, ids);

  const draft = await createRound(db, council, admin, { title: 'Vòng chưa công bố', body: 'HĐND thành phố', year: 2023, summoned: 30 });
  polled.unpublished = (await addNominee(db, draft.id, { officialCode: 'P-draft', fullName: 'Người thử draft', posts: ['Ủy viên'], managedBy: 'AGENCY' })).id;
});

afterAll(async () => {
  await Promise.all([service?.stop(), partyService?.stop()]);
});

const CREATE = `mutation($input: RoundPlanInput!) { createCouncilRound(input: $input) {
  id kind status baseKind offCycle trigger { reason pollNomineeId petitioners documentRef } } }`;
const ADD = `mutation($roundId: ID!, $input: NomineeInput!) { addCouncilNominee(roundId: $roundId, input: $input) { id } }`;
const OPEN = `mutation($roundId: ID!, $present: Int!) { openCouncilRound(roundId: $roundId, present: $present) { status } }`;
const COUNT = `mutation($roundId: ID!) { startCouncilCounting(roundId: $roundId) { status } }`;
const ENTER = `mutation($roundId: ID!, $input: TallyInput!) { enterCouncilTally(roundId: $roundId, input: $input) { id status } }`;
const CONFIRM = `mutation($entryId: ID!, $input: TallyInput!) { confirmCouncilTally(entryId: $entryId, input: $input) { id status } }`;
const CLOSE = `mutation($roundId: ID!) { closeCouncilRound(roundId: $roundId) { status } }`;
const PUBLISH = `mutation($roundId: ID!) { publishCouncilRound(roundId: $roundId) { status sealDigest } }`;
const RESULTS = `query($id: ID!) { councilRound(id: $id) { kind offCycle results { band }
  bindingResults { officialCode trust noTrust invalid unmarked allDelegates percentNoTrust dismissalSubmission
    consequences { code source } trigger { reason petitioners } ballots { summoned present issued collected valid } corrected }
  tallyEntries { status lines { nomineeId } bindingLines { trust noTrust invalid } } } }`;

const plan = (trigger: Record<string, unknown> | null, extra: Record<string, unknown> = {}) => ({
  input: { kind: 'BINDING_VOTE', title: 'Bỏ phiếu tín nhiệm', body: 'HĐND thành phố', year: 2024, summoned: 84, trigger, ...extra },
});

async function roundCount(db = service.db): Promise<number> {
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM round`)) as [{ n: number }];
  return n;
}

async function nominate(roundId: string, code: string): Promise<string> {
  return dataOf(await graphql<{ addCouncilNominee: { id: string } }>(url, ADD, {
    roundId, input: { officialCode: code, fullName: `Người thử ${code}`, posts: ['Phó Chủ tịch UBND thành phố'], managedBy: 'STANDING_BOARD' },
  }, tokens.admin)).addCouncilNominee.id;
}

describe('what puts a binding vote on the agenda (R8)', () => {
  it('is a confidence poll unless the plan says otherwise', async () => {
    const { createCouncilRound } = dataOf(await graphql<{ createCouncilRound: Record<string, unknown> }>(url, CREATE, {
      input: { title: 'Lấy phiếu', body: 'HĐND thành phố', year: 2024, summoned: 84 },
    }, tokens.admin));
    expect(createCouncilRound).toMatchObject({ kind: 'CONFIDENCE_POLL', trigger: null, baseKind: 'COLLECTED', offCycle: true });
  });

  it.each([
    ['a poll result over half and under two thirds low', () => ({ reason: 'LOW_CONFIDENCE_OVER_HALF', pollNomineeId: polled.overHalf }),
      () => ({ reason: 'LOW_CONFIDENCE_OVER_HALF', pollNomineeId: polled.overHalf, petitioners: null, documentRef: null })],
    ['a petition of exactly one third of the 84 delegates', () => ({ reason: 'DELEGATE_PETITION', petitioners: 28, documentRef: ' Đơn kiến nghị ngày 2/12 ' }),
      () => ({ reason: 'DELEGATE_PETITION', pollNomineeId: null, petitioners: 28, documentRef: 'Đơn kiến nghị ngày 2/12' })],
    ['a Fatherland Front recommendation with its document', () => ({ reason: 'FATHERLAND_FRONT_RECOMMENDATION', documentRef: '15/KN-MTTQ' }),
      () => ({ reason: 'FATHERLAND_FRONT_RECOMMENDATION', pollNomineeId: null, petitioners: null, documentRef: '15/KN-MTTQ' })],
  ])('accepts %s', async (_case, trigger, stored) => {
    const { createCouncilRound } = dataOf(await graphql<{ createCouncilRound: Record<string, unknown> }>(url, CREATE, plan(trigger()), tokens.admin));
    // Any session may hold one (R10), and its majority is of all delegates.
    expect(createCouncilRound).toMatchObject({ kind: 'BINDING_VOTE', status: 'DRAFT', baseKind: 'SUMMONED', offCycle: false, trigger: stored() });
  });

  it.each([
    ['a poll result that is not over half low', () => plan({ reason: 'LOW_CONFIDENCE_OVER_HALF', pollNomineeId: polled.notOverHalf }), 'NOT_LOW_CONFIDENCE', 'not more than half'],
    ['a poll result two thirds or more low', () => plan({ reason: 'LOW_CONFIDENCE_OVER_HALF', pollNomineeId: polled.twoThirds }), 'NOT_LOW_CONFIDENCE', 'submits dismissal'],
    ['an unknown poll result', () => plan({ reason: 'LOW_CONFIDENCE_OVER_HALF', pollNomineeId: '00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND', 'No published'],
    ['a poll that is not published', () => plan({ reason: 'LOW_CONFIDENCE_OVER_HALF', pollNomineeId: polled.unpublished }), 'NOT_FOUND', 'No published'],
    ['a malformed poll result id', () => plan({ reason: 'LOW_CONFIDENCE_OVER_HALF', pollNomineeId: 'P-overHalf' }), 'NOT_FOUND', 'No published'],
    ['a low-confidence trigger without its result', () => plan({ reason: 'LOW_CONFIDENCE_OVER_HALF' }), 'BAD_USER_INPUT', 'pollNomineeId'],
    ['a petition one short of a third', () => plan({ reason: 'DELEGATE_PETITION', petitioners: 27 }), 'PETITION_TOO_SMALL', '27 of the 84 delegates petitioned; a binding vote needs at least one third of all delegates, 28'],
    ['a petition without its number', () => plan({ reason: 'DELEGATE_PETITION' }), 'BAD_USER_INPUT', 'petitioners'],
    ['more petitioners than delegates', () => plan({ reason: 'DELEGATE_PETITION', petitioners: 85 }), 'BAD_USER_INPUT', 'between 0 and the 84'],
    ['a negative petition', () => plan({ reason: 'DELEGATE_PETITION', petitioners: -1 }), 'BAD_USER_INPUT', 'whole number'],
    ['a petition that names a poll result', () => plan({ reason: 'DELEGATE_PETITION', petitioners: 30, pollNomineeId: polled.overHalf }), 'BAD_USER_INPUT', 'pollNomineeId belongs'],
    ['a Fatherland Front recommendation without its document', () => plan({ reason: 'FATHERLAND_FRONT_RECOMMENDATION', documentRef: '   ' }), 'BAD_USER_INPUT', 'documentRef'],
    ['a recommendation that counts petitioners', () => plan({ reason: 'FATHERLAND_FRONT_RECOMMENDATION', documentRef: '15/KN-MTTQ', petitioners: 30 }), 'BAD_USER_INPUT', 'petitioners belongs'],
    ['a binding vote without a trigger', () => plan(null), 'BAD_USER_INPUT', 'needs its trigger'],
    ['a binding vote with a percentage base', () => plan({ reason: 'DELEGATE_PETITION', petitioners: 30 }, { base: 'VALID' }), 'BAD_USER_INPUT', 'all delegates'],
    ['a confidence poll with a trigger', () => plan({ reason: 'DELEGATE_PETITION', petitioners: 30 }, { kind: 'CONFIDENCE_POLL' }), 'BAD_USER_INPUT', 'no trigger'],
  ])('refuses %s and stores nothing', async (_case, variables, code, message) => {
    const before = await roundCount();
    const answer = await graphql(url, CREATE, variables(), tokens.admin);
    expect(errorCodes(answer)).toEqual([code]);
    expect(answer.errors?.[0]?.message).toContain(message);
    expect(await roundCount()).toBe(before);
  });

  it('puts only the official whose poll result triggered it on the ballot', async () => {
    const { createCouncilRound } = dataOf(await graphql<{ createCouncilRound: { id: string } }>(url, CREATE,
      plan({ reason: 'LOW_CONFIDENCE_OVER_HALF', pollNomineeId: polled.overHalf }), tokens.admin));
    const other = await graphql(url, ADD, {
      roundId: createCouncilRound.id, input: { officialCode: 'P-notOverHalf', fullName: 'Người thử', posts: ['Ủy viên'], managedBy: 'AGENCY' },
    }, tokens.admin);
    expect(errorCodes(other)).toEqual(['BAD_USER_INPUT']);
    expect(other.errors?.[0]?.message).toContain('P-overHalf');
    await nominate(createCouncilRound.id, 'P-overHalf');
  });

  it('is held by the database to the same rules, and fixed once planned', async () => {
    const { createCouncilRound } = dataOf(await graphql<{ createCouncilRound: { id: string } }>(url, CREATE,
      plan({ reason: 'DELEGATE_PETITION', petitioners: 28 }), tokens.admin));
    await expect(service.db.query(`UPDATE round SET trigger_petitioners = 40 WHERE id = $1`, [createCouncilRound.id])).rejects.toThrow(/fixed when it is planned/);
    await expect(service.db.query(`UPDATE round SET kind = 'CONFIDENCE_POLL' WHERE id = $1`, [createCouncilRound.id])).rejects.toThrow(/fixed when it is planned/);
    const insert = (columns: string, values: string) => service.db.query(
      `INSERT INTO round (title, body, year, rulebook, base_kind, mode, summoned, created_by, kind, ${columns}) VALUES ('t', 'b', 2024, $1, 'SUMMONED', 'PAPER', 84, 'x', 'BINDING_VOTE', ${values})`,
      ['NQ96']);
    await expect(insert('trigger_reason, trigger_petitioners', `'DELEGATE_PETITION', 27`)).rejects.toThrow(/round_trigger_data_check/);
    await expect(insert('trigger_reason', `'FATHERLAND_FRONT_RECOMMENDATION'`)).rejects.toThrow(/round_trigger_data_check/);
    await expect(insert('trigger_reason, trigger_nominee_id', `'LOW_CONFIDENCE_OVER_HALF', '${polled.unpublished}'`)).rejects.toThrow(/published confidence poll/);
    await expect(service.db.query(
      `INSERT INTO round (title, body, year, rulebook, base_kind, mode, summoned, created_by, kind, trigger_reason, trigger_document_ref)
       VALUES ('t', 'b', 2024, 'QD96', 'SUMMONED', 'PAPER', 84, 'x', 'BINDING_VOTE', 'FATHERLAND_FRONT_RECOMMENDATION', 'd')`)).rejects.toThrow(/round_binding_vote_check/);
  });
});

describe('a paper binding vote', () => {
  it('needs two counters, and dismissal needs more than half of all delegates voting NO_TRUST', async () => {
    const { createCouncilRound } = dataOf(await graphql<{ createCouncilRound: { id: string } }>(url, CREATE,
      plan({ reason: 'DELEGATE_PETITION', petitioners: 30 }), tokens.admin));
    const roundId = createCouncilRound.id;
    const half = await nominate(roundId, 'BV-HALF');
    const over = await nominate(roundId, 'BV-OVER');
    dataOf(await graphql(url, OPEN, { roundId, present: 80 }, tokens.admin));
    dataOf(await graphql(url, COUNT, { roundId }, tokens.admin));

    // 84 delegates, 80 present: 42 NO_TRUST is exactly half of all delegates, 43 is more.
    const minutes = (noTrustOver = 43) => ({
      ballotsIssued: 80, ballotsCollected: 80, validBallots: 79,
      bindingLines: [
        { nomineeId: half, trust: 36, noTrust: 42, invalid: 1 },
        { nomineeId: over, trust: 35, noTrust: noTrustOver, invalid: 1 },
      ],
    });
    const linesBefore = async () => ((await service.db.query(`SELECT count(*)::int AS n FROM tally_line`)) as [{ n: number }])[0].n;
    const before = await linesBefore();
    const asPoll = await graphql(url, ENTER, { roundId, input: {
      ballotsIssued: 80, ballotsCollected: 80, validBallots: 79, lines: [{ nomineeId: half, high: 30, confident: 30, low: 19, invalid: 0 }],
    } }, tokens.counter1);
    expect(errorCodes(asPoll)).toEqual(['BAD_USER_INPUT']);
    expect(asPoll.errors?.[0]?.message).toContain('binding vote: give bindingLines');
    const tooMany = await graphql(url, ENTER, { roundId, input: { ...minutes(), bindingLines: [{ nomineeId: half, trust: 40, noTrust: 40, invalid: 0 }, minutes().bindingLines[1]] } }, tokens.counter1);
    expect(errorCodes(tooMany)).toEqual(['COUNT_INVARIANT_VIOLATED']);
    expect(tooMany.errors?.[0]?.message).toContain('trust 40 + noTrust 40 + invalid 0 = 80) cannot exceed validBallots (79)');
    expect(await linesBefore()).toBe(before);

    const entered = dataOf(await graphql<{ enterCouncilTally: { id: string } }>(url, ENTER, { roundId, input: minutes() }, tokens.counter1));
    const entryId = entered.enterCouncilTally.id;
    // The database keeps a binding vote's minutes to trust and no trust, whoever writes them.
    await expect(service.db.query(`INSERT INTO tally_line (entry_id, nominee_id, high, confident, low, invalid) VALUES ($1, $2, 1, 1, 1, 0)`,
      [entryId, over])).rejects.toThrow(/does not have the figures of a BINDING_VOTE round/);
    await expect(service.db.query(`INSERT INTO tally_line (entry_id, nominee_id, high, confident, low, trust, no_trust, invalid) VALUES ($1, $2, 1, 1, 1, 1, 1, 0)`,
      [entryId, over])).rejects.toThrow(/tally_line_shape/);

    expect(errorCodes(await graphql(url, CONFIRM, { entryId, input: minutes(42) }, tokens.counter2))).toEqual(['TALLY_MISMATCH']);
    expect(errorCodes(await graphql(url, CONFIRM, { entryId, input: minutes() }, tokens.counter1))).toEqual(['SELF_CONFIRMATION']);
    dataOf(await graphql(url, CONFIRM, { entryId, input: minutes() }, tokens.counter2));

    // Agency staff see the results before publication, the Board only after.
    expect(dataOf(await graphql(url, RESULTS, { id: roundId }, tokens.analyst))).toEqual({ councilRound: null });
    const early = dataOf(await graphql<{ councilRound: { bindingResults: unknown[] } }>(url, RESULTS, { id: roundId }, tokens.admin));
    expect(early.councilRound.bindingResults).toHaveLength(2);

    dataOf(await graphql(url, CLOSE, { roundId }, tokens.admin));
    expect(dataOf(await graphql<{ publishCouncilRound: { sealDigest: string | null } }>(url, PUBLISH, { roundId }, tokens.admin)).publishCouncilRound.sealDigest).toBeNull();

    const { councilRound } = dataOf(await graphql<{ councilRound: Record<string, unknown> }>(url, RESULTS, { id: roundId }, tokens.analyst));
    const ballots = { summoned: 84, present: 80, issued: 80, collected: 80, valid: 79 };
    const trigger = { reason: 'DELEGATE_PETITION', petitioners: 30 };
    expect(councilRound).toEqual({
      kind: 'BINDING_VOTE',
      offCycle: false,
      results: [],
      bindingResults: [
        { officialCode: 'BV-HALF', trust: 36, noTrust: 42, invalid: 1, unmarked: 0, allDelegates: 84, percentNoTrust: '50.00',
          dismissalSubmission: false, consequences: [], trigger, ballots, corrected: false },
        { officialCode: 'BV-OVER', trust: 35, noTrust: 43, invalid: 1, unmarked: 0, allDelegates: 84, percentNoTrust: '51.19',
          dismissalSubmission: true, consequences: [{ code: 'DISMISSAL_SUBMISSION', source: 'NQ 96/2023/QH15 Art. 13' }], trigger, ballots, corrected: false },
      ],
      tallyEntries: [{ status: 'CONFIRMED', lines: [], bindingLines: [{ trust: 36, noTrust: 42, invalid: 1 }, { trust: 35, noTrust: 43, invalid: 1 }] }],
    });

    // A binding vote is not a confidence-poll result: the published index stays polls only.
    const index = dataOf(await graphql<{ councilPublishedResults: { officialCode: string }[] }>(url,
      `{ councilPublishedResults { officialCode } }`, {}, tokens.analyst));
    expect(index.councilPublishedResults.map((r) => r.officialCode).sort()).toEqual(['P-notOverHalf', 'P-overHalf', 'P-twoThirds']);
    // The Board reads it on the official, through the entity the gateway resolves.
    const entity = dataOf(await graphql<{ _entities: { councilBindingVotes: { dismissalSubmission: boolean }[] }[] }>(url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Official { councilBindingVotes { dismissalSubmission } } } }`,
      { r: [{ __typename: 'Official', code: 'BV-OVER' }] }, tokens.analyst));
    expect(entity._entities).toEqual([{ councilBindingVotes: [{ dismissalSubmission: true }] }]);
  });
});

describe('an electronic binding vote', () => {
  it('takes TRUST and NO_TRUST with single-use codes, counts them from the log, and verifies', async () => {
    const { createCouncilRound } = dataOf(await graphql<{ createCouncilRound: { id: string } }>(url, CREATE, {
      input: { ...plan({ reason: 'FATHERLAND_FRONT_RECOMMENDATION', documentRef: '15/KN-MTTQ' }).input, mode: 'ELECTRONIC', summoned: 5 },
    }, tokens.admin));
    const roundId = createCouncilRound.id;
    const nominee = await nominate(roundId, 'BV-E');
    dataOf(await graphql(url, OPEN, { roundId, present: 5 }, tokens.admin));
    const { issueCouncilBallotCodes } = dataOf(await graphql<{ issueCouncilBallotCodes: { codes: string[] } }>(url,
      `mutation($r: ID!) { issueCouncilBallotCodes(roundId: $r) { codes } }`, { r: roundId }, tokens.admin));
    const codes = issueCouncilBallotCodes.codes;
    const CAST = `mutation($code: String!, $marks: [BallotMarkInput!]!) { castCouncilBallot(code: $code, marks: $marks) { receipt } }`;

    // A poll's mark is not on this ballot: refused, and the code stays unused.
    const wrong = await graphql(url, CAST, { code: codes[0], marks: [{ nomineeId: nominee, mark: 'LOW' }] });
    expect(errorCodes(wrong)).toEqual(['BAD_USER_INPUT']);
    expect(wrong.errors?.[0]?.message).toContain('TRUST, NO_TRUST, BLANK');
    const receipts: string[] = [];
    for (const [i, mark] of (['TRUST', 'NO_TRUST', 'NO_TRUST', 'BLANK', 'NO_TRUST'] as const).entries()) {
      receipts.push(dataOf(await graphql<{ castCouncilBallot: { receipt: string } }>(url, CAST, { code: codes[i], marks: [{ nomineeId: nominee, mark }] }))
        .castCouncilBallot.receipt);
    }
    // Nor can a poll's mark get into the log by going round the service.
    await expect(service.db.query(`INSERT INTO ballot (round_id, position, nonce, marks, prev_hash, hash) VALUES ($1, 99, $2, '1', 'x', 'y')`,
      [roundId, '0'.repeat(32)])).rejects.toThrow(/marks that a BINDING_VOTE round does not take/);

    dataOf(await graphql(url, COUNT, { roundId }, tokens.admin));
    dataOf(await graphql(url, CLOSE, { roundId }, tokens.admin));
    const published = dataOf(await graphql<{ publishCouncilRound: { sealDigest: string } }>(url, PUBLISH, { roundId }, tokens.admin));
    expect(published.publishCouncilRound.sealDigest).toMatch(/^[0-9a-f]{64}$/);

    const { councilRound } = dataOf(await graphql<{ councilRound: { bindingResults: unknown[] } }>(url,
      `query($id: ID!) { councilRound(id: $id) { bindingResults { trust noTrust invalid allDelegates percentNoTrust dismissalSubmission
        trigger { reason documentRef } ballots { issued collected valid } } } }`, { id: roundId }, tokens.analyst));
    // 3 of 5 delegates voted NO_TRUST: more than half of all delegates.
    expect(councilRound.bindingResults).toEqual([{
      trust: 1, noTrust: 3, invalid: 1, allDelegates: 5, percentNoTrust: '60.00', dismissalSubmission: true,
      trigger: { reason: 'FATHERLAND_FRONT_RECOMMENDATION', documentRef: '15/KN-MTTQ' }, ballots: { issued: 5, collected: 5, valid: 5 },
    }]);
    const list = dataOf(await graphql<{ councilBallotReceipts: string[] }>(url, `query($r: ID!) { councilBallotReceipts(roundId: $r) }`, { r: roundId }));
    expect(list.councilBallotReceipts).toEqual([...receipts].sort());

    const VERIFY = `query($r: ID!) { verifyCouncilRound(roundId: $r) { ballots tokensUsed intact breaks { position problem }
      tally { high confident low trust noTrust invalid } tallyMatchesMinutes sealMatches } }`;
    const verified = dataOf(await graphql<{ verifyCouncilRound: Record<string, unknown> }>(url, VERIFY, { r: roundId }, tokens.auditor));
    expect(verified.verifyCouncilRound).toEqual({
      ballots: 5, tokensUsed: 5, intact: true, breaks: [],
      tally: [{ high: 0, confident: 0, low: 0, trust: 1, noTrust: 3, invalid: 1 }], tallyMatchesMinutes: true, sealMatches: true,
    });

    // One NO_TRUST turned into TRUST behind the service's back: found, named, and the seal no longer matches.
    await service.db.query(`ALTER TABLE ballot DISABLE TRIGGER ballot_append_only`);
    await service.db.query(`UPDATE ballot SET marks = '4' WHERE round_id = $1 AND position = 2`, [roundId]);
    await service.db.query(`ALTER TABLE ballot ENABLE TRIGGER ballot_append_only`);
    const tampered = dataOf(await graphql<{ verifyCouncilRound: { intact: boolean; breaks: { position: number }[]; tallyMatchesMinutes: boolean; sealMatches: boolean } }>(url,
      VERIFY, { r: roundId }, tokens.auditor));
    expect(tampered.verifyCouncilRound).toMatchObject({ intact: false, breaks: [{ position: 2 }], tallyMatchesMinutes: false, sealMatches: false });
  });
});

describe('an agency whose rulebook has no binding vote', () => {
  it('refuses a BINDING_VOTE round with a clear error, stores nothing, and has no binding votes on Official', async () => {
    const before = await roundCount(partyService.db);
    const answer = await graphql(partyService.url, `mutation($input: RoundPlanInput!) { createPartyRound(input: $input) { id } }`, {
      input: { kind: 'BINDING_VOTE', title: 'Bỏ phiếu tín nhiệm', body: 'Ban Chấp hành', year: 2024, summoned: 50, trigger: { reason: 'DELEGATE_PETITION', petitioners: 20 } },
    }, tokens.partyAdmin);
    expect(errorCodes(answer)).toEqual(['NOT_IN_RULEBOOK']);
    expect(answer.errors?.[0]?.message).toContain('NQ 96/2023/QH15 Art. 13');
    expect(await roundCount(partyService.db)).toBe(before);

    const fields = async (target: string, token?: string) => (dataOf(await graphql<{ __type: { fields: { name: string }[] } }>(target,
      `{ __type(name: "Official") { fields { name } } }`, {}, token)).__type.fields.map((f) => f.name));
    expect(await fields(partyService.url, tokens.partyAdmin)).toEqual(['code', 'partyResults']);
    expect(await fields(url, tokens.admin)).toEqual(['code', 'councilResults', 'councilBindingVotes']);
  });
});
