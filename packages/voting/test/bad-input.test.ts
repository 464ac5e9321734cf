import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgencyService, type AgencyService } from '@tinnhiem/voting';
import { createTestDatabase } from '../../../tests/support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor, type GraphQLResponse } from '../../../tests/support/graphql';

// Every mutation checks its input: the refusal carries a code a client can branch on, a message a
// person can act on (it names the field, the figure and the limit), and leaves no trace in the database.

const party = { id: 'party', name: 'Ban Chấp hành Đảng bộ thành phố (test)', rulebook: 'QD96' } as const;

let service: AgencyService;
let url: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  service = await startAgencyService({ agency: party, databaseUrl: await createTestDatabase('bad_input'), port: 0, auth: TEST_AUTH });
  url = service.url;
  tokens.admin = await tokenFor({ subject: 'a1', name: 'Admin', roles: ['party:admin'] });
  tokens.counter1 = await tokenFor({ subject: 'c1', name: 'Counter One', roles: ['party:counter'] });
  tokens.counter2 = await tokenFor({ subject: 'c2', name: 'Counter Two', roles: ['party:counter'] });
  tokens.counter3 = await tokenFor({ subject: 'c3', name: 'Counter Three', roles: ['party:counter'] });
});

afterAll(async () => {
  await service?.stop();
});

const CREATE = `mutation($input: RoundPlanInput!) { createPartyRound(input: $input) { id status title body summoned } }`;
const ADD = `mutation($roundId: ID!, $input: NomineeInput!) {
  addPartyNominee(roundId: $roundId, input: $input) { id ballotOrder officialCode fullName posts retirementAnnouncedOn electedOrAppointedOn } }`;
const OPEN = `mutation($roundId: ID!, $present: Int!) { openPartyRound(roundId: $roundId, present: $present) {
  status present quorum { met required summoned present } } }`;
const COUNT = `mutation($roundId: ID!) { startPartyCounting(roundId: $roundId) { status } }`;
const ENTER = `mutation($roundId: ID!, $input: TallyInput!, $reason: String) {
  enterPartyTally(roundId: $roundId, input: $input, correctionReason: $reason) { id status effective correctionReason } }`;
const CONFIRM = `mutation($entryId: ID!, $input: TallyInput!) { confirmPartyTally(entryId: $entryId, input: $input) { id status confirmedByName effective } }`;
const CLOSE = `mutation($roundId: ID!) { closePartyRound(roundId: $roundId) { status } }`;
const PUBLISH = `mutation($roundId: ID!) { publishPartyRound(roundId: $roundId) { status } }`;
const ROUND = `query($id: ID!) { partyRound(id: $id) { id title body status nominees { id officialCode fullName posts } } }`;

// ---------------------------------------------------------------------------------------------
// What is stored, read straight from the database.

interface Stored {
  rounds: number;
  nominees: number;
  entries: number;
  lines: number;
  confirmations: number;
}

async function stored(): Promise<Stored> {
  const [row] = (await service.db.query(`SELECT
      (SELECT count(*) FROM round)::int AS rounds,
      (SELECT count(*) FROM nominee)::int AS nominees,
      (SELECT count(*) FROM tally_entry)::int AS entries,
      (SELECT count(*) FROM tally_line)::int AS lines,
      (SELECT count(*) FROM tally_confirmation)::int AS confirmations`)) as Stored[];
  if (!row) throw new Error('no counts');
  return row;
}

interface RoundRow {
  status: string;
  present: number | null;
  opened_at: Date | null;
  counting_at: Date | null;
  closed_at: Date | null;
  published_at: Date | null;
}

async function roundRow(roundId: string): Promise<RoundRow> {
  const [row] = (await service.db.query(
    `SELECT status, present, opened_at, counting_at, closed_at, published_at FROM round WHERE id = $1`, [roundId])) as RoundRow[];
  if (!row) throw new Error(`round ${roundId} not stored`);
  return row;
}

/** Asserts one error with this code, whose message contains every given part; no data came back. */
function expectRefused(response: GraphQLResponse<unknown>, code: string, ...parts: (string | RegExp)[]): string {
  expect(errorCodes(response), JSON.stringify(response.errors)).toEqual([code]);
  expect(response.data ?? null).toBeNull();
  const message = response.errors?.[0]?.message ?? '';
  for (const part of parts) {
    if (typeof part === 'string') expect(message).toContain(part);
    else expect(message).toMatch(part);
  }
  return message;
}

/** Runs a request that must be refused and checks that nothing was stored, not even partly. */
async function refusedWithoutTrace(
  request: () => Promise<GraphQLResponse<unknown>>,
  code: string,
  ...parts: (string | RegExp)[]
): Promise<GraphQLResponse<unknown>> {
  const before = await stored();
  const response = await request();
  expectRefused(response, code, ...parts);
  expect(await stored()).toEqual(before);
  return response;
}

