import { writeFileSync } from 'node:fs';
import { SUPERGRAPH_PATH } from '@tinnhiem/gateway';
import { composeSupergraph } from './compose';

/** `npm run compose`: writes gateway/supergraph.graphql, which is committed. */
void composeSupergraph()
  .then((sdl) => {
    writeFileSync(SUPERGRAPH_PATH, sdl);
    console.log(`Wrote ${SUPERGRAPH_PATH} (${sdl.length} characters).`);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
