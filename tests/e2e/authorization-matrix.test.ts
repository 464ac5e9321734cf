import { councilAgency } from '@tinnhiem/council-subgraph';
import { partyAgency } from '@tinnhiem/party-subgraph';
import { localDate } from '@tinnhiem/platform';
import { DEVELOPMENT_VIEWERS, startStack, type RunningStack, type SubgraphName } from '@tinnhiem/stack';
import { addNominee, closeRound, confirmTally, createRound, enterTally, openRound, publishRound, startCounting, type AgencyConfig } from '@tinnhiem/voting';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor, type GraphQLResponse } from '../support/graphql';
import { postSigned } from '../support/subgraph';

// Issue 5, part 3: every role × every operation of the graph, through the gateway (and, for
// `_entities`, straight to a subgraph with the gateway's signature), from one table.
//   allow: answers without an error;
//   hide:  answers, but shows nothing (a round before publication, minutes a role does not read);
//   deny:  FORBIDDEN, or UNAUTHENTICATED without a token, and a refused mutation stores nothing.
// The rules themselves: packages/voting/src/graphql/access.ts, subgraphs/board/src/access.ts,
// docs/security-roles.md.

const ROLES = {
  anonymous: null,
  noRole: [],
  partyAdmin: ['party:admin'],
  partyCounter: ['party:counter'],
  councilAdmin: ['council:admin'],
  councilCounter: ['council:counter'],
  boardAnalyst: ['board:analyst'],
  dashboardReader: ['dashboard:reader'],
  auditor: ['auditor'],
} as const satisfies Record<string, readonly string[] | null>;
type Role = keyof typeof ROLES;
const ALL = Object.keys(ROLES) as Role[];
const ANY_ROLE = ALL.filter((r) => r !== 'anonymous' && r !== 'noRole');

type Outcome = 'allow' | 'hide' | 'deny';

interface Operation {
  /** The root field, and what is special about the call. */
  name: string;
  mutation?: boolean;
  allow: readonly Role[];
  /** Roles that get an answer without the data; every other role is refused. */
  hide?: readonly Role[];
  /** Makes the row's fixture, before the first cell looks at what is stored. */
  prepare?(): Promise<unknown>;
  run(token: string | undefined, role: Role): Promise<GraphQLResponse<Record<string, unknown>>>;
  /** For rows with hidden cells: whether the answer shows the data. */
  shows?(data: Record<string, unknown>): boolean;
}

let stack: RunningStack;
const tokens: Partial<Record<Role, string>> = {};
const staff: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack({
    auth: TEST_AUTH,
    ports: { gateway: 0, party: 0, council: 0, committee: 0, board: 0 },
    databaseUrls: {
      party: await createTestDatabase('matrix_party'),
      council: await createTestDatabase('matrix_council'),
      committee: await createTestDatabase('matrix_committee'),
      board: await createTestDatabase('matrix_board'),
    },
  });
  for (const role of ALL) {
    const roles = ROLES[role];
    // Subjects of their own: the table's party counter confirms minutes the fixtures' counter entered.
    if (roles) tokens[role] = await tokenFor({ subject: `matrix-${role}`, name: role, roles: [...roles] });
  }
  for (const [who, viewer] of Object.entries(DEVELOPMENT_VIEWERS)) staff[who] = await tokenFor(viewer);
  for (const code of [OFFICIAL, PLANNED]) {
    dataOf(await graphql(stack.gatewayUrl, `mutation($input: OfficialInput!) { registerOfficial(input: $input) { code } }`, {
      input: { code, fullName: `Người thử ${code}`, managedBy: 'STANDING_BOARD', posts: [{ line: 'PARTY', title: 'Ủy viên', body: 'Ban Thường vụ Thành ủy' }] },
    }, staff.boardAnalyst));
  }
});

afterAll(async () => {
  await stack?.stop();
});

const OFFICIAL = 'AM-1';
const PLANNED = 'AM-2';
const NOMINEE = { officialCode: OFFICIAL, fullName: `Người thử ${OFFICIAL}`, posts: ['Ủy viên'], managedBy: 'STANDING_BOARD' as const };

// ---------------------------------------------------------------------------------------------
// Fixtures: rounds in the state where each operation would succeed, made once per row.

