import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm run cli -- …` as a real process on `dbPath`, with only the environment given: exit codes
 * and output as a shell sees them.
 */
export function spawnCli(dbPath: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return spawnEntry('src/cli.ts', dbPath, args, env);
}

/** One of the project's entry points (src/cli.ts, src/main.ts) as a real process, the same way. */
export function spawnEntry(script: string, dbPath: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_PATH: dbPath, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
