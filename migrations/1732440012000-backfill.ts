import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Backfill of older messages (issue 14, docs/sync-state.md "Backfill"):
 *  - `history_pages`: a read model (projection history-pages, rebuilt by replay) with one row per
 *    received `message_history_sync` event and chat: where it sits in Kafka, how many messages it
 *    had, its oldest and newest message. The walk learns from it that a requested page arrived.
 *  - `backfills` / `backfill_chats`: the jobs an admin started and each chat's walk. Not a read
 *    model: durable worker state, the outbox of the page requests and of their outcome events.
 *  - `instances` gains the per-instance totals the sync-state projection folds from our
 *    `backfill_outcome` events (kept per chat in `instance_backfill_outcomes`).
 */
export class Backfill1732440012000 implements MigrationInterface {
  name = 'Backfill1732440012000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE history_pages (
        instance_id    text        NOT NULL,
        chat_id        text        NOT NULL,
        kafka_partition integer    NOT NULL,
        kafka_offset   bigint      NOT NULL,
        event_time     timestamptz NOT NULL,
        message_count  integer     NOT NULL,
        message_ids    text[]      NOT NULL,
        oldest_time    timestamptz,
        oldest_id      text,
        oldest_sender  text,
        newest_time    timestamptz,
        PRIMARY KEY (instance_id, chat_id, kafka_partition, kafka_offset)
      )`);
    await queryRunner.query(`
      CREATE TABLE backfills (
        id                    uuid        PRIMARY KEY,
        topic_prefix          text        NOT NULL,
        instance_id           text        NOT NULL,
        until                 timestamptz,
        max_messages_per_chat integer,
        state                 text        NOT NULL CHECK (state IN ('running', 'finished', 'cancelled')),
        created_at            timestamptz NOT NULL,
        finished_at           timestamptz
      )`);
    await queryRunner.query('CREATE INDEX backfills_instance ON backfills (instance_id, created_at)');
    // state: ready (next request due at next_at), waiting (a request is out), done, stalled, failed, cancelled.
    await queryRunner.query(`
      CREATE TABLE backfill_chats (
        backfill_id      uuid        NOT NULL REFERENCES backfills (id),
        topic_prefix     text        NOT NULL,
        instance_id      text        NOT NULL,
        chat_id          text        NOT NULL,
        state            text        NOT NULL CHECK (state IN ('ready', 'waiting', 'done', 'stalled', 'failed', 'cancelled')),
        anchor_id        text,
        anchor_sender    text,
        anchor_time      timestamptz,
        pages            integer     NOT NULL DEFAULT 0,
        messages         integer     NOT NULL DEFAULT 0,
        requests         integer     NOT NULL DEFAULT 0,
        oldest_time      timestamptz,
        requested_count  integer,
        requested_at     timestamptz,
        request_after_partition integer,
        request_after_offset    bigint,
        page_attempts    integer     NOT NULL DEFAULT 0,
        error_attempts   integer     NOT NULL DEFAULT 0,
        next_at          timestamptz NOT NULL,
        lease_until      timestamptz,
        lease_token      uuid,
        reason           text,
        outcome_event    text,
        outcome_published boolean    NOT NULL DEFAULT false,
        updated_at       timestamptz NOT NULL,
        PRIMARY KEY (backfill_id, chat_id)
      )`);
    await queryRunner.query(`CREATE INDEX backfill_chats_due ON backfill_chats (next_at) WHERE state IN ('ready', 'waiting')`);
    // sync-state's record of each backfill_outcome (one per backfill and chat: a redelivery changes nothing).
    await queryRunner.query(`
      CREATE TABLE instance_backfill_outcomes (
        instance_id  text        NOT NULL,
        backfill_id  text        NOT NULL,
        chat_id      text        NOT NULL,
        state        text        NOT NULL,
        pages        integer     NOT NULL,
        messages     integer     NOT NULL,
        oldest_time  timestamptz,
        ended_at     timestamptz NOT NULL,
        PRIMARY KEY (instance_id, backfill_id, chat_id)
      )`);
    await queryRunner.query(`
      ALTER TABLE instances
        ADD COLUMN backfill_pages         integer NOT NULL DEFAULT 0,
        ADD COLUMN backfill_messages      integer NOT NULL DEFAULT 0,
        ADD COLUMN backfill_oldest_at     timestamptz,
        ADD COLUMN backfill_stalled_chats integer NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE instances DROP COLUMN backfill_pages, DROP COLUMN backfill_messages, DROP COLUMN backfill_oldest_at, DROP COLUMN backfill_stalled_chats');
    await queryRunner.query('DROP TABLE instance_backfill_outcomes');
    await queryRunner.query('DROP TABLE backfill_chats');
    await queryRunner.query('DROP TABLE backfills');
    await queryRunner.query('DROP TABLE history_pages');
  }
}
