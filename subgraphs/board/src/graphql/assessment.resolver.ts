import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { requireReader } from '../access';
import { assessOfficial } from '../assessment';
import { Official } from '../entities/official.entity';
import { Assessment } from './assessment.types';
import { LINES, REQUIRED_LINE_RESULTS, type LineResultsOf } from './line-result.types';
import type { BoardContext } from './official.resolver';

/**
 * The consolidated assessment is computed here, in the board, from results
 * the agency subgraphs contribute: the gateway's query plan fetches them and
 * hands them over through @requires.
 */
@Resolver(() => Official)
export class AssessmentResolver {
  @FieldResolver(() => Assessment, { description: 'Every line’s published results read together (R4–R11).' })
  @Directive(`@requires(fields: "${REQUIRED_LINE_RESULTS}")`)
  assessment(@Root() official: Official & LineResultsOf, @Ctx() ctx: BoardContext): Assessment {
    requireReader(ctx.viewer);
    const missingLines = LINES.filter((line) => !Array.isArray(official[`${line}Results`]));
    const results = LINES.flatMap((line) => official[`${line}Results`] ?? []);
    return {
      years: assessOfficial(official, results, ctx.settings.placesLimit),
      missingLines: [...missingLines],
    };
  }
}
