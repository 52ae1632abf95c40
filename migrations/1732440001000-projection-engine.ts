import { MigrationInterface, QueryRunner } from 'typeorm';

/** Checkpoints of every projection, and the merge function the read-model upserts share. */
export class ProjectionEngine1732440001000 implements MigrationInterface {
  name = 'ProjectionEngine1732440001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projection_checkpoints (
        projection  text        NOT NULL,
        topic       text        NOT NULL,
        partition   integer     NOT NULL,
        next_offset bigint      NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, topic, partition)
      )`);
    // Per key, the entry whose "at" is greater wins; ties go to the incoming entry. "at" values are
    // ISO-8601 UTC strings of one format, compared byte-wise (COLLATE "C") like the TypeScript twin
    // in src/projections/upsert/merge-patches.ts.
    await queryRunner.query(`
      CREATE FUNCTION wsapi_merge_latest_by_key(current jsonb, incoming jsonb) RETURNS jsonb
      LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE
          WHEN current IS NULL THEN incoming
          WHEN incoming IS NULL THEN current
          ELSE current || COALESCE((
            SELECT jsonb_object_agg(i.key, i.value)
            FROM jsonb_each(incoming) AS i(key, value)
            WHERE NOT (current ? i.key)
               OR (i.value->>'at') COLLATE "C" >= (current->i.key->>'at') COLLATE "C"
          ), '{}'::jsonb)
        END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION wsapi_merge_latest_by_key(jsonb, jsonb)');
    await queryRunner.query('DROP TABLE projection_checkpoints');
  }
}
