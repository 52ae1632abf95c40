import { Injectable } from '@nestjs/common';
import { SqlExecutor } from '../database/sql-executor';
import { AdminSigningSecrets } from '../wsapi/signing-secrets';

export interface InstanceSettingsRow {
  instance_id: string;
  signing_secret: string | null;
  history_sync: boolean | null;
  updated_at: Date;
}

/** Fields an admin changes; absent = unchanged, null = cleared (back to the fallback). */
export interface InstanceSettingsChange {
  historySync?: boolean | null;
  signingSecret?: string | null;
}

/** The admin-managed per-instance settings (table instance_settings). */
@Injectable()
export class InstanceSettingsStore implements AdminSigningSecrets {
  constructor(private readonly sql: SqlExecutor) {}

  async get(instanceId: string): Promise<InstanceSettingsRow | undefined> {
    const rows = await this.sql.query<InstanceSettingsRow>('SELECT * FROM instance_settings WHERE instance_id = $1', [instanceId]);
    return rows[0];
  }

  async update(instanceId: string, change: InstanceSettingsChange): Promise<InstanceSettingsRow> {
    const rows = await this.sql.query<InstanceSettingsRow>(
      `INSERT INTO instance_settings AS s (instance_id, signing_secret, history_sync, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (instance_id) DO UPDATE SET
         signing_secret = CASE WHEN $4 THEN EXCLUDED.signing_secret ELSE s.signing_secret END,
         history_sync   = CASE WHEN $5 THEN EXCLUDED.history_sync ELSE s.history_sync END,
         updated_at     = now()
       RETURNING *`,
      [instanceId, change.signingSecret ?? null, change.historySync ?? null, change.signingSecret !== undefined, change.historySync !== undefined],
    );
    return rows[0];
  }

  /** Every instance's own signing secret (for the ingress's in-memory cache). */
  async signingSecrets(): Promise<[string, string][]> {
    const rows = await this.sql.query<{ instance_id: string; signing_secret: string }>(
      'SELECT instance_id, signing_secret FROM instance_settings WHERE signing_secret IS NOT NULL',
    );
    return rows.map((row) => [row.instance_id, row.signing_secret]);
  }
}
