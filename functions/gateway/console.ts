import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { loggerContext } from '../../shared/middleware/logger-context';
import { serverTiming } from '../../shared/middleware/server-timing';
import { middyOptions } from '../../shared/middleware/middy-options';
import { renderErrors } from '../../shared/middleware/render-errors';

/**
 * `GET /console` and `GET /console/{proxy+}`: the web console's static files
 * (built from console/ by the stack at start-up, or shipped in the deploy
 * artifact under console/dist). Unknown paths get index.html, so a reload on
 * any console URL works. No auth here: the files hold no data, the app signs
 * every API call itself.
 */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

// Locally the stack builds into its own folder and names it; deployed, the files sit beside the handler.
const root = () => process.env.SANDBOX_CONSOLE_DIR || join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), 'console/dist');

async function serve(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const dir = root();
  const wanted = (event.pathParameters?.proxy ?? '').replace(/^\/+/, '');
  const path = normalize(join(dir, wanted));
  // Only files inside the build folder; `..` in the path gets the app instead.
  const inside = path.startsWith(dir + sep) && wanted !== '';
  if (inside) {
    const body = await readFile(path).catch(() => undefined);
    if (body) return file(body, TYPES[extname(path)] ?? 'application/octet-stream', wanted.startsWith('assets/'));
  }
  const index = await readFile(join(dir, 'index.html')).catch(() => undefined);
  if (!index) {
    return { statusCode: 503, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'The console is not built: npm start builds it.' };
  }
  return file(index, TYPES['.html']!, false);
}

export const handler = middy(serve, middyOptions)
  .use(serverTiming())
  .use(loggerContext())
  .use(renderErrors(() => ({ statusCode: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'The console could not be served.' })));

function file(body: Buffer, type: string, hashed: boolean): APIGatewayProxyStructuredResultV2 {
  const text = type.startsWith('text/') || type === 'application/json' || type === 'image/svg+xml';
  return {
    statusCode: 200,
    headers: {
      'content-type': type,
      // Vite names assets by content hash: they never change. index.html always revalidates.
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
      // The console talks only to this origin; nothing may load from elsewhere.
      'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'",
    },
    body: text ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !text,
  };
}