// ---------------------------------------------------------------------------------------------
// Rounds in each state of the life cycle. Names are fictional.

const NAMES = ['Trần Văn Một', 'Lê Thị Hai', 'Phạm Quốc Ba'];

interface Fixture {
  roundId: string;
  title: string;
  nominees: { id: string; fullName: string }[];
}

let roundSeq = 0;

async function draftRound(options: { summoned?: number; nominees?: number; year?: number } = {}): Promise<Fixture> {
  roundSeq += 1;
  const title = `Lấy phiếu tín nhiệm ${roundSeq}`;
  const { createPartyRound } = dataOf(await graphql<{ createPartyRound: { id: string } }>(url, CREATE, {
    input: { title, body: 'Ban Chấp hành Đảng bộ thành phố', year: options.year ?? 2023, summoned: options.summoned ?? 50 },
  }, tokens.admin));
  const nominees: Fixture['nominees'] = [];
  for (const fullName of NAMES.slice(0, options.nominees ?? 2)) {
    const { addPartyNominee } = dataOf(await graphql<{ addPartyNominee: { id: string; fullName: string } }>(url, ADD, {
      roundId: createPartyRound.id,
      input: nomineeInput({ officialCode: `R${roundSeq}-${nominees.length + 1}`, fullName }),
    }, tokens.admin));
    nominees.push(addPartyNominee);
  }
  return { roundId: createPartyRound.id, title, nominees };
}

async function openedRound(): Promise<Fixture> {
  const round = await draftRound();
  dataOf(await graphql(url, OPEN, { roundId: round.roundId, present: 48 }, tokens.admin));
  return round;
}

async function countingRound(): Promise<Fixture> {
  const round = await openedRound();
  dataOf(await graphql(url, COUNT, { roundId: round.roundId }, tokens.admin));
  return round;
}

async function enter(round: Fixture, token: string | undefined, input = figures(round)): Promise<string> {
  const { enterPartyTally } = dataOf(await graphql<{ enterPartyTally: { id: string } }>(url, ENTER, { roundId: round.roundId, input }, token));
  return enterPartyTally.id;
}

async function closedRound(): Promise<Fixture & { entryId: string }> {
  const round = await countingRound();
  const entryId = await enter(round, tokens.counter1);
  dataOf(await graphql(url, CONFIRM, { entryId, input: figures(round) }, tokens.counter2));
  dataOf(await graphql(url, CLOSE, { roundId: round.roundId }, tokens.admin));
  return { ...round, entryId };
}

function nomineeInput(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    officialCode: `N-${randomUUID().slice(0, 8)}`,
    fullName: 'Võ Thị Bốn',
    posts: ['Ủy viên Ban Thường vụ Thành ủy'],
    managedBy: 'STANDING_BOARD',
    ...patch,
  };
}

interface Line {
  nomineeId: string;
  high: number;
  confident: number;
  low: number;
  invalid: number;
}

interface Figures {
  ballotsIssued: number;
  ballotsCollected: number;
  validBallots: number;
  lines: Line[];
}

/** Valid minutes for a round with 48 present: 48 issued and collected, 47 valid, every line adding up to 47. */
function figures(round: Fixture, patch: Partial<Omit<Figures, 'lines'>> = {}, linePatch: Partial<Record<number, Partial<Line>>> = {}): Figures {
  return {
    ballotsIssued: 48,
    ballotsCollected: 48,
    validBallots: 47,
    ...patch,
    lines: round.nominees.map((n, i) => ({ nomineeId: n.id, high: 10, confident: 20, low: 16, invalid: 1, ...linePatch[i] })),
  };
}

// ---------------------------------------------------------------------------------------------

