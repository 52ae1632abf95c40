import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-instance settings that admins manage: signing secret and HistorySync override. */
export class InstanceSettings1732440000000 implements MigrationInterface {
  name = 'InstanceSettings1732440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE instance_settings (
        instance_id    text PRIMARY KEY,
        signing_secret text,
        history_sync   boolean,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE instance_settings');
  }
}
