import { Field, InputType } from 'type-graphql';
import { ManagedBy, PoliticalLine } from './enums';

@InputType()
export class OfficialPostInput {
  @Field(() => PoliticalLine) line!: PoliticalLine;
  @Field(() => String) title!: string;
  @Field(() => String) body!: string;
}

@InputType({ description: 'An official to add to the registry.' })
export class OfficialInput {
  @Field(() => String, { description: 'Cadre code.' }) code!: string;
  @Field(() => String) fullName!: string;
  @Field(() => ManagedBy) managedBy!: ManagedBy;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) retirementAnnouncedOn?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) electedOrAppointedOn?: string | null;
  @Field(() => [OfficialPostInput]) posts!: OfficialPostInput[];
}