type Stage = 'EMPTY_DRAFT' | 'DRAFT' | 'OPEN' | 'COUNTING' | 'ENTERED' | 'CONFIRMED' | 'CLOSED' | 'PUBLISHED';
const STAGES: Stage[] = ['EMPTY_DRAFT', 'DRAFT', 'OPEN', 'COUNTING', 'ENTERED', 'CONFIRMED', 'CLOSED', 'PUBLISHED'];

interface PaperRound {
  roundId: string;
  nomineeId: string;
  entryId: string;
  figures: ReturnType<typeof figuresFor>;
}

/** Ten members, all present; six of ten low: more than half (R5), so a follow-up decision is owed. */
function figuresFor(nomineeId: string) {
  return { ballotsIssued: 10, ballotsCollected: 10, validBallots: 10, lines: [{ nomineeId, high: 2, confident: 2, low: 6, invalid: 0 }] };
}

async function paperRound(line: 'party' | 'council', stage: Stage): Promise<PaperRound> {
  const agency: AgencyConfig = line === 'party' ? partyAgency : councilAgency;
  const db = stack.databases[line];
  const [admin, counter1, counter2] = line === 'party'
    ? [DEVELOPMENT_VIEWERS.partyAdmin, DEVELOPMENT_VIEWERS.partyCounter1, DEVELOPMENT_VIEWERS.partyCounter2]
    : [DEVELOPMENT_VIEWERS.councilAdmin, DEVELOPMENT_VIEWERS.councilCounter1, DEVELOPMENT_VIEWERS.councilCounter2];
  const reached = (s: Stage) => STAGES.indexOf(stage) >= STAGES.indexOf(s);
  const round = await createRound(db, agency, admin, { title: `Vòng thử (${stage})`, body: 'Hội nghị thử', year: 2023, summoned: 10 });
  const fixture: PaperRound = { roundId: round.id, nomineeId: '', entryId: '', figures: figuresFor('') };
  if (!reached('DRAFT')) return fixture;
  fixture.nomineeId = (await addNominee(db, round.id, NOMINEE)).id;
  fixture.figures = figuresFor(fixture.nomineeId);
  if (reached('OPEN')) await openRound(db, agency, round.id, 10);
  if (reached('COUNTING')) await startCounting(db, round.id);
  if (reached('ENTERED')) fixture.entryId = (await enterTally(db, counter1, round.id, fixture.figures)).entry.id;
  if (reached('CONFIRMED')) await confirmTally(db, counter2, fixture.entryId, fixture.figures);
  if (reached('CLOSED')) await closeRound(db, round.id);
  if (reached('PUBLISHED')) await publishRound(db, round.id);
  return fixture;
}

interface ElectronicRound {
  roundId: string;
  nomineeId: string;
  codes: string[];
}

/** An electronic party round through the gateway: open without codes, open with one code per member, or closed after every vote. */
async function electronicRound(stage: 'OPEN_WITHOUT_CODES' | 'OPEN' | 'CLOSED', members: number): Promise<ElectronicRound> {
  const gw = stack.gatewayUrl;
  const as = staff.partyAdmin;
  const { createPartyRound: round } = dataOf(await graphql<{ createPartyRound: { id: string } }>(gw,
    `mutation($n: Int!) { createPartyRound(input: { mode: ELECTRONIC, title: "Vòng điện tử thử", body: "Hội nghị thử", year: 2023, summoned: $n }) { id } }`, { n: members }, as));
  const { addPartyNominee: nominee } = dataOf(await graphql<{ addPartyNominee: { id: string } }>(gw,
    `mutation($r: ID!, $n: NomineeInput!) { addPartyNominee(roundId: $r, input: $n) { id } }`, { r: round.id, n: NOMINEE }, as));
  dataOf(await graphql(gw, `mutation($r: ID!, $n: Int!) { openPartyRound(roundId: $r, present: $n) { status } }`, { r: round.id, n: members }, as));
  const fixture: ElectronicRound = { roundId: round.id, nomineeId: nominee.id, codes: [] };
  if (stage === 'OPEN_WITHOUT_CODES') return fixture;
  fixture.codes = dataOf(await graphql<{ issuePartyBallotCodes: { codes: string[] } }>(gw,
    `mutation($r: ID!) { issuePartyBallotCodes(roundId: $r) { codes } }`, { r: round.id }, as)).issuePartyBallotCodes.codes;
  if (stage === 'OPEN') return fixture;
  for (const code of fixture.codes) dataOf(await graphql(gw, CAST, { c: code, m: [{ nomineeId: nominee.id, mark: 'LOW' }] }));
  for (const step of ['startPartyCounting', 'closePartyRound']) {
    dataOf(await graphql(gw, `mutation($r: ID!) { ${step}(roundId: $r) { status } }`, { r: round.id }, as));
  }
  return fixture;
}

