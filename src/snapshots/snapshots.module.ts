import { Module } from '@nestjs/common';
import { WsapiClient } from '../wsapi/wsapi-client';
import { SnapshotService } from './snapshot.service';

@Module({
  providers: [SnapshotService, WsapiClient],
  exports: [SnapshotService, WsapiClient],
})
export class SnapshotsModule {}
