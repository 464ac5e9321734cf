import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoardService, type BoardService } from '@tinnhiem/board-subgraph';
import { createTestDatabase } from '../../../tests/support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor, type GraphQLResponse } from '../../../tests/support/graphql';

// The Organisation Board's registry of officials: Board analysts add officials with their posts;
// anyone signed in reads them; other subgraphs resolve them by cadre code through `_entities`.

let service: BoardService;
let url: string;
const tokens: Record<string, string> = {};
/** SQL statements the service ran, to check that references are batched. */
let statements: string[] = [];

beforeAll(async () => {
  service = await startBoardService({
    databaseUrl: await createTestDatabase('registry'),
    port: 0,
    auth: TEST_AUTH,
    onQuery: (sql) => statements.push(sql),
  });
  url = service.url;
  tokens.analyst = await tokenFor({ subject: 'b1', name: 'Analyst', roles: ['board:analyst'] });
  tokens.partyAdmin = await tokenFor({ subject: 'a1', name: 'Party admin', roles: ['party:admin'] });
  tokens.councilAdmin = await tokenFor({ subject: 'x1', name: 'Council admin', roles: ['council:admin'] });
  tokens.dashboard = await tokenFor({ subject: 'd1', name: 'Dashboard', roles: ['dashboard:reader'] });
  tokens.auditor = await tokenFor({ subject: 'u1', name: 'Auditor', roles: ['auditor'] });
});

afterAll(async () => {
  await service?.stop();
});

const OFFICIAL_FIELDS = `code fullName managedBy retirementAnnouncedOn electedOrAppointedOn posts { line title body }`;
const REGISTER = `mutation($input: OfficialInput!) { registerOfficial(input: $input) { ${OFFICIAL_FIELDS} } }`;
const OFFICIAL = `query($code: ID!) { official(code: $code) { ${OFFICIAL_FIELDS} } }`;
const OFFICIALS = `query($managedBy: ManagedBy, $line: PoliticalLine, $limit: Int, $offset: Int) {
  officials(managedBy: $managedBy, line: $line, limit: $limit, offset: $offset) { total offset limit items { code } } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Official { code fullName } } }`;

interface Post {
  line: 'PARTY' | 'COUNCIL' | 'COMMITTEE';
  title: string;
  body: string;
}

interface OfficialInput {
  code: string;
  fullName: string;
  managedBy: 'STANDING_BOARD' | 'AGENCY';
  retirementAnnouncedOn?: string | null;
  electedOrAppointedOn?: string | null;
  posts: Post[];
}

const PARTY_POST: Post = { line: 'PARTY', title: 'Ủy viên Ban Thường vụ Thành ủy', body: 'Ban Chấp hành Đảng bộ thành phố' };
const COUNCIL_POST: Post = { line: 'COUNCIL', title: 'Phó Chủ tịch HĐND thành phố', body: 'Hội đồng nhân dân thành phố' };
const COMMITTEE_POST: Post = { line: 'COMMITTEE', title: 'Giám đốc Sở Tài chính', body: 'Ủy ban nhân dân thành phố' };

function official(code: string, patch: Partial<OfficialInput> = {}): OfficialInput {
  return { code, fullName: `Cán bộ thử ${code}`, managedBy: 'STANDING_BOARD', posts: [PARTY_POST], ...patch };
}

async function register(input: OfficialInput): Promise<Record<string, unknown>> {
  return dataOf(await graphql<{ registerOfficial: Record<string, unknown> }>(url, REGISTER, { input }, tokens.analyst)).registerOfficial;
}

interface Stored {
  officials: number;
  posts: number;
}

async function stored(): Promise<Stored> {
  const [row] = (await service.db.query(
    `SELECT (SELECT count(*) FROM official)::int AS officials, (SELECT count(*) FROM official_post)::int AS posts`,
  )) as Stored[];
  if (!row) throw new Error('no counts');
  return row;
}

