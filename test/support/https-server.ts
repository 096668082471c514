/**
 * Test web servers on 127.0.0.1: HTTPS with a certificate from a throw-away CA (see
 * tls.ts), and plain HTTP for redirect-to-http cases. Each serves a mutable route
 * table keyed by path (with or without the query string); unknown paths get 404.
 * close() destroys every open socket, hanging ones included, so tests never wait.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { createTlsAuthority } from './tls.js';

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Location value; the status defaults to 302. */
  redirect?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Never answer. */
  hang?: boolean;
  /** Send the body in pieces, each after its delay (slow bodies). */
  chunks?: { data: Buffer; delayMs: number }[];
}

export interface TestHttpServer {
  readonly port: number;
  /** The CA certificate to trust; '' for plain HTTP. */
  readonly caPem: string;
  /** e.g. "https://bimi.example.test:<port>". */
  origin(host: string): string;
  routes: Record<string, Route>;
  readonly requests: { path: string; headers: Record<string, string | string[] | undefined> }[];
  close(): Promise<void>;
}

/** Starts an HTTPS server (TLS 1.2+) whose certificate covers `hosts` and 127.0.0.1. */
export async function startHttpsServer(routes: Record<string, Route>, hosts: string[]): Promise<TestHttpServer> {
  const tls = await createTlsAuthority(hosts);
  return serve((handler) => https.createServer({ key: tls.keyPem, cert: tls.certPem, minVersion: 'TLSv1.2' }, handler), routes, 'https', tls.caPem);
}

/** Starts a plain HTTP server. */
export function startHttpServer(routes: Record<string, Route>): Promise<TestHttpServer> {
  return serve((handler) => http.createServer(handler), routes, 'http', '');
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function serve(create: (handler: Handler) => http.Server, routes: Record<string, Route>, scheme: string, caPem: string): Promise<TestHttpServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const requests: TestHttpServer['requests'] = [];
  const later = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  };

  const result = {
    port: 0,
    caPem,
    origin: (host: string) => `${scheme}://${host}:${result.port}`,
    routes,
    requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };

  const respond = (route: Route, res: http.ServerResponse) => {
    if (res.destroyed) return;
    const headers = { ...route.headers, ...(route.redirect !== undefined ? { location: route.redirect } : {}) };
    res.writeHead(route.status ?? (route.redirect !== undefined ? 302 : 200), headers);
    if (!route.chunks) return void res.end(route.body);
    const send = (index: number) => {
      const chunk = route.chunks![index];
      if (res.destroyed) return;
      if (!chunk) return void res.end();
      later(chunk.delayMs, () => {
        if (res.destroyed) return;
        res.write(chunk.data);
        send(index + 1);
      });
    };
    send(0);
  };

  const server = create((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const route = result.routes[path] ?? result.routes[path.replace(/\?.*$/, '')] ?? { status: 404, body: 'not found' };
    if (route.hang) return;
    if (route.delayMs) later(route.delayMs, () => respond(route, res));
    else respond(route, res);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => {}); // clients that reject our certificate are expected
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  result.port = typeof address === 'object' && address ? address.port : 0;
  return result;
}
