import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from '@nestjs/common';
import { Projection } from './engine/projection';

/**
 * Every projection the service runs: each folder under projections/ with a `<name>.projection`
 * file exporting one class. Adding a projection is adding a folder.
 */
export const PROJECTION_CLASSES: Type<Projection>[] = readdirSync(__dirname, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !['engine', 'upsert'].includes(entry.name))
  .sort((a, b) => a.name.localeCompare(b.name))
  .flatMap((folder) =>
    readdirSync(join(__dirname, folder.name))
      .filter((file) => /\.projection\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
      .flatMap((file) => Object.values(require(join(__dirname, folder.name, file)) as Record<string, Type<Projection>>)),
  )
  .filter((exported) => typeof exported === 'function');
