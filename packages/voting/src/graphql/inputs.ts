import type { BaseKind } from '@tinnhiem/rules';
import { Field, ID, InputType, Int } from 'type-graphql';
import { BallotMark } from '../ballots/marks';
import { BallotMode, BaseKindEnum, ManagedBy } from './enums';

@InputType({ description: 'The plan of a round: the conference and its electorate.' })
export class RoundPlanInput {
  @Field(() => BallotMode, { nullable: true, description: 'PAPER (default) or ELECTRONIC.' }) mode?: BallotMode | null;
  @Field(() => String) title!: string;
  @Field(() => String, { description: 'The body whose members vote.' }) body!: string;
  @Field(() => Int) year!: number;
  @Field(() => Int, { description: 'Members summoned (or all delegates of the Council).' }) summoned!: number;
  @Field(() => BaseKindEnum, { nullable: true, description: 'Overrides the rulebook’s default base (R4).' })
  base?: BaseKind | null;
}

@InputType({ description: 'A person to put on the ballot, with the facts the exclusions of R9 need.' })
export class NomineeInput {
  @Field(() => String) officialCode!: string;
  @Field(() => String) fullName!: string;
  @Field(() => [String], { description: 'Every post this poll covers.' }) posts!: string[];
  @Field(() => ManagedBy) managedBy!: ManagedBy;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) retirementAnnouncedOn?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) electedOrAppointedOn?: string | null;
}

@InputType()
export class TallyLineInput {
  @Field(() => ID) nomineeId!: string;
  @Field(() => Int) high!: number;
  @Field(() => Int) confident!: number;
  @Field(() => Int) low!: number;
  @Field(() => Int, { description: 'Rows with no mark or several marks.' }) invalid!: number;
}

@InputType({ description: 'The figures of the counting minutes (biên bản kiểm phiếu).' })
export class TallyInput {
  @Field(() => Int) ballotsIssued!: number;
  @Field(() => Int) ballotsCollected!: number;
  @Field(() => Int) validBallots!: number;
  @Field(() => [TallyLineInput]) lines!: TallyLineInput[];
}

@InputType({ description: 'The mark for one nominee on an electronic ballot.' })
export class BallotMarkInput {
  @Field(() => ID) nomineeId!: string;
  @Field(() => BallotMark) mark!: BallotMark;
}
