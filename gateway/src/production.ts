/**
 * Production mode, as the deployment sets it (the image has NODE_ENV=production).
 * Read here, once, so startGateway can take it as a plain option and tests can
 * run either mode in one process.
 */
export function isProductionMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}