/** Waits until some session of this database waits for a lock (the service, behind the rival's row). */
async function waitForLockWait(): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const [row] = (await service.db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    )) as { n: number }[];
    if ((row?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the registration never waited for the rival row');
}

async function refusedWithoutTrace(request: () => Promise<GraphQLResponse<unknown>>, code: string, ...parts: string[]): Promise<void> {
  const before = await stored();
  const response = await request();
  expect(errorCodes(response), JSON.stringify(response.errors)).toEqual([code]);
  expect(response.data ?? null).toBeNull();
  for (const part of parts) expect(response.errors?.[0]?.message).toContain(part);
  expect(await stored()).toEqual(before);
}

describe('registering an official', () => {
  it('stores a Board analyst’s official with every post, readable by official(code)', async () => {
    const input = official('REG-001', {
      fullName: 'Hoàng Thị Mười',
      electedOrAppointedOn: '2021-06-30',
      posts: [PARTY_POST, COMMITTEE_POST, COUNCIL_POST],
    });
    const before = await stored();
    const registered = await register(input);
    const expected = {
      code: 'REG-001',
      fullName: 'Hoàng Thị Mười',
      managedBy: 'STANDING_BOARD',
      retirementAnnouncedOn: null,
      electedOrAppointedOn: '2021-06-30',
      posts: [COMMITTEE_POST, COUNCIL_POST, PARTY_POST], // by line, then title
    };
    expect(registered).toEqual(expected);
    expect(await stored()).toEqual({ officials: before.officials + 1, posts: before.posts + 3 });

    for (const token of [tokens.analyst, tokens.dashboard, tokens.partyAdmin]) {
      expect(dataOf(await graphql(url, OFFICIAL, { code: 'REG-001' }, token))).toEqual({ official: expected });
    }
    const unknown = await graphql(url, OFFICIAL, { code: 'NO-SUCH-CODE' }, tokens.analyst);
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    expect(unknown.errors?.[0]?.message).toContain('NO-SUCH-CODE');
  });

  it('stores code, name and posts given in NFD in NFC, and finds the official by either form', async () => {
    const code = 'ĐỒNG-01';
    const name = 'Nguyễn Thị Hường';
    const registered = await register(official(code.normalize('NFD'), {
      fullName: `  ${name.normalize('NFD')} `,
      posts: [{ ...COUNCIL_POST, title: COUNCIL_POST.title.normalize('NFD') }],
    }));
    expect(registered).toMatchObject({ code, fullName: name, posts: [COUNCIL_POST] });
    const rows = (await service.db.query(`SELECT code, full_name FROM official WHERE code = $1`, [code])) as unknown[];
    expect(rows).toEqual([{ code, full_name: name }]);
    for (const form of [code, code.normalize('NFD')]) {
      expect(dataOf(await graphql(url, OFFICIAL, { code: form }, tokens.dashboard))).toMatchObject({ official: { code, fullName: name } });
    }
  });

  it.each([
    { who: 'a party admin', token: () => tokens.partyAdmin },
    { who: 'a council admin', token: () => tokens.councilAdmin },
    { who: 'a dashboard reader', token: () => tokens.dashboard },
    { who: 'an auditor', token: () => tokens.auditor },
  ])('refuses $who with FORBIDDEN and stores nothing', async ({ token }) => {
    await refusedWithoutTrace(() => graphql(url, REGISTER, { input: official('REG-FORBIDDEN') }, token()),
      'FORBIDDEN', 'board:analyst');
    expect(errorCodes(await graphql(url, OFFICIAL, { code: 'REG-FORBIDDEN' }, tokens.analyst))).toEqual(['NOT_FOUND']);
  });

  it('refuses a caller without a token with UNAUTHENTICATED, on the mutation and on the queries', async () => {
    await refusedWithoutTrace(() => graphql(url, REGISTER, { input: official('REG-ANON') }), 'UNAUTHENTICATED');
    expect(errorCodes(await graphql(url, OFFICIAL, { code: 'REG-001' }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await graphql(url, OFFICIALS, {}))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a second official with the same code (DUPLICATE_OFFICIAL) and keeps the first as it was', async () => {
    const first = await register(official('REG-DUP', { fullName: 'Lý Văn Đầu', posts: [PARTY_POST] }));
    for (const code of ['REG-DUP', ' REG-DUP  ']) {
      await refusedWithoutTrace(
        () => graphql(url, REGISTER, {
          input: official(code, { fullName: 'Lý Văn Sau', managedBy: 'AGENCY', posts: [COUNCIL_POST, COMMITTEE_POST] }),
        }, tokens.analyst),
        'DUPLICATE_OFFICIAL', 'An official with code REG-DUP is already registered',
      );
    }
    expect(dataOf(await graphql(url, OFFICIAL, { code: 'REG-DUP' }, tokens.analyst))).toEqual({ official: first });
  });

  it('refuses the loser of a race for the same code cleanly: no internal error, none of its posts stored', async () => {
    // Another registration of the same code is in flight: inserted, not yet committed. The
    // service's duplicate check cannot see it, so only the database can stop the second row.
    const rival = service.db.createQueryRunner();
    await rival.connect();
    let response: GraphQLResponse<unknown> | undefined;
    try {
      await rival.startTransaction();
      await rival.query(`INSERT INTO official (code, full_name, managed_by) VALUES ('REG-RACE', 'Người đến trước', 'AGENCY')`);
      const pending = graphql(url, REGISTER, {
        input: official('REG-RACE', { fullName: 'Người đến sau', posts: [COUNCIL_POST, COMMITTEE_POST] }),
      }, tokens.analyst);
      await waitForLockWait();
      await rival.commitTransaction();
      response = await pending;
    } finally {
      if (rival.isTransactionActive) await rival.rollbackTransaction();
      await rival.release();
    }
    // DUPLICATE_OFFICIAL would be best; CONFLICT ("reload and try again") leads there on retry.
    expect(['DUPLICATE_OFFICIAL', 'CONFLICT']).toContain(errorCodes(response)[0]);
    expect(errorCodes(response)).toHaveLength(1);
    expect(response.data ?? null).toBeNull();
    expect(await service.db.query(`SELECT full_name FROM official WHERE code = 'REG-RACE'`)).toEqual([{ full_name: 'Người đến trước' }]);
    expect(await service.db.query(`SELECT count(*)::int AS n FROM official_post WHERE official_code = 'REG-RACE'`)).toEqual([{ n: 0 }]);
  });

  it('merges a post listed twice (once in NFD, with a stray space) into one post', async () => {
    const before = await stored();
    const response = await graphql<{ registerOfficial: { posts: Post[] } }>(url, REGISTER, {
      input: official('REG-TWICE', { posts: [PARTY_POST, COUNCIL_POST, { ...PARTY_POST, title: ` ${PARTY_POST.title.normalize('NFD')}` }] }),
    }, tokens.analyst);
    expect(dataOf(response).registerOfficial.posts).toEqual([COUNCIL_POST, PARTY_POST]);
    expect(await stored()).toEqual({ officials: before.officials + 1, posts: before.posts + 2 });
  });

  it.each([
    { field: 'retirementAnnouncedOn', value: '2023-02-29' },
    { field: 'retirementAnnouncedOn', value: '01/02/2023' },
    { field: 'electedOrAppointedOn', value: '2023-13-01' },
    { field: 'electedOrAppointedOn', value: '2021-6-30' },
    { field: 'electedOrAppointedOn', value: '' },
  ])('refuses $field "$value" with BAD_USER_INPUT, naming the field, and stores nothing', async ({ field, value }) => {
    await refusedWithoutTrace(
      () => graphql(url, REGISTER, { input: official('REG-DATE', { [field]: value }) }, tokens.analyst),
      'BAD_USER_INPUT', `${field} must be a date written YYYY-MM-DD, got "${value}"`,
    );
  });

  it.each([
    { what: 'an empty code', patch: { code: '  ' }, message: 'code is required' },
    { what: 'an empty full name', patch: { fullName: '' }, message: 'fullName is required' },
    { what: 'a post without a title', patch: { posts: [PARTY_POST, { ...COUNCIL_POST, title: ' ' }] }, message: 'Every post needs a title and a body' },
    { what: 'a post without a body', patch: { posts: [{ ...PARTY_POST, body: '' }] }, message: 'Every post needs a title and a body' },
  ])('refuses $what with BAD_USER_INPUT and stores nothing', async ({ patch, message }) => {
    await refusedWithoutTrace(() => graphql(url, REGISTER, { input: official('REG-EMPTY', patch) }, tokens.analyst), 'BAD_USER_INPUT', message);
  });
});

describe('listing officials', () => {
  // Registered under their own prefix; the filters below also match officials of other tests,
  // so expectations are computed from what the registry holds.
  const roster: OfficialInput[] = [
    official('LST-01', { managedBy: 'STANDING_BOARD', posts: [PARTY_POST, COUNCIL_POST] }),
    official('LST-02', { managedBy: 'STANDING_BOARD', posts: [COMMITTEE_POST] }),
    official('LST-03', { managedBy: 'AGENCY', posts: [COUNCIL_POST] }),
    official('LST-04', { managedBy: 'STANDING_BOARD', posts: [PARTY_POST] }),
    official('LST-05', { managedBy: 'AGENCY', posts: [PARTY_POST, COMMITTEE_POST] }),
    official('LST-06', { managedBy: 'STANDING_BOARD', posts: [COUNCIL_POST, COMMITTEE_POST] }),
    official('LST-07', { managedBy: 'STANDING_BOARD', posts: [PARTY_POST] }),
  ];

  beforeAll(async () => {
    for (const input of roster) await register(input);
  });

  async function expectedCodes(managedBy?: string, line?: string): Promise<string[]> {
    const rows = (await service.db.query(
      `SELECT o.code FROM official o
        WHERE ($1::text IS NULL OR o.managed_by = $1)
          AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM official_post p WHERE p.official_code = o.code AND p.line = $2))
        ORDER BY o.code`, [managedBy ?? null, line ?? null])) as { code: string }[];
    return rows.map((r) => r.code);
  }

  async function allPages(filter: { managedBy?: string; line?: string }, limit: number): Promise<{ pages: string[][]; totals: number[] }> {
    const pages: string[][] = [];
    const totals: number[] = [];
    for (let offset = 0; pages.length === 0 || pages.at(-1)?.length === limit; offset += limit) {
      const { officials } = dataOf(await graphql<{ officials: { total: number; offset: number; limit: number; items: { code: string }[] } }>(
        url, OFFICIALS, { ...filter, limit, offset }, tokens.dashboard));
      expect(officials).toMatchObject({ offset, limit });
      pages.push(officials.items.map((o) => o.code));
      totals.push(officials.total);
      if (pages.length > 50) throw new Error('paging does not end');
    }
    return { pages, totals };
  }

  it.each([
    { filter: { managedBy: 'STANDING_BOARD' }, limit: 2 },
    { filter: { managedBy: 'AGENCY' }, limit: 1 },
    { filter: { line: 'COUNCIL' }, limit: 2 },
    { filter: { managedBy: 'STANDING_BOARD', line: 'COMMITTEE' }, limit: 1 },
    { filter: { managedBy: 'STANDING_BOARD', line: 'PARTY' }, limit: 3 },
    { filter: {}, limit: 4 },
  ])('pages through officials($filter) $limit at a time, with the right total on every page', async ({ filter, limit }) => {
    const expected = await expectedCodes(filter.managedBy, filter.line);
    const { pages, totals } = await allPages(filter, limit);
    expect(pages.flat()).toEqual(expected);
    expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true);
    expect(new Set(totals)).toEqual(new Set([expected.length]));
  });

  it('filters the roster as its posts and managers say', async () => {
    const mine = (codes: string[]) => codes.filter((c) => c.startsWith('LST-'));
    expect(mine(await expectedCodes('STANDING_BOARD', 'COUNCIL'))).toEqual(['LST-01', 'LST-06']);
    const { officials } = dataOf(await graphql<{ officials: { items: { code: string }[] } }>(url, OFFICIALS,
      { managedBy: 'AGENCY', line: 'COMMITTEE', limit: 1000 }, tokens.analyst));
    expect(mine(officials.items.map((o) => o.code))).toEqual(['LST-05']);
  });

  it('returns an empty page past the end, with the total', async () => {
    const total = (await expectedCodes()).length;
    const { officials } = dataOf(await graphql(url, OFFICIALS, { limit: 10, offset: total + 5 }, tokens.analyst));
    expect(officials).toEqual({ total, offset: total + 5, limit: 10, items: [] });
  });

  it.each([
    { variables: { limit: 0 }, message: 'limit must be between 1 and 1000, got 0' },
    { variables: { limit: 1001 }, message: 'limit must be between 1 and 1000, got 1001' },
    { variables: { offset: -1 }, message: 'offset cannot be negative, got -1' },
  ])('refuses paging $variables with BAD_USER_INPUT', async ({ variables, message }) => {
    const response = await graphql(url, OFFICIALS, variables, tokens.analyst);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain(message);
  });
});

describe('resolving references from other subgraphs (_entities)', () => {
  beforeAll(async () => {
    for (const code of ['ENT-1', 'ENT-2', 'ENT-3']) await register(official(code, { fullName: `Người tham chiếu ${code}` }));
  });

  it('resolves many codes in one request, in order, with null for an unknown code, in one registry query', async () => {
    const codes = ['ENT-3', 'NO-SUCH', 'ENT-1', 'ENT-2', 'ENT-1'];
    statements = [];
    const { _entities } = dataOf(await graphql<{ _entities: ({ code: string; fullName: string } | null)[] }>(url, ENTITIES, {
      r: codes.map((code) => ({ __typename: 'Official', code })),
    }, tokens.analyst));
    expect(_entities).toEqual([
      { code: 'ENT-3', fullName: 'Người tham chiếu ENT-3' },
      null,
      { code: 'ENT-1', fullName: 'Người tham chiếu ENT-1' },
      { code: 'ENT-2', fullName: 'Người tham chiếu ENT-2' },
      { code: 'ENT-1', fullName: 'Người tham chiếu ENT-1' },
    ]);
    // Batched: one SELECT on the official table, however many references.
    expect(statements.filter((sql) => /FROM "official"/i.test(sql))).toHaveLength(1);
  });

  it('does not show the registry to a caller without a token through _entities either', async () => {
    const response = await graphql<{ _entities: unknown[] }>(url, ENTITIES, { r: [{ __typename: 'Official', code: 'ENT-1' }] });
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(response.data ?? null)).not.toContain('Người tham chiếu');
  });
});
