import { IsOptional, IsString, MinLength } from 'class-validator';

/** `logged_in`: pairing succeeded (shared/wsapi/README.md §3.1). */
export class LoggedInDto {
  @IsString() @MinLength(1)
  deviceId: string;
}

/** `logged_out`: the reason is free text and only informative, so its absence is tolerated. */
export class LoggedOutDto {
  @IsOptional() @IsString()
  reason?: string;
}

/** `login_error` (legacy `logged_error`). */
export class LoginErrorDto {
  @IsOptional() @IsString()
  id?: string;

  @IsString()
  error: string;
}
