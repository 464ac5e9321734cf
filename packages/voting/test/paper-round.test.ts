import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgencyService, type AgencyService } from '@tinnhiem/voting';
import { createTestDatabase } from '../../../tests/support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor } from '../../../tests/support/graphql';

const party = { id: 'party', name: 'Ban Chấp hành Đảng bộ thành phố (test)', rulebook: 'QD96' } as const;

let service: AgencyService;
let url: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  service = await startAgencyService({ agency: party, databaseUrl: await createTestDatabase('paper'), port: 0, auth: TEST_AUTH });
  url = service.url;
  tokens.admin = await tokenFor({ subject: 'a1', name: 'Admin', roles: ['party:admin'] });
  tokens.counter1 = await tokenFor({ subject: 'c1', name: 'Counter One', roles: ['party:counter'] });
  tokens.counter2 = await tokenFor({ subject: 'c2', name: 'Counter Two', roles: ['party:counter'] });
  tokens.councilAdmin = await tokenFor({ subject: 'x1', name: 'Council admin', roles: ['council:admin'] });
  tokens.analyst = await tokenFor({ subject: 'b1', name: 'Analyst', roles: ['board:analyst'] });
});

afterAll(async () => {
  await service?.stop();
});

const CREATE = `mutation($input: RoundPlanInput!) { createPartyRound(input: $input) { id status rulebook baseKind offCycle } }`;
const ADD = `mutation($roundId: ID!, $input: NomineeInput!) { addPartyNominee(roundId: $roundId, input: $input) { id ballotOrder } }`;
const OPEN = `mutation($roundId: ID!, $present: Int!) { openPartyRound(roundId: $roundId, present: $present) { status present quorum { met required } } }`;
const COUNT = `mutation($roundId: ID!) { startPartyCounting(roundId: $roundId) { status } }`;
const ENTER = `mutation($roundId: ID!, $input: TallyInput!, $reason: String) {
  enterPartyTally(roundId: $roundId, input: $input, correctionReason: $reason) { id status effective } }`;
const CONFIRM = `mutation($entryId: ID!, $input: TallyInput!) { confirmPartyTally(entryId: $entryId, input: $input) { id status confirmedByName effective } }`;
const CLOSE = `mutation($roundId: ID!) { closePartyRound(roundId: $roundId) { status } }`;
const PUBLISH = `mutation($roundId: ID!) { publishPartyRound(roundId: $roundId) { status publishedAt } }`;
const RESULTS = `query($id: ID!) { partyRound(id: $id) { status results { officialCode band base { kind size }
  counts { high confident low invalid unmarked } percentages { high confident low } consequences { code source } corrected }
  tallyEntries { id status effective correctionReason enteredByName confirmedByName } } }`;

async function plannedRound(summoned = 50): Promise<{ roundId: string; nominees: string[] }> {
  const { createPartyRound } = dataOf(await graphql<{ createPartyRound: { id: string } }>(url, CREATE, {
    input: { title: 'Lấy phiếu tín nhiệm năm 2023', body: 'Ban Chấp hành Đảng bộ', year: 2023, summoned },
  }, tokens.admin));
  const nominees: string[] = [];
  for (const code of ['A-1', 'A-2']) {
    const added = dataOf(await graphql<{ addPartyNominee: { id: string } }>(url, ADD, {
      roundId: createPartyRound.id,
      input: { officialCode: code, fullName: `Người thử ${code}`, posts: ['Ủy viên Ban Thường vụ'], managedBy: 'STANDING_BOARD' },
    }, tokens.admin));
    nominees.push(added.addPartyNominee.id);
  }
  return { roundId: createPartyRound.id, nominees };
}

function figures(nominees: string[], low = [25, 24]) {
  // 48 collected, 47 valid: nominee 1 has 25 low (over half of 48), nominee 2 exactly half.
  return {
    ballotsIssued: 48,
    ballotsCollected: 48,
    validBallots: 47,
    lines: nominees.map((nomineeId, i) => ({ nomineeId, high: 10, confident: 47 - 10 - (low[i] ?? 0) - 1, low: low[i] ?? 0, invalid: 1 })),
  };
}

