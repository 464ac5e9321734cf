import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authSettings, issueToken } from '@tinnhiem/platform';
import { startAgencyService, type AgencyService } from '@tinnhiem/voting';
import { createTestDatabase } from '../../../tests/support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor, type GraphQLResponse } from '../../../tests/support/graphql';

// The authentication and authorisation baseline of an agency subgraph, walked as tables of
// role × operation → outcome. Each refusal is checked against a round in the state where the
// operation would otherwise succeed, and must leave the database as it was.

const party = { id: 'party', name: 'Ban Chấp hành Đảng bộ thành phố (test)', rulebook: 'QD96' } as const;

let service: AgencyService;
let url: string;

/** Who calls: a role set signed with the service's key, or a credential that must not authenticate. */
const roleSets = {
  partyAdmin: ['party:admin'],
  partyCounter: ['party:counter'],
  councilAdmin: ['council:admin'],
  councilCounter: ['council:counter'],
  committeeAdmin: ['committee:admin'],
  analyst: ['board:analyst'],
  dashboard: ['dashboard:reader'],
  auditor: ['auditor'],
  noRoles: [],
} as const;
type Signed = keyof typeof roleSets;
type Unauthenticated = 'anonymous' | 'garbage' | 'wrongKey' | 'expired' | 'wrongIssuer' | 'notBearer';
type Caller = Signed | Unauthenticated;

const headers: Partial<Record<Caller, string | undefined>> = {};
/** Tokens of the fixtures' own staff, not part of the tables. */
const staff: Record<'admin' | 'counter1' | 'counter2', string> = { admin: '', counter1: '', counter2: '' };

beforeAll(async () => {
  service = await startAgencyService({ agency: party, databaseUrl: await createTestDatabase('roles'), port: 0, auth: TEST_AUTH });
  url = service.url;
  for (const [caller, roles] of Object.entries(roleSets)) {
    // The table's party counter is a second counter ("t-partyCounter"), so it may confirm the fixtures' minutes.
    headers[caller as Signed] = `Bearer ${await tokenFor({ subject: `t-${caller}`, name: caller, roles })}`;
  }
  const viewer = { subject: 'a1', name: 'Admin', roles: ['party:admin'] };
  headers.anonymous = undefined;
  headers.garbage = 'Bearer not-a-jwt';
  headers.wrongKey = `Bearer ${await issueToken(authSettings('another-secret-that-is-long-enough-9876543210'), viewer, '1h')}`;
  headers.expired = `Bearer ${await issueToken(TEST_AUTH, viewer, Math.floor(Date.now() / 1000) - 60)}`;
  headers.wrongIssuer = `Bearer ${await issueToken(authSettings('test-secret-that-is-long-enough-0123456789', 'someone-else'), viewer, '1h')}`;
  headers.notBearer = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
  staff.admin = await tokenFor(viewer);
  staff.counter1 = await tokenFor({ subject: 'c1', name: 'Counter One', roles: ['party:counter'] });
  staff.counter2 = await tokenFor({ subject: 'c2', name: 'Counter Two', roles: ['party:counter'] });
});

afterAll(async () => {
  await service?.stop();
});