describe('counting minutes that are not counts', () => {
  let round: Fixture;
  beforeAll(async () => {
    round = await countingRound();
  });

  it('accepts the baseline figures these cases vary (sanity check on a separate round)', async () => {
    const other = await countingRound();
    const before = await stored();
    await enter(other, tokens.counter1);
    expect(await stored()).toMatchObject({ entries: before.entries + 1, lines: before.lines + 2 });
  });

  it.each([
    {
      what: 'a negative number of ballots issued',
      patch: { ballotsIssued: -1 },
      lines: {},
      fields: ['ballotsIssued'],
      message: 'ballotsIssued (-1) must be a whole number of zero or more',
    },
    {
      what: 'a negative number of ballots collected',
      patch: { ballotsCollected: -5 },
      lines: {},
      fields: ['ballotsCollected'],
      message: 'ballotsCollected (-5) must be a whole number of zero or more',
    },
    {
      what: 'a negative number of valid ballots (named once, not once per nominee)',
      patch: { validBallots: -1 },
      lines: {},
      fields: ['validBallots'],
      message: 'validBallots (-1) must be a whole number of zero or more',
    },
    {
      what: 'a negative count of low-confidence marks for a nominee',
      patch: {},
      lines: { 0: { low: -3 } },
      fields: ['Trần Văn Một.low'],
      message: 'Trần Văn Một.low (-3) must be a whole number of zero or more',
    },
  ])('refuses $what with BAD_USER_INPUT and stores nothing', async ({ patch, lines, fields, message }) => {
    const response = await refusedWithoutTrace(
      () => graphql(url, ENTER, { roundId: round.roundId, input: figures(round, patch, lines) }, tokens.counter1),
      'BAD_USER_INPUT',
      message,
    );
    const violations = response.errors?.[0]?.extensions?.violations as { code: string; field: string }[];
    expect(violations.map((v) => v.field)).toEqual(fields);
    expect(violations.every((v) => v.code === 'NOT_A_COUNT')).toBe(true);
  });

  it.each([
    { field: 'ballotsIssued', input: (r: Fixture) => figures(r, { ballotsIssued: 1.5 }), path: 'input.ballotsIssued' },
    { field: 'a line’s high', input: (r: Fixture) => figures(r, {}, { 1: { high: 2.5 } }), path: 'input.lines[1].high' },
  ])('refuses a non-integer $field at GraphQL Int coercion (BAD_USER_INPUT) and stores nothing', async ({ input, path }) => {
    await refusedWithoutTrace(
      () => graphql(url, ENTER, { roundId: round.roundId, input: input(round) }, tokens.counter1),
      'BAD_USER_INPUT',
      'Int cannot represent non-integer value',
      path,
    );
  });

  it('refuses a non-integer count written in the query text itself (GRAPHQL_VALIDATION_FAILED) and stores nothing', async () => {
    const inline = `mutation($roundId: ID!, $nomineeId: ID!) { enterPartyTally(roundId: $roundId, input: {
      ballotsIssued: 48, ballotsCollected: 47.5, validBallots: 47,
      lines: [{ nomineeId: $nomineeId, high: 10, confident: 20, low: 16, invalid: 1 }] }) { id } }`;
    await refusedWithoutTrace(
      () => graphql(url, inline, { roundId: round.roundId, nomineeId: round.nominees[0]?.id }, tokens.counter1),
      'GRAPHQL_VALIDATION_FAILED',
      'Int cannot represent non-integer value: 47.5',
    );
  });

  it('refuses a non-integer number present at Int coercion and leaves the round in DRAFT', async () => {
    const draft = await draftRound();
    await refusedWithoutTrace(() => graphql(url, OPEN, { roundId: draft.roundId, present: 40.5 }, tokens.admin),
      'BAD_USER_INPUT', 'Int cannot represent non-integer value: 40.5');
    expect(await roundRow(draft.roundId)).toMatchObject({ status: 'DRAFT', present: null });
  });
});

describe('counting minutes that break one invariant at a time (R4)', () => {
  let round: Fixture;
  beforeAll(async () => {
    round = await countingRound(); // summoned 50, present 48
  });

  it.each([
    {
      what: 'more valid ballots than collected',
      patch: { ballotsCollected: 46, validBallots: 47 },
      lines: {},
      field: 'validBallots',
      message: 'validBallots (47) cannot exceed ballotsCollected (46)',
    },
    {
      what: 'more ballots collected than issued',
      patch: { ballotsIssued: 46, ballotsCollected: 47 },
      lines: {},
      field: 'ballotsCollected',
      message: 'ballotsCollected (47) cannot exceed ballotsIssued (46)',
    },
    {
      what: 'more ballots issued than members present',
      patch: { ballotsIssued: 49 },
      lines: {},
      field: 'ballotsIssued',
      message: 'ballotsIssued (49) cannot exceed present (48)',
    },
    {
      what: 'a nominee’s marks adding up to more than the valid ballots',
      patch: {},
      lines: { 1: { high: 11 } },
      field: 'Lê Thị Hai.rows',
      message: 'Lê Thị Hai.rows (high 11 + confident 20 + low 16 + invalid 1 = 48) cannot exceed validBallots (47)',
    },
  ])('refuses $what with COUNT_INVARIANT_VIOLATED, naming the figures, and stores nothing', async ({ patch, lines, field, message }) => {
    const response = await refusedWithoutTrace(
      () => graphql(url, ENTER, { roundId: round.roundId, input: figures(round, patch, lines) }, tokens.counter1),
      'COUNT_INVARIANT_VIOLATED',
      message,
    );
    const violations = response.errors?.[0]?.extensions?.violations as { code: string; field: string }[];
    expect(violations).toEqual([expect.objectContaining({ code: 'COUNT_EXCEEDS_LIMIT', field })]);
  });

  it('accepts the limits themselves: valid = collected = issued = present and a nominee’s marks = valid', async () => {
    const other = await countingRound();
    const before = await stored();
    await enter(other, tokens.counter1, figures(other, { ballotsIssued: 48, ballotsCollected: 48, validBallots: 48 }, {
      0: { high: 10, confident: 20, low: 16, invalid: 2 },
      1: { high: 0, confident: 0, low: 48, invalid: 0 },
    }));
    expect((await stored()).entries).toBe(before.entries + 1);
  });
});

