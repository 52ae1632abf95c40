// @Type needs the Reflect metadata API at class definition, also where no Nest app loaded it (unit specs).
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, MinLength, ValidateNested } from 'class-validator';

/**
 * Events this service publishes itself (source `wsapi-sync`) on `<prefix>.session`, keyed by
 * instance, so that outcomes of its side effects are in the log and the sync-state projection can
 * be rebuilt from the topics alone. WSAPI never sends these types; the ingress routes a webhook
 * claiming one of them to `<prefix>.unknown`, so they cannot be forged into the session topic.
 */
export enum ServiceEventType {
  /** The effective HistorySync setting of an instance and where it came from. */
  InstanceSettings = 'instance_settings',
  /** What became of a sync cycle's flush-history decision. */
  HistoryFlushOutcome = 'history_flush_outcome',
  /** An SSE pull-mode stream was down between two times: events of that span may be missing. */
  SseGap = 'sse_gap',
  /** WSAPI's account API lists an instance `instances` did not know yet (it may have no traffic at all). */
  InstanceDiscovered = 'instance_discovered',
  /** How a contacts/chats/groups snapshot attempt ended (the data itself goes to `<prefix>.snapshots`). */
  SnapshotOutcome = 'snapshot_outcome',
  /** How one chat's backfill walk ended (src/backfill/): pages and messages received, oldest time reached. */
  BackfillOutcome = 'backfill_outcome',
}

/** eventData of `instance_discovered`. */
export class InstanceDiscoveredEventDto {
  /** Where it was found: `account_api` (GET /account/instances). */
  @IsString() @MinLength(1)
  source: string;
}

/** What asked for a snapshot. */
export enum SnapshotTrigger {
  /** A sync cycle (initial_sync_finished, or the fallback after logged_in). */
  Cycle = 'cycle',
  /** An instance first seen without any cycle or snapshot. */
  Bootstrap = 'bootstrap',
  /** The periodic re-snapshot of every known instance. */
  Reconcile = 'reconcile',
  /** POST /admin/instances/:id/snapshot. */
  Admin = 'admin',
}

export enum SnapshotOutcome {
  /** Every part fetched and published. */
  Taken = 'taken',
  /** WSAPI refused (4xx other than 429): retrying will not help. */
  Rejected = 'rejected',
  /** Retryable failures until the job's retry window ended. */
  Failed = 'failed',
}

/** eventData of `snapshot_outcome`. */
export class SnapshotOutcomeEventDto {
  @IsIn(Object.values(SnapshotTrigger))
  trigger: SnapshotTrigger;

  @IsIn(Object.values(SnapshotOutcome))
  outcome: SnapshotOutcome;

  /** WSAPI's HTTP status of the refusal, when there was one. */
  @IsOptional() @IsInt()
  status?: number | null;

  @IsOptional() @IsString()
  error?: string | null;
}

/** eventData of `sse_gap`. */
export class SseGapEventDto {
  @IsString() @MinLength(1)
  disconnectedAt: string;

  @IsString() @MinLength(1)
  reconnectedAt: string;
}

/** Where an effective HistorySync value came from. */
export enum HistorySyncSource {
  /** Read from WSAPI's account API (the real setting). */
  Wsapi = 'wsapi',
  /** Set by an admin through PUT /admin/instances/:id/settings. */
  Admin = 'admin',
  /** HISTORY_SYNC_DEFAULT: nothing more specific is known. */
  Default = 'default',
}

export enum FlushOutcome {
  /** WSAPI answered 2xx (202): history events follow. */
  Accepted = 'accepted',
  /** HistorySync is off: nothing to flush, no call made. */
  NotNeeded = 'not_needed',
  /** Rejected (400/401/409…), or retries ran out within WSAPI's cache window. */
  Failed = 'failed',
  /** Not called: the cycle was only projected after WSAPI's cache window (`error` says `late` by how much). */
  Skipped = 'skipped',
}

export class HistorySyncSettingDto {
  @IsBoolean()
  historySync: boolean;

  @IsIn(Object.values(HistorySyncSource))
  source: HistorySyncSource;

  /** WSAPI's per-instance event allow-list, when read from WSAPI; null when unknown. */
  @IsOptional() @IsArray() @IsString({ each: true })
  eventFilters?: string[] | null;
}

/** eventData of `instance_settings`. */
export class InstanceSettingsEventDto extends HistorySyncSettingDto {}

/** eventData of `history_flush_outcome`. */
export class HistoryFlushOutcomeEventDto {
  /** The sync cycle the decision belonged to; outcomes of older cycles are ignored. */
  @IsString() @MinLength(1)
  cycleId: string;

  @IsIn(Object.values(FlushOutcome))
  outcome: FlushOutcome;

  /** WSAPI calls made (0 when not needed). */
  @IsInt()
  attempts: number;

  /** When the last flush-history call was made. */
  @IsOptional() @IsString()
  calledAt?: string | null;

  @IsOptional() @IsString()
  error?: string | null;

  /** The setting the decision was based on. */
  @IsOptional() @ValidateNested() @Type(() => HistorySyncSettingDto)
  setting?: HistorySyncSettingDto | null;
}

/** eventData of `backfill_outcome`: one per chat and backfill, when its walk ends. */
export class BackfillOutcomeEventDto {
  @IsString() @MinLength(1)
  backfillId: string;

  @IsString() @MinLength(1)
  chatId: string;

  /** done, stalled, failed or cancelled. */
  @IsString() @MinLength(1)
  state: string;

  @IsInt()
  pages: number;

  @IsInt()
  messages: number;

  @IsOptional() @IsString()
  oldestTime: string | null;

  @IsOptional() @IsString()
  reason: string | null;
}
