import { MigrationInterface, QueryRunner } from 'typeorm';

/** SSE pull mode: disconnects recorded on the instance (events of a gap may be missing). */
export class SseGaps1732440008000 implements MigrationInterface {
  name = 'SseGaps1732440008000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE instances
        ADD COLUMN sse_gaps integer NOT NULL DEFAULT 0,
        ADD COLUMN last_sse_gap_from timestamptz,
        ADD COLUMN last_sse_gap_to timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE instances DROP COLUMN sse_gaps, DROP COLUMN last_sse_gap_from, DROP COLUMN last_sse_gap_to');
  }
}
