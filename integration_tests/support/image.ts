/**
 * The connector's Docker image as CI builds it (scripts/container/build-image.sh), run with
 * buildah: no Docker engine is needed. `buildah run` does not apply the image's ENTRYPOINT by
 * itself, so each run reads it from the image and runs exactly it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fs from 'fs';
import { runProcess, writeInputs, type RunResult } from './connector';
import { imageName } from './metadata';

// The storage driver build-image.sh builds into; another driver would not see the image.
const BUILDAH_GLOBAL = ['--storage-driver', 'vfs'];
/** Where a run's input files appear in the container, as Airbyte mounts them. */
const CONTAINER_INPUT_DIR = '/config';

export interface ImageConfig {
  entrypoint: string[];
  env: Record<string, string>;
  user: string;
  labels: Record<string, string>;
}

function buildah(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('buildah', [...BUILDAH_GLOBAL, ...args], { encoding: 'utf8' });
  if (result.error) return { status: null, stdout: '', stderr: result.error.message };
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function buildahOrThrow(args: string[]): string {
  const result = buildah(args);
  if (result.status !== 0) throw new Error(`buildah ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Why the image cannot be run here, or null when it can. */
function unavailableReason(image: string): string | null {
  const inspected = buildah(['inspect', '--type', 'image', image]);
  if (inspected.status === null) return `buildah is not installed (${inspected.stderr})`;
  if (inspected.status !== 0) {
    return `image ${image} is not built (scripts/container/build-image.sh): ${inspected.stderr.trim()}`;
  }
  return null;
}

/**
 * `describe` when the image is there. Otherwise a local run skips with one line, but CI
 * (CI=true) fails: its .ci/run builds the image, so a missing one is a broken build.
 */
export function describeWithImage(name: string, fn: (image: string) => void): void {
  const image = imageName();
  const reason = unavailableReason(image);
  if (reason === null) {
    describe(name, () => fn(image));
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('has the image to test', () => {
        throw new Error(`${reason}; CI must build and run the image`);
      });
    });
  } else {
    // eslint-disable-next-line no-console
    console.log(`${name}: skipped: ${reason}`);
    describe.skip(name, () => fn(image));
  }
}

export function inspectImage(image: string): ImageConfig {
  const inspected = JSON.parse(buildahOrThrow(['inspect', '--type', 'image', image])) as {
    OCIv1: {
      config: {
        Entrypoint?: string[];
        Env?: string[];
        User?: string;
        Labels?: Record<string, string>;
      };
    };
  };
  const { config } = inspected.OCIv1;
  return {
    entrypoint: config.Entrypoint ?? [],
    env: Object.fromEntries(
      (config.Env ?? []).map((entry) => [
        entry.slice(0, entry.indexOf('=')),
        entry.slice(entry.indexOf('=') + 1),
      ]),
    ),
    user: config.User ?? '',
    labels: config.Labels ?? {},
  };
}

/** A working container of the image; every run in it starts from the image's entrypoint. */
export class ImageContainer {
  private constructor(
    readonly id: string,
    readonly config: ImageConfig,
  ) {}

  static create(image: string): ImageContainer {
    const name = `source-backlog-test-${process.pid}-${Date.now()}`;
    const id = buildahOrThrow(['from', '--pull-never', '--name', name, image]).trim();
    return new ImageContainer(id, inspectImage(image));
  }

  /**
   * Runs the ENTRYPOINT with `args` and the inputs mounted read-only at /config, from the root
   * directory: the platform does not promise the image's working directory.
   */
  run(
    args: string[],
    inputs: { config?: unknown; catalog?: unknown; state?: unknown } = {},
  ): Promise<RunResult> {
    const dir = mkdtempSync(join(tmpdir(), 'source-backlog-image-'));
    // The connector runs as the image's user, not as the test's.
    chmodSync(dir, 0o755);
    const inputArgs = writeInputs(inputs, dir, CONTAINER_INPUT_DIR);
    for (const file of fs.readdirSync(dir)) chmodSync(join(dir, file), 0o644);
    return runProcess(
      'buildah',
      [
        ...BUILDAH_GLOBAL,
        'run',
        '--isolation',
        'chroot',
        '--workingdir',
        '/',
        '--volume',
        `${dir}:${CONTAINER_INPUT_DIR}:ro`,
        this.id,
        '--',
        ...this.config.entrypoint,
        ...args,
        ...inputArgs,
      ],
      process.env,
    );
  }

  /** A shell command in the container, as the image's user: for looking at the file system. */
  shell(script: string): string {
    return buildahOrThrow(['run', '--isolation', 'chroot', this.id, '--', 'sh', '-c', script]);
  }

  remove(): void {
    buildah(['rm', this.id]);
  }
}
