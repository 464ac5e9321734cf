import type { BaseKind, BindingVoteTrigger, ConsequenceCode, LowConfidenceBand, RulebookId } from '@tinnhiem/rules';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Nominee, Round } from '../entities';
import { BandEnum, BaseKindEnum, BindingVoteTriggerEnum, RoundStatus, RulebookEnum, TallyEntryStatus } from './enums';

// Every agency subgraph defines these types from this one file, so they are
// identical across subgraphs and marked shareable for composition.

@ObjectType({ description: 'The raw counts of the counting minutes (R4).' })
@Directive('@shareable')
export class BallotCounts {
  @Field(() => Int) summoned!: number;
  @Field(() => Int) present!: number;
  @Field(() => Int) issued!: number;
  @Field(() => Int) collected!: number;
  @Field(() => Int) valid!: number;
}

@ObjectType({ description: 'A nominee’s marks on the valid ballots.' })
@Directive('@shareable')
export class LevelCounts {
  @Field(() => Int, { description: 'tín nhiệm cao' }) high!: number;
  @Field(() => Int, { description: 'tín nhiệm' }) confident!: number;
  @Field(() => Int, { description: 'tín nhiệm thấp' }) low!: number;
  @Field(() => Int, { description: 'Rows with no mark or more than one mark (R1).' }) invalid!: number;
  @Field(() => Int, { description: 'Valid ballots not accounted for by the four counts above.' }) unmarked!: number;
}

@ObjectType({ description: 'Percentages of the base, rounded to two decimals; for display only (R5).' })
@Directive('@shareable')
export class LevelPercentages {
  @Field(() => String, { nullable: true }) high!: string | null;
  @Field(() => String, { nullable: true }) confident!: string | null;
  @Field(() => String, { nullable: true }) low!: string | null;
}

@ObjectType({ description: 'The count that is 100% (R4).' })
@Directive('@shareable')
export class PercentBase {
  @Field(() => BaseKindEnum) kind!: BaseKind;
  @Field(() => Int) size!: number;
}

@ObjectType({ description: 'What the rulebook says follows from the result.' })
@Directive('@shareable')
export class Consequence {
  @Field(() => String) code!: ConsequenceCode;
  @Field(() => String) description!: string;
  @Field(() => String, { description: 'The provision it implements.' }) source!: string;
}

@ObjectType({ description: 'One nominee’s result in one round, from the confirmed counting minutes.' })
@Directive('@shareable')
export class ConfidenceResult {
  @Field(() => String, { description: 'The agency line: party, council or committee.' }) agency!: string;
  @Field(() => ID) roundId!: string;
  @Field(() => String) roundTitle!: string;
  @Field(() => String) body!: string;
  @Field(() => Int) year!: number;
  @Field(() => String, { nullable: true, description: 'The day the conference was held (the round opened), YYYY-MM-DD in the city’s time zone.' })
  heldOn!: string | null;
  @Field(() => Boolean, { description: 'True when the round was not held in the mid-term year (R10).' }) offCycle!: boolean;
  @Field(() => RulebookEnum) rulebook!: RulebookId;
  @Field(() => RoundStatus) status!: RoundStatus;
  @Field(() => ID) nomineeId!: string;
  @Field(() => String) officialCode!: string;
  @Field(() => String) fullName!: string;
  @Field(() => [String]) posts!: string[];
  @Field(() => BallotCounts) ballots!: BallotCounts;
  @Field(() => LevelCounts) counts!: LevelCounts;
  @Field(() => PercentBase) base!: PercentBase;
  @Field(() => LevelPercentages) percentages!: LevelPercentages;
  @Field(() => BandEnum) band!: LowConfidenceBand;
  @Field(() => [Consequence]) consequences!: Consequence[];
  @Field(() => Boolean, { description: 'True when the minutes that count are a correction entered after closing.' })
  corrected!: boolean;
  @Field(() => ID, { description: 'The counting minutes these figures come from.' }) tallyEntryId!: string;
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
}