/** A plan entry of the Board's to withdraw. */
async function planEntry(): Promise<string> {
  const planned = dataOf(await graphql<{ planPoll: { id: string } }>(stack.gatewayUrl,
    `mutation { planPoll(input: { year: 2023, officialCode: "${PLANNED}", line: PARTY, body: "Ban Thường vụ Thành ủy" }) { id } }`, {}, staff.boardAnalyst));
  return planned.planPoll.id;
}

/** One fixture per row, made when the row's first cell runs. */
const fixtures = new Map<string, Promise<unknown>>();
function fixture<T>(key: string, make: () => Promise<T>): Promise<T> {
  if (!fixtures.has(key)) fixtures.set(key, make());
  return fixtures.get(key) as Promise<T>;
}

// ---------------------------------------------------------------------------------------------
// The operations.

const CAST = `mutation($c: String!, $m: [BallotMarkInput!]!) { castPartyBallot(code: $c, marks: $m) { receipt } }`;
const gateway = (query: string, variables: Record<string, unknown> = {}) =>
  (token: string | undefined) => graphql<Record<string, unknown>>(stack.gatewayUrl, query, variables, token);
const onRound = <F extends { roundId: string }>(make: () => Promise<F>, key: string, query: (f: F) => [string, Record<string, unknown>]) => ({
  prepare: () => fixture(key, make),
  run: async (token: string | undefined) => {
    const [q, v] = query(await fixture(key, make));
    return graphql<Record<string, unknown>>(stack.gatewayUrl, q, v, token);
  },
});
/** Calls a subgraph's `_entities` directly, signed as the gateway signs, with the caller's token. */
const entities = (subgraph: SubgraphName, query: string, representations: unknown[]) => async (token: string | undefined) => {
  const answer = await postSigned(stack.urls[subgraph], stack.subgraphSecrets[subgraph], { query, variables: { r: representations } },
    token ? { authorization: `Bearer ${token}` } : {});
  return answer.body as GraphQLResponse<Record<string, unknown>>;
};
const roundShows = (field: string, list: string) => (data: Record<string, unknown>) =>
  ((data[field] as Record<string, unknown[]> | null)?.[list]?.length ?? 0) > 0;

const PARTY_STAFF: Role[] = ['partyAdmin', 'partyCounter'];
const COUNCIL_STAFF: Role[] = ['councilAdmin', 'councilCounter'];
const castCodes = ALL;