describe('references that do not exist or do not fit', () => {
  let round: Fixture;
  beforeAll(async () => {
    round = await countingRound();
  });

  const unknownIds = [
    { kind: 'an unknown uuid', id: randomUUID() },
    { kind: 'an id that is not a uuid', id: 'round-42' },
  ];

  it.each(unknownIds)('refuses minutes for $kind as round id with NOT_FOUND, naming the id', async ({ id }) => {
    await refusedWithoutTrace(() => graphql(url, ENTER, { roundId: id, input: figures(round) }, tokens.counter1),
      'NOT_FOUND', `No round with id "${id}"`);
  });

  it.each(unknownIds.flatMap(({ kind, id }) => [
    { kind, id, op: 'addPartyNominee', run: () => graphql(url, ADD, { roundId: id, input: nomineeInput() }, tokens.admin) },
    { kind, id, op: 'openPartyRound', run: () => graphql(url, OPEN, { roundId: id, present: 40 }, tokens.admin) },
    { kind, id, op: 'startPartyCounting', run: () => graphql(url, COUNT, { roundId: id }, tokens.admin) },
    { kind, id, op: 'closePartyRound', run: () => graphql(url, CLOSE, { roundId: id }, tokens.admin) },
    { kind, id, op: 'publishPartyRound', run: () => graphql(url, PUBLISH, { roundId: id }, tokens.admin) },
  ]))('$op refuses $kind with NOT_FOUND', async ({ id, run }) => {
    await refusedWithoutTrace(run, 'NOT_FOUND', `No round with id "${id}"`);
  });

  it.each([
    { kind: 'an unknown uuid', id: randomUUID() },
    { kind: 'an id that is not a uuid', id: 'entry-1' },
  ])('refuses to confirm $kind as minutes id with NOT_FOUND', async ({ id }) => {
    await refusedWithoutTrace(() => graphql(url, CONFIRM, { entryId: id, input: figures(round) }, tokens.counter2),
      'NOT_FOUND', `No counting minutes with id "${id}"`);
  });

  it.each([
    { kind: 'an unknown uuid', id: () => randomUUID() },
    { kind: 'an id that is not a uuid', id: () => 'nominee-7' },
  ])('refuses a tally line for $kind as nominee with NOT_FOUND, naming the nominee id and the round', async ({ id }) => {
    const nomineeId = id();
    await refusedWithoutTrace(
      () => graphql(url, ENTER, { roundId: round.roundId, input: figures(round, {}, { 1: { nomineeId } }) }, tokens.counter1),
      'NOT_FOUND', `Nominee "${nomineeId}" is not on the ballot of round "${round.title}"`,
    );
  });

  it('refuses a tally line for a nominee of another round with NOT_FOUND', async () => {
    const other = await draftRound();
    const stranger = other.nominees[0]?.id ?? '';
    await refusedWithoutTrace(
      () => graphql(url, ENTER, { roundId: round.roundId, input: figures(round, {}, { 1: { nomineeId: stranger } }) }, tokens.counter1),
      'NOT_FOUND', `Nominee "${stranger}" is not on the ballot`,
    );
  });

  it('refuses minutes that leave out a nominee with TALLY_INCOMPLETE, naming who is missing', async () => {
    const input = figures(round);
    input.lines = input.lines.slice(0, 1);
    await refusedWithoutTrace(() => graphql(url, ENTER, { roundId: round.roundId, input }, tokens.counter1),
      'TALLY_INCOMPLETE', 'missing: Lê Thị Hai');
  });

  it('refuses minutes with two lines for the same nominee with BAD_USER_INPUT, naming the nominee', async () => {
    const input = figures(round);
    const [first, second] = input.lines;
    if (!first || !second) throw new Error('two lines expected');
    input.lines = [first, second, { ...first }];
    await refusedWithoutTrace(() => graphql(url, ENTER, { roundId: round.roundId, input }, tokens.counter1),
      'BAD_USER_INPUT', 'Trần Văn Một appears twice in the minutes');
  });
});

