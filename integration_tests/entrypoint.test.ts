/**
 * The image's entrypoint script fits Node's heap to the container's memory limit. It runs here
 * on the host with a cgroup folder of the test's own, and the test reads the node command line
 * it exec'd from /proc while the connector waits to open its config, a named pipe.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from './support/shared';

const ENTRYPOINT = join(repoRoot(), 'scripts', 'container', 'entrypoint.sh');
const MIB = 1024 * 1024;

/** A cgroup folder holding `files` (path → content), as the kernel shows it in a container. */
function cgroupRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'source-backlog-cgroup-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), `${content}\n`);
  }
  return root;
}

async function nodeArgumentsUnder(
  cgroup: string,
  env: NodeJS.ProcessEnv = {},
  command: 'check' | 'read' = 'check',
): Promise<{ args: string[]; exitCode: number | null; stdout: string }> {
  const config = join(mkdtempSync(join(tmpdir(), 'source-backlog-config-')), 'config.json');
  spawnSync('mkfifo', [config]);
  const child = spawn('sh', [ENTRYPOINT, command, '--config', config], {
    env: { ...process.env, NODE_OPTIONS: '', ...env, SOURCE_BACKLOG_CGROUP_ROOT: cgroup },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  let args: string[] = [];
  for (let waited = 0; !args.some((arg) => arg.endsWith('main.js')); waited += 10) {
    if (waited > 10_000) throw new Error(`the entrypoint never exec'd node: ${args.join(' ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    try {
      args = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      args = [];
    }
  }
  await writeFile(config, '{}');
  return { args, exitCode: await closed, stdout };
}

describe('the image entrypoint', () => {
  it('gives Node three quarters of a cgroup v2 memory limit', async () => {
    const { args } = await nodeArgumentsUnder(cgroupRoot({ 'memory.max': String(512 * MIB) }));
    expect(args).toContain('--max-old-space-size=384');
  });

  it('reads a cgroup v1 limit too', async () => {
    const { args } = await nodeArgumentsUnder(
      cgroupRoot({ 'memory/memory.limit_in_bytes': String(2048 * MIB) }),
    );
    expect(args).toContain('--max-old-space-size=1536');
  });

  it.each([
    ['cgroup v2 "max"', { 'memory.max': 'max' }],
    ['cgroup v1 "unlimited"', { 'memory/memory.limit_in_bytes': '9223372036854771712' }],
    ['no cgroup files', {}],
  ])('leaves Node its default without a limit (%s)', async (_case, files) => {
    const { args } = await nodeArgumentsUnder(cgroupRoot(files));
    expect(args.filter((arg) => arg.startsWith('--max-old-space-size'))).toEqual([]);
  });

  it('keeps a heap size the user set in NODE_OPTIONS', async () => {
    const { args } = await nodeArgumentsUnder(cgroupRoot({ 'memory.max': String(512 * MIB) }), {
      NODE_OPTIONS: '--max-old-space-size=200',
    });
    expect(args.filter((arg) => arg.startsWith('--max-old-space-size'))).toEqual([]);
  });

  it('runs the connector with the arguments it was given, and passes on its exit code', async () => {
    const { args, exitCode, stdout } = await nodeArgumentsUnder(cgroupRoot({}), {}, 'read');
    expect(args.slice(-3)).toEqual(['read', '--config', expect.stringMatching(/config\.json$/)]);
    // A read without --catalog is a config error: a TRACE and exit code 1.
    expect(stdout).toMatch(/"failure_type":"config_error"/);
    expect(exitCode).toBe(1);
  });
});