const operations: Operation[] = [
  // The party line: one voting engine, the same rules in the council and the committee.
  { name: 'partyAgency', allow: ALL, run: gateway(`{ partyAgency { id rulebook } }`) },
  { name: 'partyPublishedResults', allow: ANY_ROLE, run: gateway(`{ partyPublishedResults(year: 2023) { roundId band } }`) },
  { name: 'partyRounds', allow: ANY_ROLE, run: gateway(`{ partyRounds { total items { id } } }`) },
  {
    name: 'partyRound: a published round’s results',
    allow: ANY_ROLE,
    ...onRound(() => paperRound('party', 'PUBLISHED'), 'published-party', (f) => [`query($id: ID!) { partyRound(id: $id) { results { band } } }`, { id: f.roundId }]),
    shows: roundShows('partyRound', 'results'),
  },
  {
    name: 'partyRound: a closed round’s results before publication',
    allow: PARTY_STAFF,
    hide: ['councilAdmin', 'councilCounter', 'boardAnalyst', 'dashboardReader', 'auditor'],
    ...onRound(() => paperRound('party', 'CLOSED'), 'closed-party', (f) => [`query($id: ID!) { partyRound(id: $id) { results { band } } }`, { id: f.roundId }]),
    shows: roundShows('partyRound', 'results'),
  },
  {
    name: 'partyRound: a published round’s counting minutes',
    allow: [...PARTY_STAFF, 'boardAnalyst', 'auditor'],
    hide: ['councilAdmin', 'councilCounter', 'dashboardReader'],
    ...onRound(() => paperRound('party', 'PUBLISHED'), 'published-party', (f) => [`query($id: ID!) { partyRound(id: $id) { tallyEntries { id } } }`, { id: f.roundId }]),
    shows: roundShows('partyRound', 'tallyEntries'),
  },
  {
    name: 'partyBallotReceipts',
    allow: ALL,
    ...onRound(() => electronicRound('CLOSED', 2), 'closed-electronic', (f) => [`query($r: ID!) { partyBallotReceipts(roundId: $r) }`, { r: f.roundId }]),
  },
  {
    name: 'verifyPartyRound',
    allow: ['auditor', 'partyAdmin', 'boardAnalyst'],
    ...onRound(() => electronicRound('CLOSED', 2), 'closed-electronic', (f) => [`query($r: ID!) { verifyPartyRound(roundId: $r) { intact } }`, { r: f.roundId }]),
  },
  { name: 'partyAuditLog', allow: ['auditor'], run: gateway(`{ partyAuditLog { total } }`) },
  {
    name: '_entities on the party subgraph: an official’s results',
    allow: ANY_ROLE,
    run: entities('party', `query($r: [_Any!]!) { _entities(representations: $r) { ... on Official { partyResults { band } } } }`, [{ __typename: 'Official', code: OFFICIAL }]),
  },
  {
    name: 'createPartyRound',
    mutation: true,
    allow: ['partyAdmin'],
    run: gateway(`mutation { createPartyRound(input: { title: "Vòng mới", body: "Hội nghị thử", year: 2023, summoned: 10 }) { id } }`),
  },
  {
    name: 'addPartyNominee',
    mutation: true,
    allow: ['partyAdmin'],
    ...onRound(() => paperRound('party', 'EMPTY_DRAFT'), 'add-nominee', (f) => [
      `mutation($r: ID!, $n: NomineeInput!) { addPartyNominee(roundId: $r, input: $n) { id } }`, { r: f.roundId, n: NOMINEE }]),
  },
  {
    name: 'openPartyRound',
    mutation: true,
    allow: ['partyAdmin'],
    ...onRound(() => paperRound('party', 'DRAFT'), 'open', (f) => [`mutation($r: ID!) { openPartyRound(roundId: $r, present: 10) { status } }`, { r: f.roundId }]),
  },
  {
    name: 'issuePartyBallotCodes',
    mutation: true,
    allow: ['partyAdmin'],
    ...onRound(() => electronicRound('OPEN_WITHOUT_CODES', 3), 'issue', (f) => [`mutation($r: ID!) { issuePartyBallotCodes(roundId: $r) { count } }`, { r: f.roundId }]),
  },
  {
    name: 'startPartyCounting',
    mutation: true,
    allow: ['partyAdmin'],
    ...onRound(() => paperRound('party', 'OPEN'), 'start', (f) => [`mutation($r: ID!) { startPartyCounting(roundId: $r) { status } }`, { r: f.roundId }]),
  },
  {
    name: 'enterPartyTally',
    mutation: true,
    allow: ['partyCounter'],
    ...onRound(() => paperRound('party', 'COUNTING'), 'enter', (f) => [
      `mutation($r: ID!, $t: TallyInput!) { enterPartyTally(roundId: $r, input: $t) { id } }`, { r: f.roundId, t: f.figures }]),
  },
  {
    name: 'confirmPartyTally',
    mutation: true,
    allow: ['partyCounter'],
    ...onRound(() => paperRound('party', 'ENTERED'), 'confirm', (f) => [
      `mutation($e: ID!, $t: TallyInput!) { confirmPartyTally(entryId: $e, input: $t) { id } }`, { e: f.entryId, t: f.figures }]),
  },
  {
    name: 'closePartyRound',
    mutation: true,
    allow: ['partyAdmin'],
    ...onRound(() => paperRound('party', 'CONFIRMED'), 'close', (f) => [`mutation($r: ID!) { closePartyRound(roundId: $r) { status } }`, { r: f.roundId }]),
  },
  {
    name: 'publishPartyRound',
    mutation: true,
    allow: ['partyAdmin'],
    ...onRound(() => paperRound('party', 'CLOSED'), 'publish', (f) => [`mutation($r: ID!) { publishPartyRound(roundId: $r) { status } }`, { r: f.roundId }]),
  },
  {
    // A voter holds a code, not an account: anyone with an unused code casts, with or without a token.
    name: 'castPartyBallot',
    mutation: true,
    allow: ALL,
    prepare: () => fixture('cast', () => electronicRound('OPEN', castCodes.length)),
    run: async (token, role) => {
      const f = await fixture('cast', () => electronicRound('OPEN', castCodes.length));
      return graphql(stack.gatewayUrl, CAST, { c: f.codes[castCodes.indexOf(role)], m: [{ nomineeId: f.nomineeId, mark: 'HIGH' }] }, token);
    },
  },

  // The council line: the same engine, another agency's roles; party staff are strangers here.
  {
    name: 'createCouncilRound',
    mutation: true,
    allow: ['councilAdmin'],
    run: gateway(`mutation { createCouncilRound(input: { title: "Vòng HĐND mới", body: "HĐND thử", year: 2023, summoned: 10 }) { id } }`),
  },
  {
    name: 'enterCouncilTally',
    mutation: true,
    allow: ['councilCounter'],
    ...onRound(() => paperRound('council', 'COUNTING'), 'council-enter', (f) => [
      `mutation($r: ID!, $t: TallyInput!) { enterCouncilTally(roundId: $r, input: $t) { id } }`, { r: f.roundId, t: f.figures }]),
  },
  {
    name: 'publishCouncilRound',
    mutation: true,
    allow: ['councilAdmin'],
    ...onRound(() => paperRound('council', 'CLOSED'), 'council-publish', (f) => [`mutation($r: ID!) { publishCouncilRound(roundId: $r) { status } }`, { r: f.roundId }]),
  },
  {
    name: 'councilRound: a closed round’s results before publication',
    allow: COUNCIL_STAFF,
    hide: ['partyAdmin', 'partyCounter', 'boardAnalyst', 'dashboardReader', 'auditor'],
    ...onRound(() => paperRound('council', 'CLOSED'), 'closed-council', (f) => [`query($id: ID!) { councilRound(id: $id) { results { band } } }`, { id: f.roundId }]),
    shows: roundShows('councilRound', 'results'),
  },
  { name: 'councilAuditLog', allow: ['auditor'], run: gateway(`{ councilAuditLog { total } }`) },
  { name: 'committeeAuditLog', allow: ['auditor'], run: gateway(`{ committeeAuditLog { total } }`) },

  // The Organisation Board.
  { name: 'official: the registry', allow: ANY_ROLE, run: gateway(`{ official(code: "${OFFICIAL}") { code fullName retirementAnnouncedOn posts { title } } }`) },
  {
    name: 'official: every line’s published results and the assessment (the entity join)',
    allow: ANY_ROLE,
    run: gateway(`{ official(code: "${OFFICIAL}") { partyResults { band } councilResults { band } councilBindingVotes { trust } committeeResults { band } assessment { missingLines } } }`),
  },
  { name: 'officials', allow: ANY_ROLE, run: gateway(`{ officials(year: 2023, band: OVER_HALF) { total } }`) },
  { name: 'officials filtered on follow-up', allow: ['boardAnalyst'], run: gateway(`{ officials(year: 2023, followUpStatus: PENDING) { total } }`) },
  { name: 'votingPlan', allow: ['boardAnalyst'], run: gateway(`{ votingPlan(year: 2023) { entries { id } } }`) },
  { name: 'complianceReport', allow: ['boardAnalyst'], run: gateway(`{ complianceReport(year: 2023) { year } }`) },
  { name: 'followUps', allow: ['boardAnalyst'], run: gateway(`{ followUps(year: 2023) { total } }`) },
  { name: 'boardStatistics', allow: ['boardAnalyst', 'dashboardReader'], run: gateway(`{ boardStatistics(year: 2023) { officials } }`) },
  { name: 'boardAuditLog', allow: ['auditor'], run: gateway(`{ boardAuditLog { total } }`) },
  {
    name: '_entities on the board subgraph: an assessment from forged results',
    allow: ANY_ROLE,
    run: entities('board', `query($r: [_Any!]!) { _entities(representations: $r) { ... on Official { assessment { missingLines } } } }`,
      [{ __typename: 'Official', code: OFFICIAL, partyResults: [], councilResults: [], committeeResults: [] }]),
  },
  {
    name: 'registerOfficial',
    mutation: true,
    allow: ['boardAnalyst'],
    run: gateway(`mutation { registerOfficial(input: { code: "AM-NEW", fullName: "Người mới", managedBy: AGENCY, posts: [] }) { code } }`),
  },
  {
    name: 'planPoll',
    mutation: true,
    allow: ['boardAnalyst'],
    run: gateway(`mutation { planPoll(input: { year: 2023, officialCode: "${OFFICIAL}", line: PARTY, body: "Ban Thường vụ Thành ủy" }) { id } }`),
  },
  {
    name: 'withdrawPlannedPoll',
    mutation: true,
    allow: ['boardAnalyst'],
    prepare: () => fixture('plan', planEntry),
    run: async (token) => graphql(stack.gatewayUrl, `mutation($id: ID!) { withdrawPlannedPoll(id: $id, reason: "Đã nghỉ hưu") { id } }`, { id: await fixture('plan', planEntry) }, token),
  },
  {
    name: 'recordFollowUpDecision',
    mutation: true,
    allow: ['boardAnalyst'],
    prepare: () => fixture('follow-up', () => paperRound('party', 'PUBLISHED')),
    run: async (token) => {
      const f = await fixture('follow-up', () => paperRound('party', 'PUBLISHED'));
      return graphql(stack.gatewayUrl, `mutation($d: FollowUpDecisionInput!) { recordFollowUpDecision(input: $d) { id } }`, {
        d: { agency: 'party', nomineeId: f.nomineeId, decision: 'REMOVED_FROM_PLANNING', decidedOn: localDate(new Date()), documentRef: 'QĐ-01/2023' },
      }, token);
    },
  },
];

