import { Type } from 'class-transformer';
import { IsBoolean, IsString, ValidateNested } from 'class-validator';
import { IdentityDto } from './identity.dto';

/** `contact`: an incremental address-book change. */
export class ContactEventDto {
  @ValidateNested() @Type(() => IdentityDto)
  contact: IdentityDto;

  @IsString()
  fullName: string;

  @IsBoolean()
  inPhoneAddressBook: boolean;
}

/** `chat_push_name` (legacy `user_push_name`): the name a user set for themselves. */
export class PushNameEventDto {
  @ValidateNested() @Type(() => IdentityDto)
  user: IdentityDto;

  @IsString()
  pushName: string;
}

/** `chat_status` (legacy `user_status`): a user's "about" text. */
export class StatusEventDto {
  @ValidateNested() @Type(() => IdentityDto)
  user: IdentityDto;

  @IsString()
  status: string;
}
