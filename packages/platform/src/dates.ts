/** True for a real calendar date written YYYY-MM-DD (the form dates take in the graph). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * The calendar day in the city's time zone (Asia/Ho_Chi_Minh unless TZ_REPORTING says otherwise):
 * a decision taken at 06:00 in Cần Thơ belongs to that day, not to the UTC day before.
 */
export function localDate(at: Date, timeZone = process.env.TZ_REPORTING ?? 'Asia/Ho_Chi_Minh'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
