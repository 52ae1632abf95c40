import { IsBoolean, IsInt, IsOptional, IsString, MinLength } from 'class-validator';

/** WSAPI's Identity: a phone JID when known, else a LID, with the other parts when known. */
export class IdentityDto {
  @IsString() @MinLength(1)
  id: string;

  @IsOptional() @IsString()
  lid?: string;

  @IsOptional() @IsString()
  phone?: string;

  @IsOptional() @IsInt()
  device?: number;
}

/** An Identity that also says whether it is this account. */
export class SenderDto extends IdentityDto {
  @IsOptional() @IsBoolean()
  isMe?: boolean;
}
