import { Nominee } from './nominee.entity';
import { Round } from './round.entity';
import { TallyConfirmation, TallyEntry, TallyLine } from './tally.entity';

export { Nominee, Round, TallyConfirmation, TallyEntry, TallyLine };
export const votingEntities = [Round, Nominee, TallyEntry, TallyLine, TallyConfirmation];