describe('transitions the life cycle does not allow', () => {
  it('refuses to open a round twice; the first head count stays', async () => {
    const round = await openedRound();
    const before = await roundRow(round.roundId);
    await refusedWithoutTrace(() => graphql(url, OPEN, { roundId: round.roundId, present: 40 }, tokens.admin),
      'INVALID_TRANSITION', `Cannot open the round: round "${round.title}" is OPEN`, 'DRAFT');
    expect(await roundRow(round.roundId)).toEqual(before);
    expect(before).toMatchObject({ status: 'OPEN', present: 48 });
  });

  it('refuses to start counting before the round is open', async () => {
    const round = await draftRound();
    await refusedWithoutTrace(() => graphql(url, COUNT, { roundId: round.roundId }, tokens.admin),
      'INVALID_TRANSITION', `Cannot start counting: round "${round.title}" is DRAFT`, 'OPEN');
    expect(await roundRow(round.roundId)).toMatchObject({ status: 'DRAFT', counting_at: null });
  });

  it('refuses to take minutes before counting has started', async () => {
    const round = await openedRound();
    await refusedWithoutTrace(() => graphql(url, ENTER, { roundId: round.roundId, input: figures(round) }, tokens.counter1),
      'INVALID_TRANSITION', 'Cannot enter counting minutes', 'is OPEN');
  });

  it('refuses to close a round before counting', async () => {
    const round = await openedRound();
    await refusedWithoutTrace(() => graphql(url, CLOSE, { roundId: round.roundId }, tokens.admin),
      'INVALID_TRANSITION', `Cannot close the round: round "${round.title}" is OPEN`, 'COUNTING');
    expect(await roundRow(round.roundId)).toMatchObject({ status: 'OPEN', closed_at: null });
  });

  it('refuses to close a round whose minutes nobody has confirmed', async () => {
    const round = await countingRound();
    await refusedWithoutTrace(() => graphql(url, CLOSE, { roundId: round.roundId }, tokens.admin),
      'NO_CONFIRMED_TALLY', 'Enter the counting minutes');
    expect(await roundRow(round.roundId)).toMatchObject({ status: 'COUNTING', closed_at: null });
  });

  it('refuses to publish before the round is closed', async () => {
    const round = await countingRound();
    const entryId = await enter(round, tokens.counter1);
    dataOf(await graphql(url, CONFIRM, { entryId, input: figures(round) }, tokens.counter2));
    await refusedWithoutTrace(() => graphql(url, PUBLISH, { roundId: round.roundId }, tokens.admin),
      'INVALID_TRANSITION', `Cannot publish the round: round "${round.title}" is COUNTING`, 'CLOSED');
    expect(await roundRow(round.roundId)).toMatchObject({ status: 'COUNTING', published_at: null });
  });

  it('refuses to add a nominee once the round is open: the ballot is fixed', async () => {
    const round = await openedRound();
    await refusedWithoutTrace(() => graphql(url, ADD, { roundId: round.roundId, input: nomineeInput() }, tokens.admin),
      'INVALID_TRANSITION', `Cannot add a nominee: round "${round.title}" is OPEN`, 'DRAFT');
  });

  it('refuses to open a round with nobody on the ballot', async () => {
    const round = await draftRound({ nominees: 0 });
    await refusedWithoutTrace(() => graphql(url, OPEN, { roundId: round.roundId, present: 48 }, tokens.admin),
      'INVALID_TRANSITION', 'Add at least one nominee');
    expect(await roundRow(round.roundId)).toMatchObject({ status: 'DRAFT', present: null });
  });
});

