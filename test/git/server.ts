/**
 * A real Git smart-HTTP server on loopback: Node's HTTP server in front of `git http-backend` (CGI), with
 * Basic authentication. Bare repositories live in a temp folder and are inspected with the git CLI.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class GitHttpServer {
  readonly root = mkdtempSync(join(tmpdir(), 'cx-export-gitsrv-'));
  private server?: Server;
  url = '';
  /** Requests answered, for assertions. */
  readonly requests: Array<{ method: string; path: string; status: number }> = [];
  /** Called just before a push reaches the repository (e.g. to move the branch first, as a racing run would). */
  onPush?: (repo: string) => void;
  /** How long the server stays silent before answering a fetch (a large repository's pack being counted). */
  fetchSilenceMs = 0;

  constructor(
    private readonly username: string,
    private readonly password: string,
  ) {}

  createRepo(name: string): string {
    const dir = join(this.root, name);
    execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', dir]);
    execFileSync('git', ['-C', dir, 'config', 'http.receivepack', 'true']);
    return `${this.url}/${name}`;
  }

  git(repo: string, ...args: string[]): string {
    return execFileSync('git', ['-C', join(this.root, repo), ...args], { encoding: 'utf8' });
  }

  /** Moves `branch` of `repo` one empty commit forward, as another writer would. */
  advance(repo: string, branch = 'main'): string {
    const tree = this.git(repo, 'rev-parse', `${branch}^{tree}`).trim();
    const commit = execFileSync(
      'git',
      [
        '-C',
        join(this.root, repo),
        '-c',
        'user.name=other',
        '-c',
        'user.email=o@example.com',
        'commit-tree',
        tree,
        '-p',
        branch,
        '-m',
        'another writer',
      ],
      { encoding: 'utf8' },
    ).trim();
    this.git(repo, 'update-ref', `refs/heads/${branch}`, commit);
    return commit;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const expected = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        this.requests.push({ method: req.method ?? '', path: url.pathname, status: 401 });
        res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' });
        res.end('authentication required');
        return;
      }
      if (req.method === 'POST' && url.pathname.endsWith('/git-receive-pack'))
        this.onPush?.(url.pathname.split('/')[1] ?? '');
      const silence =
        req.method === 'POST' && url.pathname.endsWith('/git-upload-pack') ? this.fetchSilenceMs : 0;
      if (silence) req.pause();
      setTimeout(() => this.answer(req, res, url), silence);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Runs `git http-backend` for the request and sends its answer whole. */
  private answer(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const cgi = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: this.root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: this.username,
        REMOTE_ADDR: '127.0.0.1',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      },
    });
    req.pipe(cgi.stdin);
    const chunks: Buffer[] = [];
    cgi.stdout.on('data', (c: Buffer) => chunks.push(c));
    cgi.on('close', () => {
      const out = Buffer.concat(chunks);
      const split = out.indexOf('\r\n\r\n');
      const head = out.subarray(0, split).toString('utf8');
      const body = out.subarray(split + 4);
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n')) {
        const i = line.indexOf(':');
        const k = line.slice(0, i).trim().toLowerCase();
        const v = line.slice(i + 1).trim();
        if (k === 'status') status = Number.parseInt(v, 10);
        else if (k) headers[k] = v;
      }
      this.requests.push({ method: req.method ?? '', path: url.pathname, status });
      res.writeHead(status, headers);
      res.end(body);
    });
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}
