import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * chats.lid and contacts.lid keep the smaller of two reported LIDs (merge rule `least`, so the
 * result does not depend on arrival order): compared byte-wise, like the TypeScript merge does.
 */
export class LidByteOrder1732440011000 implements MigrationInterface {
  name = 'LidByteOrder1732440011000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE chats ALTER COLUMN lid TYPE text COLLATE "C"');
    await queryRunner.query('ALTER TABLE contacts ALTER COLUMN lid TYPE text COLLATE "C"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE chats ALTER COLUMN lid TYPE text COLLATE "default"');
    await queryRunner.query('ALTER TABLE contacts ALTER COLUMN lid TYPE text COLLATE "default"');
  }
}
