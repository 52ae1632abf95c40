import { InstanceSettings1732440000000 } from './1732440000000-instance-settings';

/** Every migration, oldest first. Listed explicitly so compiled and ts-jest runs load the same set. */
export const ALL_MIGRATIONS = [InstanceSettings1732440000000];
