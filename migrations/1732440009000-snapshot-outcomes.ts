import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `instances` remembers the latest snapshot attempt's outcome (from our `snapshot_outcome` events),
 * so an instance WSAPI refuses (401/404) is not snapshotted again and again by the reconciler.
 */
export class SnapshotOutcomes1732440009000 implements MigrationInterface {
  name = 'SnapshotOutcomes1732440009000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE instances
        ADD COLUMN snapshot_outcome    text,
        ADD COLUMN snapshot_trigger    text,
        ADD COLUMN snapshot_outcome_at timestamptz,
        ADD COLUMN snapshot_error      text,
        ADD COLUMN snapshot_blocked    boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE instances
        DROP COLUMN snapshot_outcome, DROP COLUMN snapshot_trigger, DROP COLUMN snapshot_outcome_at,
        DROP COLUMN snapshot_error, DROP COLUMN snapshot_blocked`);
  }
}