@ObjectType({ description: 'What put a binding vote on the agenda (R8, NQ 96/2023/QH15 Art. 13).' })
@Directive('@shareable')
export class BindingVoteTriggerDetails {
  @Field(() => BindingVoteTriggerEnum) reason!: BindingVoteTrigger;
  @Field(() => ID, { nullable: true, description: 'LOW_CONFIDENCE_OVER_HALF: the nominee whose published confidence-poll result was over half and under two thirds low.' })
  pollNomineeId!: string | null;
  @Field(() => Int, { nullable: true, description: 'DELEGATE_PETITION: delegates who signed (at least one third of all delegates).' })
  petitioners!: number | null;
  @Field(() => String, { nullable: true, description: 'The document that put the vote on the agenda; always given for a Fatherland Front recommendation.' })
  documentRef!: string | null;
}

@ObjectType({ description: 'One nominee’s result in a People’s Council’s binding vote (bỏ phiếu tín nhiệm, R8), from the confirmed counting minutes.' })
@Directive('@shareable')
export class BindingVoteResult {
  @Field(() => String, { description: 'The agency line (council).' }) agency!: string;
  @Field(() => ID) roundId!: string;
  @Field(() => String) roundTitle!: string;
  @Field(() => String) body!: string;
  @Field(() => Int) year!: number;
  @Field(() => String, { nullable: true, description: 'The day of the vote (the round opened), YYYY-MM-DD in the city’s time zone.' })
  heldOn!: string | null;
  @Field(() => RoundStatus) status!: RoundStatus;
  @Field(() => BindingVoteTriggerDetails) trigger!: BindingVoteTriggerDetails;
  @Field(() => ID) nomineeId!: string;
  @Field(() => String) officialCode!: string;
  @Field(() => String) fullName!: string;
  @Field(() => [String]) posts!: string[];
  @Field(() => BallotCounts) ballots!: BallotCounts;
  @Field(() => Int, { description: 'TRUST marks (tín nhiệm).' }) trust!: number;
  @Field(() => Int, { description: 'NO_TRUST marks (không tín nhiệm).' }) noTrust!: number;
  @Field(() => Int, { description: 'Rows with no mark or both marks (R1).' }) invalid!: number;
  @Field(() => Int, { description: 'Valid ballots not accounted for by the three counts above.' }) unmarked!: number;
  @Field(() => Int, { description: 'All delegates of the Council (the round’s summoned): the base of the majority (R8).' })
  allDelegates!: number;
  @Field(() => String, { nullable: true, description: 'NO_TRUST over all delegates, two decimals, for display only.' })
  percentNoTrust!: string | null;
  @Field(() => Boolean, { description: 'More than half of all delegates voted NO_TRUST (exactly half is not): the nominating authority submits dismissal.' })
  dismissalSubmission!: boolean;
  @Field(() => [Consequence]) consequences!: Consequence[];
  @Field(() => Boolean, { description: 'True when the minutes that count are a correction entered after closing.' })
  corrected!: boolean;
  @Field(() => ID, { description: 'The counting minutes these figures come from.' }) tallyEntryId!: string;
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
}

@ObjectType({ description: 'One nominee’s line in counting minutes.' })
@Directive('@shareable')
export class TallyLineView {
  @Field(() => ID) nomineeId!: string;
  @Field(() => Int) high!: number;
  @Field(() => Int) confident!: number;
  @Field(() => Int) low!: number;
  @Field(() => Int) invalid!: number;
}

@ObjectType({ description: 'One nominee’s line in a binding vote’s counting minutes.' })
@Directive('@shareable')
export class BindingTallyLineView {
  @Field(() => ID) nomineeId!: string;
  @Field(() => Int) trust!: number;
  @Field(() => Int) noTrust!: number;
  @Field(() => Int) invalid!: number;
}