describe('a paper round from plan to published result', () => {
  it('runs the life cycle with two counters and publishes the rulebook’s outcome', async () => {
    const { roundId, nominees } = await plannedRound();

    const belowQuorum = await graphql(url, OPEN, { roundId, present: 33 }, tokens.admin);
    expect(errorCodes(belowQuorum)).toEqual(['QUORUM_NOT_MET']);
    expect(belowQuorum.errors?.[0]?.message).toContain('at least 34');

    const opened = dataOf(await graphql<{ openPartyRound: { status: string; quorum: { met: boolean; required: number } } }>(url, OPEN, { roundId, present: 48 }, tokens.admin));
    expect(opened.openPartyRound).toMatchObject({ status: 'OPEN', quorum: { met: true, required: 34 } });
    expect(errorCodes(await graphql(url, ENTER, { roundId, input: figures(nominees) }, tokens.counter1))).toEqual(['INVALID_TRANSITION']);
    dataOf(await graphql(url, COUNT, { roundId }, tokens.admin));

    const entered = dataOf(await graphql<{ enterPartyTally: { id: string; status: string } }>(url, ENTER, { roundId, input: figures(nominees) }, tokens.counter1));
    expect(entered.enterPartyTally.status).toBe('PENDING');
    expect(errorCodes(await graphql(url, CLOSE, { roundId }, tokens.admin))).toEqual(['NO_CONFIRMED_TALLY']);
    expect(errorCodes(await graphql(url, CONFIRM, { entryId: entered.enterPartyTally.id, input: figures(nominees) }, tokens.counter1))).toEqual(['SELF_CONFIRMATION']);

    const mismatch = await graphql(url, CONFIRM, { entryId: entered.enterPartyTally.id, input: figures(nominees, [25, 23]) }, tokens.counter2);
    expect(errorCodes(mismatch)).toEqual(['TALLY_MISMATCH']);
    // Nothing in the refusal hints at the first count: no field, no row, no figure.
    expect(mismatch.errors?.[0]?.message).toBe('Your figures differ from the entered minutes. Recount the ballots with the counting committee, or enter new minutes.');
    expect(JSON.stringify(mismatch.errors?.[0]?.extensions)).toBe('{"code":"TALLY_MISMATCH"}');

    // The second counter cannot read the unconfirmed figures either; the first counter can.
    const MINUTES = `query($id: ID!) { partyRound(id: $id) { tallyEntries { status ballots { valid } lines { low } } } }`;
    const seenBySecond = dataOf(await graphql<{ partyRound: { tallyEntries: unknown[] } }>(url, MINUTES, { id: roundId }, tokens.counter2));
    expect(seenBySecond.partyRound.tallyEntries).toEqual([{ status: 'PENDING', ballots: null, lines: null }]);
    const seenByFirst = dataOf(await graphql<{ partyRound: { tallyEntries: unknown[] } }>(url, MINUTES, { id: roundId }, tokens.counter1));
    expect(seenByFirst.partyRound.tallyEntries).toEqual([{ status: 'PENDING', ballots: { valid: 47 }, lines: [{ low: 25 }, { low: 24 }] }]);

    const confirmed = dataOf(await graphql<{ confirmPartyTally: { status: string; confirmedByName: string } }>(url, CONFIRM, { entryId: entered.enterPartyTally.id, input: figures(nominees) }, tokens.counter2));
    expect(confirmed.confirmPartyTally).toMatchObject({ status: 'CONFIRMED', confirmedByName: 'Counter Two' });

    // Before publication the Board sees nothing of the round.
    expect(dataOf(await graphql(url, RESULTS, { id: roundId }, tokens.analyst))).toEqual({ partyRound: null });

    dataOf(await graphql(url, CLOSE, { roundId }, tokens.admin));
    const published = dataOf(await graphql<{ publishPartyRound: { status: string } }>(url, PUBLISH, { roundId }, tokens.admin));
    expect(published.publishPartyRound.status).toBe('PUBLISHED');

    const { partyRound } = dataOf(await graphql<{ partyRound: { results: Record<string, unknown>[] } }>(url, RESULTS, { id: roundId }, tokens.analyst));
    const [first, second] = partyRound.results;
    expect(first).toMatchObject({
      officialCode: 'A-1',
      band: 'OVER_HALF',
      base: { kind: 'COLLECTED', size: 48 },
      counts: { high: 10, confident: 11, low: 25, invalid: 1, unmarked: 0 },
      percentages: { high: '20.83', confident: '22.92', low: '52.08' },
      corrected: false,
    });
    expect((first?.consequences as { code: string }[]).map((c) => c.code)).toContain('REMOVE_FROM_PLANNING');
    // Exactly half is not "more than half" (R5).
    expect(second).toMatchObject({ officialCode: 'A-2', band: 'NOT_OVER_HALF', percentages: { low: '50.00' }, consequences: [] });
  });

  it('keeps a closed round frozen: a correction is a new, reasoned, confirmed entry and the old one stays visible', async () => {
    const { roundId, nominees } = await plannedRound();
    dataOf(await graphql(url, OPEN, { roundId, present: 48 }, tokens.admin));
    dataOf(await graphql(url, COUNT, { roundId }, tokens.admin));
    const first = dataOf(await graphql<{ enterPartyTally: { id: string } }>(url, ENTER, { roundId, input: figures(nominees) }, tokens.counter1));
    dataOf(await graphql(url, CONFIRM, { entryId: first.enterPartyTally.id, input: figures(nominees) }, tokens.counter2));
    dataOf(await graphql(url, CLOSE, { roundId }, tokens.admin));

    expect(errorCodes(await graphql(url, ENTER, { roundId, input: figures(nominees, [20, 24]) }, tokens.counter1))).toEqual(['REASON_REQUIRED']);
    const correction = dataOf(await graphql<{ enterPartyTally: { id: string } }>(url, ENTER, {
      roundId, input: figures(nominees, [20, 24]), reason: 'Biên bản ghi nhầm số phiếu của người thứ nhất',
    }, tokens.counter2));
    // Not counted until confirmed by another counter.
    let view = dataOf(await graphql<{ partyRound: { results: { band: string; corrected: boolean }[] } }>(url, RESULTS, { id: roundId }, tokens.admin));
    expect(view.partyRound.results[0]).toMatchObject({ band: 'OVER_HALF', corrected: false });

    dataOf(await graphql(url, CONFIRM, { entryId: correction.enterPartyTally.id, input: figures(nominees, [20, 24]) }, tokens.counter1));
    view = dataOf(await graphql(url, RESULTS, { id: roundId }, tokens.admin));
    const round = view.partyRound as unknown as { results: { band: string; corrected: boolean }[]; tallyEntries: { effective: boolean; correctionReason: string | null }[] };
    expect(round.results[0]).toMatchObject({ band: 'NOT_OVER_HALF', corrected: true });
    expect(round.tallyEntries).toHaveLength(2);
    expect(round.tallyEntries.map((e) => e.effective)).toEqual([false, true]);
    expect(round.tallyEntries[1]?.correctionReason).toContain('ghi nhầm');

    // Once published, a result is sealed: no correction through the API, nor in the database.
    dataOf(await graphql(url, PUBLISH, { roundId }, tokens.admin));
    const late = await graphql(url, ENTER, { roundId, input: figures(nominees, [30, 24]), reason: 'Sửa sau khi công bố' }, tokens.counter1);
    expect(errorCodes(late)).toEqual(['ROUND_CLOSED']);
    await expect(service.db.query(
      `INSERT INTO tally_entry (round_id, entered_by, entered_by_name, summoned, present, ballots_issued, ballots_collected, valid_ballots, correction_reason)
       VALUES ($1, 'x', 'x', 50, 48, 48, 48, 47, 'bypass')`, [roundId])).rejects.toThrow(/PUBLISHED round cannot be written/);
  });

  it('lets the database itself refuse edits of minutes and of a closed round', async () => {
    const { roundId, nominees } = await plannedRound();
    dataOf(await graphql(url, OPEN, { roundId, present: 48 }, tokens.admin));
    dataOf(await graphql(url, COUNT, { roundId }, tokens.admin));
    const entry = dataOf(await graphql<{ enterPartyTally: { id: string } }>(url, ENTER, { roundId, input: figures(nominees) }, tokens.counter1));
    dataOf(await graphql(url, CONFIRM, { entryId: entry.enterPartyTally.id, input: figures(nominees) }, tokens.counter2));
    dataOf(await graphql(url, CLOSE, { roundId }, tokens.admin));

    await expect(service.db.query(`UPDATE tally_line SET low = 0 WHERE entry_id = $1`, [entry.enterPartyTally.id])).rejects.toThrow(/append-only/);
    await expect(service.db.query(`DELETE FROM tally_confirmation WHERE entry_id = $1`, [entry.enterPartyTally.id])).rejects.toThrow(/append-only/);
    await expect(service.db.query(`UPDATE round SET present = 40 WHERE id = $1`, [roundId])).rejects.toThrow(/frozen/);
    await expect(service.db.query(`UPDATE round SET status = 'COUNTING' WHERE id = $1`, [roundId])).rejects.toThrow(/frozen/);
    // The CHECK constraints hold even for a client that bypasses the service.
    await expect(service.db.query(
      `INSERT INTO tally_entry (round_id, entered_by, entered_by_name, summoned, present, ballots_issued, ballots_collected, valid_ballots)
       VALUES ($1, 'x', 'x', 50, 48, 48, 49, 47)`, [roundId])).rejects.toThrow(/tally_counts_chain/);
  });

  it('accepts exactly one of many simultaneous confirmations', async () => {
    const { roundId, nominees } = await plannedRound();
    dataOf(await graphql(url, OPEN, { roundId, present: 48 }, tokens.admin));
    dataOf(await graphql(url, COUNT, { roundId }, tokens.admin));
    const entry = dataOf(await graphql<{ enterPartyTally: { id: string } }>(url, ENTER, { roundId, input: figures(nominees) }, tokens.counter1));
    const counters = await Promise.all(
      Array.from({ length: 8 }, (_, i) => tokenFor({ subject: `k${i}`, name: `Counter ${i}`, roles: ['party:counter'] })),
    );
    const answers = await Promise.all(
      counters.map((t) => graphql(url, CONFIRM, { entryId: entry.enterPartyTally.id, input: figures(nominees) }, t)),
    );
    expect(answers.filter((a) => !a.errors).length).toBe(1);
    expect(answers.flatMap(errorCodes).every((code) => code === 'ALREADY_CONFIRMED')).toBe(true);
    const [{ count }] = await service.db.query(`SELECT count(*)::int AS count FROM tally_confirmation WHERE entry_id = $1`, [entry.enterPartyTally.id]);
    expect(count).toBe(1);
  });
});
