import { runAgencyFromEnvironment } from '@tinnhiem/voting';
import { DEFAULT_PORT, committeeAgency } from './index';

void runAgencyFromEnvironment(committeeAgency, DEFAULT_PORT).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
