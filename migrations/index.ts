import { readdirSync } from 'node:fs';
import { MigrationInterface } from 'typeorm';

type MigrationClass = new () => MigrationInterface;

/**
 * Every migration in this folder, oldest first (file names start with a timestamp). Loaded by
 * file name so that adding a migration is adding a file, under ts-jest (.ts) and compiled (.js).
 */
export const ALL_MIGRATIONS: MigrationClass[] = readdirSync(__dirname)
  .filter((file) => /^\d{13}-[\w-]+\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
  .sort()
  .flatMap((file) => Object.values(require(`${__dirname}/${file}`) as Record<string, MigrationClass>));