describe('opening: head count and quorum (R3)', () => {
  it('refuses more present than summoned with COUNT_INVARIANT_VIOLATED', async () => {
    const round = await draftRound({ summoned: 53 });
    await refusedWithoutTrace(() => graphql(url, OPEN, { roundId: round.roundId, present: 54 }, tokens.admin),
      'COUNT_INVARIANT_VIOLATED', 'present (54) cannot exceed summoned (53)');
    expect(await roundRow(round.roundId)).toMatchObject({ status: 'DRAFT', present: null });
  });

  it('refuses a negative head count with BAD_USER_INPUT', async () => {
    const round = await draftRound({ summoned: 53 });
    await refusedWithoutTrace(() => graphql(url, OPEN, { roundId: round.roundId, present: -1 }, tokens.admin),
      'BAD_USER_INPUT', 'present must be a whole number of at least 0, got -1');
    expect(await roundRow(round.roundId)).toMatchObject({ status: 'DRAFT', present: null });
  });

  it.each([
    { summoned: 53, below: 35, exact: 36 }, // 2/3 of 53 is 35.33: 36 needed, not a rounded 35
    { summoned: 48, below: 31, exact: 32 }, // exactly two thirds is enough
    { summoned: 3, below: 1, exact: 2 },
  ])('with $summoned summoned refuses $below present (QUORUM_NOT_MET) and opens with $exact', async ({ summoned, below, exact }) => {
    const round = await draftRound({ summoned });
    const refused = await refusedWithoutTrace(() => graphql(url, OPEN, { roundId: round.roundId, present: below }, tokens.admin),
      'QUORUM_NOT_MET', `Only ${below} of ${summoned} summoned are present; at least ${exact} are needed`);
    expect(refused.errors?.[0]?.extensions?.required).toBe(exact);
    expect(await roundRow(round.roundId)).toMatchObject({ status: 'DRAFT', present: null });

    const opened = dataOf(await graphql<{ openPartyRound: unknown }>(url, OPEN, { roundId: round.roundId, present: exact }, tokens.admin));
    expect(opened.openPartyRound).toEqual({ status: 'OPEN', present: exact, quorum: { met: true, required: exact, summoned, present: exact } });
    expect(await roundRow(round.roundId)).toMatchObject({ status: 'OPEN', present: exact });
  });
});

describe('planning a round', () => {
  const plan = { title: 'Lấy phiếu tín nhiệm giữa nhiệm kỳ', body: 'Ban Chấp hành Đảng bộ thành phố', year: 2023, summoned: 50 };

  it.each([
    { what: 'an empty title', patch: { title: '' }, message: 'Give the round a title' },
    { what: 'a title of blanks', patch: { title: '   \t ' }, message: 'Give the round a title' },
    { what: 'an empty body', patch: { body: ' ' }, message: 'Name the body whose members vote' },
    { what: 'nobody summoned', patch: { summoned: 0 }, message: 'summoned must be a whole number of at least 1, got 0' },
    { what: 'a negative number summoned', patch: { summoned: -3 }, message: 'summoned must be a whole number of at least 1, got -3' },
    { what: 'an implausible year', patch: { year: 1999 }, message: 'The year 1999 is not a plausible voting year' },
  ])('refuses $what with BAD_USER_INPUT and stores no round', async ({ patch, message }) => {
    await refusedWithoutTrace(() => graphql(url, CREATE, { input: { ...plan, ...patch } }, tokens.admin), 'BAD_USER_INPUT', message);
  });

  it('refuses a non-integer number summoned at Int coercion', async () => {
    await refusedWithoutTrace(() => graphql(url, CREATE, { input: { ...plan, summoned: 50.5 } }, tokens.admin),
      'BAD_USER_INPUT', 'Int cannot represent non-integer value: 50.5');
  });
});

