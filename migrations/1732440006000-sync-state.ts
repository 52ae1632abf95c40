import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sync-state read model: `instances` (one row per instance, docs/sync-state.md) and the
 * history chunks its progress counts are computed from. No generated columns and no wall-clock
 * defaults: a rebuild copies rows with INSERT … SELECT * and compares them with EXCEPT.
 */
export class SyncState1732440006000 implements MigrationInterface {
  name = 'SyncState1732440006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE instances (
        instance_id               text PRIMARY KEY,
        status                    text NOT NULL,
        device_id                 text,
        sync_cycle                integer NOT NULL DEFAULT 0,
        cycle_id                  text,
        logged_in_at              timestamptz,
        initial_sync_finished_at  timestamptz,
        logged_out_at             timestamptz,
        logout_reason             text,
        login_error_at            timestamptz,
        login_error               text,
        history_sync              boolean,
        history_sync_source       text,
        history_sync_resolved_at  timestamptz,
        event_filters             jsonb,
        history_filter_warning    boolean NOT NULL DEFAULT false,
        flush_status              text,
        flush_requested_at        timestamptz,
        flush_attempts            integer,
        flush_error               text,
        history_first_event_at    timestamptz,
        history_latest_event_at   timestamptz,
        history_events_received   integer NOT NULL DEFAULT 0,
        history_chats_received    integer NOT NULL DEFAULT 0,
        history_messages_received integer NOT NULL DEFAULT 0,
        initial_sync_ms           bigint,
        history_wait_ms           bigint,
        history_duration_ms       bigint,
        total_sync_ms             bigint,
        last_snapshot_at          timestamptz,
        last_event_at             timestamptz
      )`);
    await queryRunner.query('CREATE INDEX instances_status ON instances (status)');
    await queryRunner.query(`
      CREATE TABLE instance_history_chunks (
        instance_id text        NOT NULL,
        chunk_key   text        NOT NULL,
        received_at timestamptz NOT NULL,
        chat_ids    jsonb       NOT NULL,
        messages    integer     NOT NULL,
        PRIMARY KEY (instance_id, chunk_key)
      )`);
    await queryRunner.query('CREATE INDEX instance_history_chunks_time ON instance_history_chunks (instance_id, received_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE instance_history_chunks');
    await queryRunner.query('DROP TABLE instances');
  }
}
