import type { BaseKind, BindingVoteTrigger } from '@tinnhiem/rules';
import { Field, ID, InputType, Int } from 'type-graphql';
import { BallotMark } from '../ballots/marks';
import { BallotMode, BaseKindEnum, BindingVoteTriggerEnum, ManagedBy, RoundKind } from './enums';

@InputType({ description: 'What puts a binding vote on the agenda (R8); each reason takes its own data.' })
export class BindingVoteTriggerInput {
  @Field(() => BindingVoteTriggerEnum) reason!: BindingVoteTrigger;
  @Field(() => ID, {
    nullable: true,
    description: 'LOW_CONFIDENCE_OVER_HALF: the nominee id of this Council’s published confidence-poll result that was over half and under two thirds low.',
  })
  pollNomineeId?: string | null;
  @Field(() => Int, { nullable: true, description: 'DELEGATE_PETITION: delegates who signed; at least one third of all delegates (summoned).' })
  petitioners?: number | null;
  @Field(() => String, { nullable: true, description: 'The document that puts the vote on the agenda; required for FATHERLAND_FRONT_RECOMMENDATION.' })
  documentRef?: string | null;
}

@InputType({ description: 'The plan of a round: the conference and its electorate.' })
export class RoundPlanInput {
  @Field(() => BallotMode, { nullable: true, description: 'PAPER (default) or ELECTRONIC.' }) mode?: BallotMode | null;
  @Field(() => RoundKind, { nullable: true, description: 'CONFIDENCE_POLL (default) or BINDING_VOTE (People’s Councils only).' })
  kind?: RoundKind | null;
  @Field(() => BindingVoteTriggerInput, { nullable: true, description: 'Required for a binding vote; a confidence poll has none.' })
  trigger?: BindingVoteTriggerInput | null;
  @Field(() => String) title!: string;
  @Field(() => String, { description: 'The body whose members vote.' }) body!: string;
  @Field(() => Int) year!: number;
  @Field(() => Int, { description: 'Members summoned (or all delegates of the Council).' }) summoned!: number;
  @Field(() => BaseKindEnum, { nullable: true, description: 'Overrides the rulebook’s default base (R4). Not for a binding vote: its majority is of all delegates (R8).' })
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

@InputType({ description: 'One nominee’s line in a binding vote’s counting minutes.' })
export class BindingTallyLineInput {
  @Field(() => ID) nomineeId!: string;
  @Field(() => Int) trust!: number;
  @Field(() => Int) noTrust!: number;
  @Field(() => Int, { description: 'Rows with no mark or both marks.' }) invalid!: number;
}

@InputType({ description: 'The figures of the counting minutes (biên bản kiểm phiếu).' })
export class TallyInput {
  @Field(() => Int) ballotsIssued!: number;
  @Field(() => Int) ballotsCollected!: number;
  @Field(() => Int) validBallots!: number;
  @Field(() => [TallyLineInput], { nullable: true, description: 'A confidence poll: one line per nominee.' })
  lines?: TallyLineInput[] | null;
  @Field(() => [BindingTallyLineInput], { nullable: true, description: 'A binding vote: one line per nominee.' })
  bindingLines?: BindingTallyLineInput[] | null;
}

@InputType({ description: 'The mark for one nominee on an electronic ballot.' })
export class BallotMarkInput {
  @Field(() => ID) nomineeId!: string;
  @Field(() => BallotMark) mark!: BallotMark;
}