@ObjectType('TallyEntry', { description: 'Counting minutes as entered by one counter; never changed once stored.' })
@Directive('@shareable')
export class TallyEntryView {
  @Field(() => ID) id!: string;
  @Field(() => TallyEntryStatus) status!: TallyEntryStatus;
  @Field(() => String) enteredBy!: string;
  @Field(() => String) enteredByName!: string;
  @Field(() => Date) enteredAt!: Date;
  @Field(() => BallotCounts, { nullable: true, description: 'Hidden (null) from everyone but the counter who entered them until a second counter confirms: the recount stays independent.' })
  ballots!: BallotCounts | null;
  @Field(() => [TallyLineView], { nullable: true, description: 'A confidence poll’s lines (empty for a binding vote); hidden like `ballots` until confirmed.' })
  lines!: TallyLineView[] | null;
  @Field(() => [BindingTallyLineView], { nullable: true, description: 'A binding vote’s lines (empty for a confidence poll); hidden like `ballots` until confirmed.' })
  bindingLines!: BindingTallyLineView[] | null;
  @Field(() => String, { nullable: true, description: 'Set on a correction entered after the round closed.' })
  correctionReason!: string | null;
  @Field(() => String, { nullable: true }) confirmedBy!: string | null;
  @Field(() => String, { nullable: true }) confirmedByName!: string | null;
  @Field(() => Date, { nullable: true }) confirmedAt!: Date | null;
  @Field(() => Boolean, { description: 'True for the minutes that currently count.' }) effective!: boolean;
}

@ObjectType({ description: 'The quorum check of R3: at least two thirds of those summoned present.' })
@Directive('@shareable')
export class QuorumView {
  @Field(() => Boolean) met!: boolean;
  @Field(() => Int) required!: number;
  @Field(() => Int) summoned!: number;
  @Field(() => Int, { nullable: true }) present!: number | null;
  @Field(() => String) source!: string;
}

@ObjectType({ description: 'A page of rounds.' })
@Directive('@shareable')
export class RoundPage {
  @Field(() => [Round]) items!: Round[];
  @Field(() => Int) total!: number;
  @Field(() => Int) offset!: number;
  @Field(() => Int) limit!: number;
}

@ObjectType({ description: 'The agency this subgraph serves and the rules it applies.' })
@Directive('@shareable')
export class AgencyInfo {
  @Field(() => String) id!: string;
  @Field(() => String) name!: string;
  @Field(() => RulebookEnum) rulebook!: RulebookId;
  @Field(() => String) rulebookTitle!: string;
  @Field(() => BaseKindEnum) defaultBase!: BaseKind;
}

@ObjectType({ description: 'What a voter keeps after casting: the ballot’s hash, to find in the published list.' })
@Directive('@shareable')
export class BallotReceipt {
  @Field(() => ID) roundId!: string;
  @Field(() => String) receipt!: string;
}

@ObjectType({ description: 'Ballot codes for the members present, to print and hand out; shown once.' })
@Directive('@shareable')
export class BallotCodeSheet {
  @Field(() => ID) roundId!: string;
  @Field(() => Int) count!: number;
  @Field(() => [String], { description: 'Print one per slip, cut, shuffle, and let each member present draw one.' }) codes!: string[];
}

@ObjectType({ description: 'A place where the ballot chain does not verify.' })
@Directive('@shareable')
export class ChainBreakView {
  @Field(() => Int, { description: 'Chain position of the ballot (0: the log as a whole).' }) position!: number;
  @Field(() => String, { description: 'The ballot’s stored hash: its receipt.' }) hash!: string;
  @Field(() => String) problem!: string;
}

@ObjectType({ description: 'One nominee’s marks counted from the ballot log; the marks of the other kind of round are 0.' })
@Directive('@shareable')
export class LogTallyLine {
  @Field(() => Int) high!: number;
  @Field(() => Int) confident!: number;
  @Field(() => Int) low!: number;
  @Field(() => Int) trust!: number;
  @Field(() => Int) noTrust!: number;
  @Field(() => Int) invalid!: number;
}

@ObjectType({ description: 'The ballot log recomputed from scratch and compared with what the round claims (R13).' })
@Directive('@shareable')
export class LogVerificationView {
  @Field(() => ID) roundId!: string;
  @Field(() => Int) ballots!: number;
  @Field(() => Int) tokensUsed!: number;
  @Field(() => String) head!: string;
  @Field(() => Boolean) intact!: boolean;
  @Field(() => [ChainBreakView]) breaks!: ChainBreakView[];
  @Field(() => [LogTallyLine], { description: 'Per nominee, in ballot order.' }) tally!: LogTallyLine[];
  @Field(() => Boolean, { nullable: true }) tallyMatchesMinutes!: boolean | null;
  @Field(() => Boolean, { nullable: true }) sealMatches!: boolean | null;
}

export { Nominee, Round };
