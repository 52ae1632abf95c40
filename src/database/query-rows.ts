import { DataSource } from 'typeorm';

/**
 * The rows a statement returns, whatever its kind. DataSource.query hands back [rows, count] for
 * UPDATE/DELETE … RETURNING, so statements that may be either go through a structured result.
 */
export async function queryRows<T>(dataSource: DataSource, text: string, values: unknown[] = []): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  try {
    return (await runner.query(text, values, true)).records as T[];
  } finally {
    await runner.release();
  }
}
