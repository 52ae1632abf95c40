import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ErrorFilter } from './error.filter';

/** Registers the one exception filter for every HTTP route. */
@Module({
  providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
})
export class HttpErrorsModule {}
