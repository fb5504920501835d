/**
 * isomorphic-git's Node HTTP client with agents that wait for a slow server. Node's global agents close a
 * socket idle for 5 seconds (Node 19 and later), and a Git server says nothing while it counts and
 * compresses the objects of a large fetch: the fetch of a 134,000-file snapshot's tree failed with
 * "Request timed out" before the first byte. The Lambda's own deadline bounds a publish instead.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { HttpClient } from 'isomorphic-git';
import base from 'isomorphic-git/http/node';

/** How long a socket may stay silent during a Git request. */
export const GIT_SOCKET_IDLE_MS = 10 * 60_000;

// Not kept alive: a reused socket keeps the idle limit of the server's `Keep-Alive: timeout=5` hint,
// whatever the request asks (a publish makes about six requests: a connection each costs nothing).
const agents = {
  'http:': new HttpAgent({ keepAlive: false, timeout: GIT_SOCKET_IDLE_MS }),
  'https:': new HttpsAgent({ keepAlive: false, timeout: GIT_SOCKET_IDLE_MS }),
};

export const gitHttp: HttpClient = {
  request: (req) =>
    base.request({
      ...req,
      agent: agents[new URL(req.url).protocol as keyof typeof agents],
    } as typeof req),
};
