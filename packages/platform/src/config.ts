/** Reads the environment in one place so every setting has a name and a default. */
export function envString(name: string, fallback?: string): string {
  const value = process.env[name];
  if (value !== undefined && value !== '') return value;
  if (fallback !== undefined) return fallback;
  throw new Error(`The environment variable ${name} is required.`);
}

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be a whole number, got "${raw}".`);
  return value;
}

/** A shared development secret so the one-command start works out of the box; never for production. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-change-me-0123456789';

/**
 * The one switch for production mode, the same that Apollo Server and most
 * Node libraries read (the Docker image sets it): every service then refuses
 * development secrets and missing ones instead of falling back to defaults.
 */
export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}
