import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from './core/logger.js';

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/**
 * One HTTP server for every webhook (Telegram, Zalo) and the health check. Paths are matched
 * exactly, as Telegram's webhook filter does; anything else is a 404.
 */
export interface HttpServer {
  route(path: string, handler: HttpHandler): void;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  /** Connections accepted plus requests begun, ever: the group commit waits while it grows. */
  arrivals(): number;
  server: Server;
}

export function createHttpServer(log: Logger): HttpServer {
  const routes = new Map<string, HttpHandler>();
  routes.set('/healthz', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      log.error({ err, path }, 'webhook handler failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  let arrived = 0;
  server.on('connection', () => arrived++);
  server.on('request', () => arrived++);
  return {
    server,
    arrivals: () => arrived,
    route(path, handler) {
      if (routes.has(path)) throw new Error(`HTTP path ${path} registered twice`);
      routes.set(path, handler);
    },
    listen(port, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const addr = server.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

/** What a webhook accepts: platform updates are a few kilobytes. */
export const MAX_WEBHOOK_BODY_BYTES = 1 << 20;

/**
 * A webhook's whole body, or undefined when it is over `maxBytes`: the rest is read and dropped,
 * so the caller can still answer 413.
 */
export function readBody(req: IncomingMessage, maxBytes = MAX_WEBHOOK_BODY_BYTES): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/**
 * A shared secret from a request header, compared in constant time. timingSafeEqual needs equal
 * lengths, so a wrong length still compares the expected secret with itself: the time spent does
 * not depend on the input. An empty expected secret matches nothing.
 */
export function secretMatches(expected: string, got: unknown): boolean {
  const want = Buffer.from(expected, 'utf8');
  if (typeof got !== 'string' || want.length === 0) return false;
  const have = Buffer.from(got, 'utf8');
  if (have.length !== want.length) {
    timingSafeEqual(want, want);
    return false;
  }
  return timingSafeEqual(want, have);
}