function outcomeOf(operation: Operation, role: Role): Outcome {
  if (operation.allow.includes(role)) return 'allow';
  if (operation.hide?.includes(role)) return 'hide';
  return 'deny';
}

// Within a row the refusals run first, on the fixture in the state where the operation would succeed.
const ORDER: Record<Outcome, number> = { deny: 0, hide: 1, allow: 2 };
const cells = operations.flatMap((operation) =>
  ALL.map((role) => ({ operation, role, outcome: outcomeOf(operation, role) })).sort((x, y) => ORDER[x.outcome] - ORDER[y.outcome]),
);

/** Every table of every subgraph but the audit log (which records refusals too), as text. */
async function storedData(): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const [name, db] of Object.entries(stack.databases)) {
    const tables = (await db.query(`SELECT table_name AS t FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_log', 'migrations') ORDER BY 1`)) as { t: string }[];
    for (const { t } of tables) {
      const [row] = (await db.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS sum FROM "${t}" x`)) as { n: number; sum: string }[];
      snapshot[`${name}.${t}`] = `${row?.n}:${row?.sum}`;
    }
  }
  return snapshot;
}

describe('authorization: every role × every operation', () => {
  it('has the cells counted in docs/security-roles.md', () => {
    expect({ operations: operations.length, roles: ALL.length, cells: cells.length }).toEqual({ operations: 40, roles: 9, cells: 360 });
    expect(new Set(operations.map((o) => o.name)).size).toBe(operations.length);
  });

  it.each(cells.map((c) => ({ ...c, label: c.operation.name })))('$label × $role → $outcome', async ({ operation, role, outcome }) => {
    const token = tokens[role];
    await operation.prepare?.();
    const before = operation.mutation && outcome === 'deny' ? await storedData() : null;
    const answer = await operation.run(token, role);
    if (outcome === 'deny') {
      const expected = role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
      const codes = errorCodes(answer);
      expect(codes.length, JSON.stringify(answer)).toBeGreaterThan(0);
      expect(new Set(codes)).toEqual(new Set([expected]));
      if (before) expect(await storedData()).toEqual(before);
      return;
    }
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    if (operation.shows) expect(operation.shows(answer.data ?? {})).toBe(outcome === 'allow');
  });
});