/** Posts an operation with a raw Authorization header (or none), the way a client would. */
async function call<T = Record<string, unknown>>(caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
  const authorization = headers[caller];
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

const CREATE = `mutation($input: RoundPlanInput!) { createPartyRound(input: $input) { id status } }`;
const ADD = `mutation($roundId: ID!, $input: NomineeInput!) { addPartyNominee(roundId: $roundId, input: $input) { id } }`;
const OPEN = `mutation($roundId: ID!, $present: Int!) { openPartyRound(roundId: $roundId, present: $present) { status } }`;
const COUNT = `mutation($roundId: ID!) { startPartyCounting(roundId: $roundId) { status } }`;
const ENTER = `mutation($roundId: ID!, $input: TallyInput!) { enterPartyTally(roundId: $roundId, input: $input) { id status } }`;
const CONFIRM = `mutation($entryId: ID!, $input: TallyInput!) { confirmPartyTally(entryId: $entryId, input: $input) { id status } }`;
const CLOSE = `mutation($roundId: ID!) { closePartyRound(roundId: $roundId) { status } }`;
const PUBLISH = `mutation($roundId: ID!) { publishPartyRound(roundId: $roundId) { status } }`;

const ROUND = `query($id: ID!) { partyRound(id: $id) { id status results { officialCode band } tallyEntries { id status } } }`;
const ROUNDS = `query($status: RoundStatus) { partyRounds(status: $status, limit: 500) { total items { id status results { officialCode } tallyEntries { id } } } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Official { code partyResults { roundId officialCode band } } } }`;

// ---------------------------------------------------------------------------------------------
// Fixtures, made by the agency's own staff.

interface Fixture {
  roundId: string;
  nominees: string[];
  codes: string[];
  entryId?: string;
}

let seq = 0;
const plan = () => ({ title: `Vòng thử quyền ${++seq}`, body: 'Ban Chấp hành Đảng bộ thành phố', year: 2023, summoned: 50 });
const nominee = (code: string) => ({ officialCode: code, fullName: `Người thử ${code}`, posts: ['Ủy viên Ban Thường vụ'], managedBy: 'STANDING_BOARD' });

function figures(f: Fixture) {
  return {
    ballotsIssued: 48,
    ballotsCollected: 48,
    validBallots: 47,
    lines: f.nominees.map((nomineeId, i) => ({ nomineeId, high: 10, confident: 10 + i, low: 26 - i, invalid: 1 })),
  };
}

type State = 'NONE' | 'DRAFT' | 'OPEN' | 'COUNTING' | 'PENDING' | 'CONFIRMED' | 'CLOSED' | 'PUBLISHED';

async function roundIn(state: State): Promise<Fixture> {
  if (state === 'NONE') return { roundId: '', nominees: [], codes: [] };
  const { createPartyRound } = dataOf(await graphql<{ createPartyRound: { id: string } }>(url, CREATE, { input: plan() }, staff.admin));
  const f: Fixture = { roundId: createPartyRound.id, nominees: [], codes: [] };
  for (const code of [`R${seq}-A`, `R${seq}-B`]) {
    const { addPartyNominee } = dataOf(await graphql<{ addPartyNominee: { id: string } }>(url, ADD, { roundId: f.roundId, input: nominee(code) }, staff.admin));
    f.nominees.push(addPartyNominee.id);
    f.codes.push(code);
  }
  if (state === 'DRAFT') return f;
  dataOf(await graphql(url, OPEN, { roundId: f.roundId, present: 48 }, staff.admin));
  if (state === 'OPEN') return f;
  dataOf(await graphql(url, COUNT, { roundId: f.roundId }, staff.admin));
  if (state === 'COUNTING') return f;
  f.entryId = dataOf(await graphql<{ enterPartyTally: { id: string } }>(url, ENTER, { roundId: f.roundId, input: figures(f) }, staff.counter1)).enterPartyTally.id;
  if (state === 'PENDING') return f;
  dataOf(await graphql(url, CONFIRM, { entryId: f.entryId, input: figures(f) }, staff.counter2));
  if (state === 'CONFIRMED') return f;
  dataOf(await graphql(url, CLOSE, { roundId: f.roundId }, staff.admin));
  if (state === 'CLOSED') return f;
  dataOf(await graphql(url, PUBLISH, { roundId: f.roundId }, staff.admin));
  return f;
}

/** Everything a mutation could change, read from the database. */
async function snapshot(): Promise<unknown> {
  return service.db.query(`SELECT
      (SELECT json_agg(json_build_object('id', id, 'status', status, 'present', present, 'published', published_at) ORDER BY id) FROM round) AS rounds,
      (SELECT count(*)::int FROM nominee) AS nominees,
      (SELECT count(*)::int FROM tally_entry) AS entries,
      (SELECT count(*)::int FROM tally_confirmation) AS confirmations`);
}

async function statusOf(roundId: string): Promise<string | undefined> {
  const [row] = (await service.db.query(`SELECT status FROM round WHERE id = $1`, [roundId])) as { status: string }[];
  return row?.status;
}

// ---------------------------------------------------------------------------------------------
// Mutations.

interface Operation {
  /** The state in which the operation succeeds for an allowed caller. */
  state: State;
  /** Roles the error message must name as needed. */
  needs: string;
  run: (caller: Caller, f: Fixture) => Promise<GraphQLResponse>;
  /** What an allowed caller's success leaves behind. */
  after: (f: Fixture, response: GraphQLResponse) => Promise<void>;
}

const operations: Record<string, Operation> = {
  createPartyRound: {
    state: 'NONE',
    needs: 'party:admin',
    run: (caller) => call(caller, CREATE, { input: plan() }),
    after: async (_f, response) => {
      const id = (response.data as { createPartyRound: { id: string } }).createPartyRound.id;
      expect(await statusOf(id)).toBe('DRAFT');
    },
  },
  addPartyNominee: {
    state: 'DRAFT',
    needs: 'party:admin',
    run: (caller, f) => call(caller, ADD, { roundId: f.roundId, input: nominee(`${f.roundId}-C`) }),
    after: async (f) => {
      const rows = (await service.db.query(`SELECT count(*)::int AS n FROM nominee WHERE round_id = $1`, [f.roundId])) as { n: number }[];
      expect(rows[0]?.n).toBe(3);
    },
  },
  openPartyRound: {
    state: 'DRAFT',
    needs: 'party:admin',
    run: (caller, f) => call(caller, OPEN, { roundId: f.roundId, present: 48 }),
    after: async (f) => expect(await statusOf(f.roundId)).toBe('OPEN'),
  },
  startPartyCounting: {
    state: 'OPEN',
    needs: 'party:admin',
    run: (caller, f) => call(caller, COUNT, { roundId: f.roundId }),
    after: async (f) => expect(await statusOf(f.roundId)).toBe('COUNTING'),
  },
  enterPartyTally: {
    state: 'COUNTING',
    needs: 'party:counter',
    run: (caller, f) => call(caller, ENTER, { roundId: f.roundId, input: figures(f) }),
    after: async (f) => {
      const rows = (await service.db.query(`SELECT count(*)::int AS n FROM tally_entry WHERE round_id = $1`, [f.roundId])) as { n: number }[];
      expect(rows[0]?.n).toBe(1);
    },
  },
  confirmPartyTally: {
    state: 'PENDING',
    needs: 'party:counter',
    run: (caller, f) => call(caller, CONFIRM, { entryId: f.entryId, input: figures(f) }),
    after: async (f) => {
      const rows = (await service.db.query(`SELECT count(*)::int AS n FROM tally_confirmation WHERE entry_id = $1`, [f.entryId])) as { n: number }[];
      expect(rows[0]?.n).toBe(1);
    },
  },
  closePartyRound: {
    state: 'CONFIRMED',
    needs: 'party:admin',
    run: (caller, f) => call(caller, CLOSE, { roundId: f.roundId }),
    after: async (f) => expect(await statusOf(f.roundId)).toBe('CLOSED'),
  },
  publishPartyRound: {
    state: 'CLOSED',
    needs: 'party:admin',
    run: (caller, f) => call(caller, PUBLISH, { roundId: f.roundId }),
    after: async (f) => expect(await statusOf(f.roundId)).toBe('PUBLISHED'),
  },
};

const COUNTER_MAY = new Set(['enterPartyTally', 'confirmPartyTally']);
const unauthenticated: Unauthenticated[] = ['anonymous', 'garbage', 'wrongKey', 'expired', 'wrongIssuer', 'notBearer'];

type Outcome = 'ALLOWED' | 'FORBIDDEN' | 'UNAUTHENTICATED';

function expected(op: string, caller: Caller): Outcome {
  if ((unauthenticated as string[]).includes(caller)) return 'UNAUTHENTICATED';
  // Counting minutes are the counting committee's alone (R13): not even the agency admin enters them.
  if (COUNTER_MAY.has(op)) return caller === 'partyCounter' ? 'ALLOWED' : 'FORBIDDEN';
  if (caller === 'partyAdmin') return 'ALLOWED';
  return 'FORBIDDEN';
}

const mutationTable = Object.keys(operations).flatMap((op) =>
  [...(Object.keys(roleSets) as Signed[]), ...unauthenticated].map((caller) => ({ op, caller, outcome: expected(op, caller) })),
);

/** One round per operation for all refusals: each refusal must leave it in the state where the operation would work. */
const refusalTargets = new Map<string, Promise<Fixture>>();

describe('mutations: role × operation', () => {
  it('covers every mutation of the agency in the table', () => {
    expect(Object.keys(operations).sort()).toEqual([
      'addPartyNominee', 'closePartyRound', 'confirmPartyTally', 'createPartyRound',
      'enterPartyTally', 'openPartyRound', 'publishPartyRound', 'startPartyCounting',
    ]);
  });

  it.each(mutationTable)('$op by $caller → $outcome', async ({ op, caller, outcome }) => {
    const operation = operations[op];
    if (!operation) throw new Error(op);
    if (outcome === 'ALLOWED') {
      const f = await roundIn(operation.state);
      const response = await operation.run(caller, f);
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      await operation.after(f, response);
      return;
    }
    if (!refusalTargets.has(op)) refusalTargets.set(op, roundIn(operation.state));
    const f = await (refusalTargets.get(op) as Promise<Fixture>);
    const before = await snapshot();
    const response = await operation.run(caller, f);
    expect(errorCodes(response)).toEqual([outcome]);
    expect(response.data ?? null).toBeNull();
    const message = response.errors?.[0]?.message ?? '';
    if (outcome === 'FORBIDDEN') expect(message).toContain(`needs one of the roles: ${operation.needs}`);
    else expect(message).toMatch(/Sign in|access token is invalid or has expired|must be "Bearer <token>"/);
    expect(await snapshot()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Reads: what each role sees of a round before and after publication.

type Visibility = 'FULL' | 'RESULTS_ONLY' | 'HIDDEN';

const readers: Signed[] = ['partyAdmin', 'partyCounter', 'analyst', 'dashboard', 'auditor', 'councilAdmin'];

const beforePublication: Record<Signed, Visibility> = {
  partyAdmin: 'FULL',
  partyCounter: 'FULL',
  analyst: 'HIDDEN',
  dashboard: 'HIDDEN',
  auditor: 'HIDDEN',
  councilAdmin: 'HIDDEN',
  councilCounter: 'HIDDEN',
  committeeAdmin: 'HIDDEN',
  noRoles: 'HIDDEN',
};

const afterPublication: Record<Signed, Visibility> = {
  partyAdmin: 'FULL',
  partyCounter: 'FULL',
  analyst: 'FULL',
  dashboard: 'RESULTS_ONLY',
  auditor: 'FULL',
  councilAdmin: 'RESULTS_ONLY',
  councilCounter: 'RESULTS_ONLY',
  committeeAdmin: 'RESULTS_ONLY',
  noRoles: 'HIDDEN',
};

interface RoundView {
  id: string;
  status: string;
  results: { officialCode: string; band: string }[];
  tallyEntries: { id: string }[];
}

describe('reads', () => {
  let watched: Fixture; // counted, confirmed and closed, not yet published
  let draft: Fixture;

  beforeAll(async () => {
    watched = await roundIn('CLOSED');
    draft = await roundIn('DRAFT');
  });

  it.each([...unauthenticated])('%s cannot read rounds, a round or an official’s results (UNAUTHENTICATED)', async (caller) => {
    for (const [query, variables] of [
      [ROUND, { id: watched.roundId }],
      [ROUNDS, {}],
      [ENTITIES, { r: [{ __typename: 'Official', code: watched.codes[0] }] }],
    ] as const) {
      const response = await call(caller, query, variables);
      expect(errorCodes(response), query).toEqual(['UNAUTHENTICATED']);
      expect(JSON.stringify(response.data ?? null)).not.toContain(watched.roundId);
    }
  });

  async function checkRead(caller: Signed, visibility: Visibility, f: Fixture, status: string): Promise<void> {
    const one = dataOf(await call<{ partyRound: RoundView | null }>(caller, ROUND, { id: f.roundId }));
    const list = dataOf(await call<{ partyRounds: { total: number; items: RoundView[] } }>(caller, ROUNDS));
    const listed = list.partyRounds.items.find((r) => r.id === f.roundId);
    if (visibility === 'HIDDEN') {
      expect(one.partyRound).toBeNull();
      expect(listed).toBeUndefined();
      expect(list.partyRounds.items.every((r) => r.status === 'PUBLISHED')).toBe(true);
      const filtered = dataOf(await call<{ partyRounds: { total: number; items: RoundView[] } }>(caller, ROUNDS, { status }));
      expect(filtered.partyRounds).toEqual({ total: 0, items: [] });
      return;
    }
    for (const view of [one.partyRound, listed]) {
      expect(view).toMatchObject({ id: f.roundId, status });
      expect(view?.results.map((r) => r.officialCode)).toEqual(f.codes);
      if (visibility === 'FULL') expect(view?.tallyEntries.map((e) => e.id)).toEqual([f.entryId]);
      else expect(view?.tallyEntries).toEqual([]);
    }
  }

  describe('before publication', () => {
    it.each(readers.map((caller) => ({ caller, visibility: beforePublication[caller] })))(
      '$caller → $visibility',
      async ({ caller, visibility }) => {
        await checkRead(caller, visibility, watched, 'CLOSED');
        const d = dataOf(await call<{ partyRound: RoundView | null }>(caller, ROUND, { id: draft.roundId }));
        if (visibility === 'HIDDEN') expect(d.partyRound).toBeNull();
        else expect(d.partyRound).toMatchObject({ id: draft.roundId, status: 'DRAFT', results: [], tallyEntries: [] });
      },
    );

    it('a list of rounds shows others than staff the published total only', async () => {
      const [row] = (await service.db.query(`SELECT count(*) FILTER (WHERE status = 'PUBLISHED')::int AS published, count(*)::int AS all FROM round`)) as {
        published: number; all: number;
      }[];
      const staffList = dataOf(await call<{ partyRounds: { total: number } }>('partyAdmin', ROUNDS));
      const boardList = dataOf(await call<{ partyRounds: { total: number } }>('analyst', ROUNDS));
      expect(staffList.partyRounds.total).toBe(row?.all);
      expect(boardList.partyRounds.total).toBe(row?.published);
      expect(row?.all).toBeGreaterThan(row?.published ?? 0);
    });

    it.each(readers)('%s finds no result of the official through the entity reference', async (caller) => {
      const { _entities } = dataOf(await call<{ _entities: { code: string; partyResults: unknown[] }[] }>(caller, ENTITIES, {
        r: watched.codes.map((code) => ({ __typename: 'Official', code })),
      }));
      expect(_entities).toEqual(watched.codes.map((code) => ({ code, partyResults: [] })));
    });
  });

  describe('after publication', () => {
    beforeAll(async () => {
      dataOf(await graphql(url, PUBLISH, { roundId: watched.roundId }, staff.admin));
    });

    it.each(readers.map((caller) => ({ caller, visibility: afterPublication[caller] })))(
      '$caller → $visibility',
      async ({ caller, visibility }) => {
        await checkRead(caller, visibility, watched, 'PUBLISHED');
        // A draft stays hidden from everyone but the agency's staff.
        const d = dataOf(await call<{ partyRound: RoundView | null }>(caller, ROUND, { id: draft.roundId }));
        if (beforePublication[caller] === 'HIDDEN') expect(d.partyRound).toBeNull();
        else expect(d.partyRound).toMatchObject({ id: draft.roundId, status: 'DRAFT' });
      },
    );

    it.each(readers)('%s finds the official’s published results through the entity reference', async (caller) => {
      const { _entities } = dataOf(await call<{ _entities: { code: string; partyResults: { roundId: string; band: string }[] }[] }>(caller, ENTITIES, {
        r: watched.codes.map((code) => ({ __typename: 'Official', code })),
      }));
      expect(_entities.map((o) => o.code)).toEqual(watched.codes);
      for (const official of _entities) {
        expect(official.partyResults).toHaveLength(1);
        expect(official.partyResults[0]?.roundId).toBe(watched.roundId);
      }
      // 26 and 25 low of 48 collected ballots: both more than half (R5).
      expect(_entities.map((o) => o.partyResults[0]?.band)).toEqual(['OVER_HALF', 'OVER_HALF']);
    });
  });
});
