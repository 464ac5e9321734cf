import { runAgencyFromEnvironment } from '@tinnhiem/voting';
import { DEFAULT_PORT, councilAgency } from './index';

void runAgencyFromEnvironment(councilAgency, DEFAULT_PORT).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