describe('putting people on the ballot', () => {
  let round: Fixture; // year 2023
  beforeAll(async () => {
    round = await draftRound({ nominees: 1 });
  });

  it.each([
    {
      what: 'an official whose retirement was announced in the voting year',
      facts: { retirementAnnouncedOn: '2023-03-01' },
      codes: ['RETIREMENT_ANNOUNCED'],
      message: ['Retirement was announced on 2023-03-01', 'awaiting retirement are not polled'],
    },
    {
      what: 'an official whose retirement was announced the year before',
      facts: { retirementAnnouncedOn: '2022-11-20' },
      codes: ['RETIREMENT_ANNOUNCED'],
      message: ['Retirement was announced on 2022-11-20'],
    },
    {
      what: 'an official elected or appointed on the first day of the voting year',
      facts: { electedOrAppointedOn: '2023-01-01' },
      codes: ['ELECTED_OR_APPOINTED_IN_VOTING_YEAR'],
      message: ['Elected or appointed on 2023-01-01, within the voting year 2023'],
    },
    {
      what: 'an official elected or appointed on the last day of the voting year',
      facts: { electedOrAppointedOn: '2023-12-31' },
      codes: ['ELECTED_OR_APPOINTED_IN_VOTING_YEAR'],
      message: ['Elected or appointed on 2023-12-31, within the voting year 2023'],
    },
    {
      what: 'an official both appointed in the voting year and awaiting retirement',
      facts: { retirementAnnouncedOn: '2023-05-05', electedOrAppointedOn: '2023-02-02' },
      codes: ['RETIREMENT_ANNOUNCED', 'ELECTED_OR_APPOINTED_IN_VOTING_YEAR'],
      message: ['Retirement was announced on 2023-05-05', 'Elected or appointed on 2023-02-02'],
    },
  ])('refuses $what with NOMINEE_EXCLUDED and says why (R9)', async ({ facts, codes, message }) => {
    const response = await refusedWithoutTrace(
      () => graphql(url, ADD, { roundId: round.roundId, input: nomineeInput({ fullName: 'Đỗ Văn Năm', ...facts }) }, tokens.admin),
      'NOMINEE_EXCLUDED', 'Đỗ Văn Năm cannot be put on the ballot', ...message,
    );
    const exclusions = response.errors?.[0]?.extensions?.exclusions as { code: string; source: string }[];
    expect(exclusions.map((e) => e.code)).toEqual(codes);
    for (const e of exclusions) expect(e.source).toContain('QĐ 96');
  });

  it('accepts an official appointed the year before the vote', async () => {
    const { addPartyNominee } = dataOf(await graphql<{ addPartyNominee: Record<string, unknown> }>(url, ADD, {
      roundId: round.roundId, input: nomineeInput({ officialCode: 'PREV-YEAR', fullName: 'Ngô Thị Sáu', electedOrAppointedOn: '2022-12-31' }),
    }, tokens.admin));
    expect(addPartyNominee).toMatchObject({ officialCode: 'PREV-YEAR', electedOrAppointedOn: '2022-12-31', ballotOrder: 2 });
  });

  it('refuses the same official code twice with DUPLICATE_NOMINEE, also when spaced or in NFD', async () => {
    const code = 'CÁN-BỘ-Ợ1';
    dataOf(await graphql(url, ADD, { roundId: round.roundId, input: nomineeInput({ officialCode: code, fullName: 'Bùi Văn Bảy' }) }, tokens.admin));
    for (const variant of [code, `  ${code} `, code.normalize('NFD')]) {
      await refusedWithoutTrace(
        () => graphql(url, ADD, { roundId: round.roundId, input: nomineeInput({ officialCode: variant, fullName: 'Bùi Văn Bảy' }) }, tokens.admin),
        'DUPLICATE_NOMINEE', `${code} is already on this ballot`,
      );
    }
  });

  it.each([
    { field: 'retirementAnnouncedOn', value: '2023-02-30' },
    { field: 'retirementAnnouncedOn', value: '15/06/2023' },
    { field: 'electedOrAppointedOn', value: '2023-6-1' },
    { field: 'electedOrAppointedOn', value: 'yesterday' },
    { field: 'electedOrAppointedOn', value: '' },
  ])('refuses $field "$value" with BAD_USER_INPUT, naming the field and the expected form', async ({ field, value }) => {
    await refusedWithoutTrace(
      () => graphql(url, ADD, { roundId: round.roundId, input: nomineeInput({ [field]: value }) }, tokens.admin),
      'BAD_USER_INPUT', `${field} must be a date written YYYY-MM-DD, got "${value}"`,
    );
  });

  it.each([
    { what: 'an empty official code', patch: { officialCode: '  ' }, message: 'officialCode is required' },
    { what: 'an empty full name', patch: { fullName: '' }, message: 'fullName is required' },
    { what: 'no posts', patch: { posts: [] }, message: 'List at least one post' },
    { what: 'only blank posts', patch: { posts: ['  ', ''] }, message: 'List at least one post' },
  ])('refuses $what with BAD_USER_INPUT', async ({ patch, message }) => {
    await refusedWithoutTrace(() => graphql(url, ADD, { roundId: round.roundId, input: nomineeInput(patch) }, tokens.admin),
      'BAD_USER_INPUT', message);
  });

  it('stores a full name, posts and the round title given in NFD in NFC', async () => {
    const nfc = { title: 'Lấy phiếu tín nhiệm Thường vụ', name: 'Nguyễn Thị Hường', post: 'Phó Bí thư Thường trực Thành ủy' };
    const { createPartyRound } = dataOf(await graphql<{ createPartyRound: { id: string; title: string } }>(url, CREATE, {
      input: { title: nfc.title.normalize('NFD'), body: 'Ban Chấp hành Đảng bộ thành phố', year: 2023, summoned: 50 },
    }, tokens.admin));
    const { addPartyNominee } = dataOf(await graphql<{ addPartyNominee: { id: string; fullName: string; posts: string[] } }>(url, ADD, {
      roundId: createPartyRound.id, input: nomineeInput({ fullName: nfc.name.normalize('NFD'), posts: [nfc.post.normalize('NFD')] }),
    }, tokens.admin));
    expect(nfc.name.normalize('NFD')).not.toBe(nfc.name); // the test really sends decomposed text
    expect(createPartyRound.title).toBe(nfc.title);
    expect(addPartyNominee).toMatchObject({ fullName: nfc.name, posts: [nfc.post] });

    const [row] = (await service.db.query(
      `SELECT n.full_name, n.posts, r.title FROM nominee n JOIN round r ON r.id = n.round_id WHERE n.id = $1`, [addPartyNominee.id],
    )) as { full_name: string; posts: string[]; title: string }[];
    expect(row).toEqual({ full_name: nfc.name, posts: [nfc.post], title: nfc.title });

    const view = dataOf(await graphql<{ partyRound: { nominees: { fullName: string }[] } }>(url, ROUND, { id: createPartyRound.id }, tokens.admin));
    expect(view.partyRound.nominees.map((n) => n.fullName)).toEqual([nfc.name]);
  });
});

