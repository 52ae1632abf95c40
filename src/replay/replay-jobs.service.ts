import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ReplayProgress } from './progress';
import { ReplayErrorCode, ReplayException } from './replay.exception';
import { ReplayOptions, ReplayService, ReplaySummary } from './replay.service';

export interface ReplayJob {
  id: string;
  projection: string;
  instanceId?: string;
  dryRun: boolean;
  status: 'running' | 'succeeded' | 'failed';
  progress?: ReplayProgress;
  summaries?: ReplaySummary[];
  error?: string;
  startedAt: string;
  finishedAt?: string;
}

/**
 * Rebuilds started over HTTP run in the background of this process; their state is kept in
 * memory (the last few), which is enough to follow one from the admin endpoint.
 */
@Injectable()
export class ReplayJobs {
  private readonly logger = new Logger(ReplayJobs.name);
  private readonly jobs = new Map<string, ReplayJob>();

  constructor(private readonly replay: ReplayService) {}

  /** A rebuild is running in this process (the backfill worker sends no requests meanwhile). */
  get running(): boolean {
    return [...this.jobs.values()].some((job) => job.status === 'running');
  }

  start(projection: string, options: Pick<ReplayOptions, 'instanceId' | 'dryRun'>): ReplayJob {
    if (this.running) {
      throw new ReplayException(ReplayErrorCode.AlreadyRunning, 'a rebuild is already running');
    }
    if (projection !== 'all' && !this.replay.projectionNames().includes(projection)) {
      throw new ReplayException(ReplayErrorCode.UnknownProjection, `unknown projection "${projection}"; known: all, ${this.replay.projectionNames().join(', ')}`);
    }
    const job: ReplayJob = { id: randomUUID(), projection, ...options, dryRun: options.dryRun ?? false, status: 'running', startedAt: new Date().toISOString() };
    this.remember(job);
    this.replay
      .rebuild(projection, { ...options, onProgress: (progress) => (job.progress = progress) })
      .then((summaries) => Object.assign(job, { status: 'succeeded', summaries }))
      .catch((error: Error) => {
        this.logger.error(`rebuild ${job.id} of ${projection} failed: ${error.message}`);
        Object.assign(job, { status: 'failed', error: error.message });
      })
      .finally(() => (job.finishedAt = new Date().toISOString()));
    return job;
  }

  get(id: string): ReplayJob | undefined {
    return this.jobs.get(id);
  }

  private remember(job: ReplayJob): void {
    this.jobs.set(job.id, job);
    for (const id of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - 20))) this.jobs.delete(id);
  }
}
