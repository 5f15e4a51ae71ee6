import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostRequest, HostStats } from './emulator-host.js';
import { emulatorOptions, type ServerModel } from './server-models.js';

/** The parent's handle on an emulator host process. */
export interface EmulatorHost {
  url: string;
  /** Time to load the seed and listen (ms). */
  seedMs: number;
  stats(): Promise<HostStats>;
  reset(): Promise<void>;
  setLatency(ms: number): Promise<void>;
  stop(): Promise<void>;
}

interface HostReply {
  id: number;
  url?: string;
  seedMs?: number;
  stats?: HostStats;
}

/** Forks `emulator-host.js` on a seed file and a server model; waits until it listens. */
export async function startEmulatorHost(
  seedFile: string,
  model: ServerModel,
  nodeArgs: string[] = [],
): Promise<EmulatorHost> {
  const script = fileURLToPath(new URL('./emulator-host.js', import.meta.url));
  const options = JSON.stringify(emulatorOptions(model));
  const child: ChildProcess = fork(script, [seedFile, options], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: ['--max-old-space-size=8192', ...nodeArgs],
  });
  const waiting = new Map<number, (reply: HostReply) => void>();
  let nextId = 1;
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code) => reject(new Error(`The emulator host exited (code ${code}).`)));
  });
  exited.catch(() => undefined);
  child.on('message', (reply: HostReply) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  const ask = (request: Omit<HostRequest, 'id'>): Promise<HostReply> => {
    const id = nextId++;
    const answer = new Promise<HostReply>((resolve) => waiting.set(id, resolve));
    child.send({ ...request, id });
    return Promise.race([answer, exited]);
  };
  const ready = await Promise.race([
    new Promise<HostReply>((resolve) => waiting.set(0, resolve)),
    exited,
  ]);
  return {
    url: ready.url!,
    seedMs: ready.seedMs!,
    stats: async () => (await ask({ type: 'stats' })).stats!,
    reset: async () => void (await ask({ type: 'reset' })),
    setLatency: async (ms) => void (await ask({ type: 'latency', ms } as Omit<HostRequest, 'id'>)),
    stop: async () => {
      const gone = new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      const timer = setTimeout(() => child.kill(), 10_000);
      await ask({ type: 'stop' }).catch(() => undefined);
      await gone; // the host exits by itself once stopped (and writes a --cpu-prof profile)
      clearTimeout(timer);
    },
  };
}
