import { runAgencyFromEnvironment } from '@tinnhiem/voting';
import { DEFAULT_PORT, partyAgency } from './index';

void runAgencyFromEnvironment(partyAgency, DEFAULT_PORT).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
