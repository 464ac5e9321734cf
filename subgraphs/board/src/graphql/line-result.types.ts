import type { ConsequenceCode, LowConfidenceBand, RulebookId } from '@tinnhiem/rules';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

// The agency subgraphs own these types; the board declares the part it reads
// through @requires, marked @external, so composition checks that both agree.

export const RulebookEnum = { QD96: 'QD96', NQ96: 'NQ96' } as const;
export const BandEnum = { NOT_OVER_HALF: 'NOT_OVER_HALF', OVER_HALF: 'OVER_HALF', TWO_THIRDS_OR_MORE: 'TWO_THIRDS_OR_MORE' } as const;
registerEnumType(RulebookEnum, { name: 'Rulebook' });
registerEnumType(BandEnum, { name: 'LowConfidenceBand' });

@ObjectType('Consequence')
@Directive('@external')
export class LineConsequence {
  @Field(() => String) code!: ConsequenceCode;
  @Field(() => String) description!: string;
  @Field(() => String) source!: string;
}

@ObjectType('ConfidenceResult')
@Directive('@external')
export class LineResult {
  @Field(() => String) agency!: string;
  @Field(() => ID) roundId!: string;
  @Field(() => String) roundTitle!: string;
  @Field(() => String) body!: string;
  @Field(() => Int) year!: number;
  @Field(() => Boolean) offCycle!: boolean;
  @Field(() => RulebookEnum) rulebook!: RulebookId;
  @Field(() => ID) nomineeId!: string;
  @Field(() => BandEnum) band!: LowConfidenceBand;
  @Field(() => [LineConsequence]) consequences!: LineConsequence[];
  @Field(() => Date, { nullable: true }) publishedAt!: Date | string | null;
}

/** The selection the assessment needs from every line (argument-free: a known Apollo Gateway gap). */
const RESULT_FIELDS = 'agency roundId roundTitle body year offCycle rulebook nomineeId band consequences { code description source } publishedAt';
export const REQUIRED_LINE_RESULTS = `partyResults { ${RESULT_FIELDS} } councilResults { ${RESULT_FIELDS} } committeeResults { ${RESULT_FIELDS} }`;

export const LINES = ['party', 'council', 'committee'] as const;
export type LineName = (typeof LINES)[number];
export type LineResultsOf = Partial<Record<`${LineName}Results`, LineResult[] | null>>;
