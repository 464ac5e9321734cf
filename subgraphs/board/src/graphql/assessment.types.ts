import type { ConsequenceCode, ExclusionCode, LowConfidenceBand, RulebookId } from '@tinnhiem/rules';
import { Field, Int, ObjectType } from 'type-graphql';
import { BandEnum, RulebookEnum } from './line-result.types';

@ObjectType({ description: 'Where an official was polled: the agency line and the body that voted.' })
export class PollPlaceView {
  @Field(() => String) agency!: string;
  @Field(() => String) body!: string;
}

@ObjectType({ description: 'One consequence a rulebook attaches to a band, with its source.' })
export class RuleConsequence {
  @Field(() => String) code!: ConsequenceCode;
  @Field(() => String) description!: string;
  @Field(() => String) source!: string;
}

@ObjectType({ description: 'What one line’s rulebook says follows from a low-confidence result (R6, R7).' })
export class OwedConsequences {
  @Field(() => String) agency!: string;
  @Field(() => String) roundTitle!: string;
  @Field(() => RulebookEnum) rulebook!: RulebookId;
  @Field(() => BandEnum) band!: LowConfidenceBand;
  @Field(() => [RuleConsequence]) consequences!: readonly RuleConsequence[];
}

@ObjectType({ description: 'An exclusion (R9) that applied in that year.' })
export class ExclusionView {
  @Field(() => String) code!: ExclusionCode;
  @Field(() => String) message!: string;
  @Field(() => String) source!: string;
}

@ObjectType({ description: 'The Board’s reading of one official’s results in one year.' })
export class YearAssessment {
  @Field(() => Int) year!: number;
  @Field(() => [PollPlaceView], { description: 'Distinct places polled across all lines (R11).' }) places!: PollPlaceView[];
  @Field(() => Int) placesLimit!: number;
  @Field(() => Boolean, { description: 'Polled in more places than allowed (R11).' }) placesExceeded!: boolean;
  @Field(() => BandEnum, { description: 'The most severe band among the year’s results.' }) worstBand!: LowConfidenceBand;
  @Field(() => Boolean) lowConfidence!: boolean;
  @Field(() => [OwedConsequences], { description: 'Consequences owed, per low-confidence result.' }) owed!: OwedConsequences[];
  @Field(() => [ExclusionView], { description: 'Exclusions (R9) that applied in that year.' }) exclusions!: ExclusionView[];
  @Field(() => Boolean, { description: 'Polled although an exclusion applied (R9).' }) polledWhileExcluded!: boolean;
  @Field(() => [String], { description: 'Titles of rounds held outside the mid-term year (R10).' }) offCycleRounds!: string[];
}

@ObjectType({ description: 'The consolidated assessment of an official across every line.' })
export class Assessment {
  @Field(() => [YearAssessment], { description: 'Newest year first.' }) years!: YearAssessment[];
  @Field(() => [String], { description: 'Lines whose results could not be read for this assessment: it is incomplete when not empty.' })
  missingLines!: string[];
}
