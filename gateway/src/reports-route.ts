import type { IncomingMessage } from 'node:http';
import {
  consolidatedReport,
  FORMATS,
  parseYear,
  ReportError,
  reportFileName,
  type ReportFormat,
} from '@tinnhiem/reports';
import { DomainError, hasRole, sendText, viewerFromAuthorization, type AuthSettings, type Route } from '@tinnhiem/platform';

export interface ReportsRouteOptions {
  auth: AuthSettings;
  /** The GraphQL URL of this very gateway, which is only known once it listens. */
  graphqlUrl: (req: IncomingMessage) => string;
}

/** The GraphQL refusal over HTTP; anything else is an upstream failure (502). */
function statusOf(error: ReportError): number {
  if (error.kind === 'input') return 400;
  if (error.kind === 'unauthorised') return error.code === 'FORBIDDEN' ? 403 : 401;
  return 502;
}

/**
 * GET /reports/consolidated.csv and .xlsx?year=YYYY for Board analysts. The
 * report runs the Board's GraphQL query against this gateway with the
 * caller's own token, so it holds exactly what the caller may see in the view.
 */
export function reportsRoutes(options: ReportsRouteOptions): Route[] {
  return (Object.keys(FORMATS) as ReportFormat[]).map((format) => ({
    method: 'GET',
    path: `/reports/consolidated.${format}`,
    async handle(req, res, url) {
      const authorization = req.headers.authorization;
      let viewer;
      try {
        viewer = await viewerFromAuthorization(options.auth, authorization);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return unauthenticated(res, error.message);
      }
      if (!viewer || !authorization) return unauthenticated(res, 'Send a Board analyst’s token as "Authorization: Bearer <token>".');
      if (!hasRole(viewer, 'board:analyst')) return sendText(res, 403, 'The consolidated report is for Board analysts (role board:analyst).');
      const year = parseYear(url.searchParams.get('year'));
      if (year === null) return sendText(res, 400, 'Give the year of the results as ?year=YYYY, e.g. ?year=2023.');

      let report;
      try {
        report = await consolidatedReport({ endpoint: options.graphqlUrl(req), authorization }, year);
      } catch (error) {
        if (!(error instanceof ReportError)) throw error;
        return sendText(res, statusOf(error), `No report (${error.code}): ${error.message}`);
      }
      const file = await FORMATS[format].render(report);
      res.writeHead(200, {
        'content-type': FORMATS[format].contentType,
        'content-disposition': `attachment; filename="${reportFileName(year, format)}"`,
        'content-length': file.length,
        // Personnel results: no shared cache may keep a copy.
        'cache-control': 'no-store',
      });
      res.end(file);
    },
  }));
}

/** The address the caller reached: the gateway's own, on whatever interface and port it listens. */
export function ownGraphqlUrl(req: IncomingMessage): string {
  const { localAddress = '127.0.0.1', localPort } = req.socket;
  const host = localAddress.includes(':') ? `[${localAddress}]` : localAddress;
  return `http://${host}:${localPort}/graphql`;
}

function unauthenticated(res: Parameters<Route['handle']>[1], message: string): void {
  res.setHeader('www-authenticate', 'Bearer');
  sendText(res, 401, message);
}
