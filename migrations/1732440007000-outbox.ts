import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox between the sync-state projection and WSAPI (src/history-flush/):
 * one row per (topic prefix, instance, cycle, kind), written with the projection's checkpoint.
 */
export class Outbox1732440007000 implements MigrationInterface {
  name = 'Outbox1732440007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sync_outbox (
        id            bigserial PRIMARY KEY,
        topic_prefix  text        NOT NULL,
        instance_id   text        NOT NULL,
        cycle_id      text        NOT NULL,
        kind          text        NOT NULL,
        status        text        NOT NULL DEFAULT 'pending',
        triggered_at  timestamptz NOT NULL,
        due_at        timestamptz NOT NULL,
        deadline_at   timestamptz NOT NULL,
        attempts      integer     NOT NULL DEFAULT 0,
        lease_token   uuid,
        lease_until   timestamptz,
        last_error    text,
        outcome_event text,
        published_at  timestamptz,
        finished_at   timestamptz,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (topic_prefix, instance_id, cycle_id, kind)
      )`);
    await queryRunner.query(`CREATE INDEX sync_outbox_due ON sync_outbox (topic_prefix, due_at) WHERE status = 'pending'`);
    await queryRunner.query(
      'CREATE INDEX sync_outbox_unpublished ON sync_outbox (topic_prefix, finished_at) WHERE outcome_event IS NOT NULL AND published_at IS NULL',
    );
    await queryRunner.query('CREATE INDEX sync_outbox_instance ON sync_outbox (instance_id, created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE sync_outbox');
  }
}
