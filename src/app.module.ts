import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { HttpErrorsModule } from './http/http-errors.module';
import { CoreModule } from './roots/core.module';
import { HttpLoggerModule } from './roots/http-logger.module';
import { OperationsModule } from './roots/operations.module';
import { rootsFor } from './roots/roles';

@Module({})
export class AppModule {
  /**
   * A serving process for one validated configuration (main.ts and the tests both build it so):
   * the core, /health and /metrics, and the roots its ROLE names (see roots/roles.ts).
   */
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(config), HttpLoggerModule.register(config), HttpErrorsModule, OperationsModule, ...rootsFor(config.ROLE)],
    };
  }
}