describe('confirmation by a second counter (R13)', () => {
  it('refuses the counter who entered the minutes (SELF_CONFIRMATION)', async () => {
    const round = await countingRound();
    const entryId = await enter(round, tokens.counter1);
    await refusedWithoutTrace(() => graphql(url, CONFIRM, { entryId, input: figures(round) }, tokens.counter1),
      'SELF_CONFIRMATION', 'a second counter must confirm them');
  });

  it('refuses to confirm the same minutes twice (ALREADY_CONFIRMED), naming who confirmed', async () => {
    const round = await countingRound();
    const entryId = await enter(round, tokens.counter1);
    dataOf(await graphql(url, CONFIRM, { entryId, input: figures(round) }, tokens.counter2));
    for (const token of [tokens.counter3, tokens.counter2]) {
      await refusedWithoutTrace(() => graphql(url, CONFIRM, { entryId, input: figures(round) }, token),
        'ALREADY_CONFIRMED', 'already confirmed by Counter Two');
    }
    const rows = (await service.db.query(`SELECT confirmed_by FROM tally_confirmation WHERE entry_id = $1`, [entryId])) as { confirmed_by: string }[];
    expect(rows).toEqual([{ confirmed_by: 'c2' }]);
  });

  it('refuses to confirm older minutes once newer ones were entered, and confirms the newer', async () => {
    const round = await countingRound();
    const older = await enter(round, tokens.counter1);
    const newer = await enter(round, tokens.counter2, figures(round, {}, { 0: { low: 15, invalid: 2 } }));
    await refusedWithoutTrace(() => graphql(url, CONFIRM, { entryId: older, input: figures(round) }, tokens.counter3),
      'INVALID_TRANSITION', 'Newer minutes have been entered for this round; confirm those instead');
    const confirmed = dataOf(await graphql<{ confirmPartyTally: { id: string; status: string } }>(url, CONFIRM, {
      entryId: newer, input: figures(round, {}, { 0: { low: 15, invalid: 2 } }),
    }, tokens.counter3));
    expect(confirmed.confirmPartyTally).toMatchObject({ id: newer, status: 'CONFIRMED' });
  });
});

describe('corrections (R13)', () => {
  it.each([
    { what: 'no reason', reason: null },
    { what: 'a blank reason', reason: '   ' },
  ])('refuses a correction with $what after the round closed (REASON_REQUIRED)', async ({ reason }) => {
    const round = await closedRound();
    await refusedWithoutTrace(
      () => graphql(url, ENTER, { roundId: round.roundId, input: figures(round, {}, { 0: { low: 14, invalid: 3 } }), reason }, tokens.counter1),
      'REASON_REQUIRED', `Round "${round.title}" is CLOSED`, 'gives the reason',
    );
  });

  it('refuses a correction reason while the round is still being counted (BAD_USER_INPUT)', async () => {
    const round = await countingRound();
    await refusedWithoutTrace(
      () => graphql(url, ENTER, { roundId: round.roundId, input: figures(round), reason: 'Nhập lại' }, tokens.counter1),
      'BAD_USER_INPUT', 'A correction reason is only given after the round has closed',
    );
  });

  it('checks the figures of a reasoned correction like any minutes', async () => {
    const round = await closedRound();
    await refusedWithoutTrace(
      () => graphql(url, ENTER, { roundId: round.roundId, input: figures(round, { ballotsIssued: 49 }), reason: 'Biên bản ghi nhầm' }, tokens.counter1),
      'COUNT_INVARIANT_VIOLATED', 'ballotsIssued (49) cannot exceed present (48)',
    );
  });
});

describe('text PostgreSQL cannot store', () => {
  it('refuses a NUL byte in a title with BAD_USER_INPUT, not an internal error, and stores nothing', async () => {
    const before = await stored();
    const answer = await graphql(url, CREATE, { input: { title: 'Lấy phiếu\u0000', body: 'Ban Chấp hành', year: 2023, summoned: 10 } }, tokens.admin);
    expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
    expect(answer.errors?.[0]?.message).toContain('NUL');
    expect(await stored()).toEqual(before);
  });
});
