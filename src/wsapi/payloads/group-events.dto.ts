import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsOptional, IsString, Min, MinLength, ValidateNested } from 'class-validator';
import { IdentityDto, SenderDto } from './identity.dto';

/**
 * `group` events (shared/wsapi/README.md §3.4) and one element of GET /groups (§4.4). Every change
 * block is optional (an event carries any number of them); a block that is present must have the
 * documented shape. Unknown fields and blocks are tolerated.
 */
export class GroupNameDto {
  @IsString()
  name: string;
}

export class GroupDescriptionDto {
  /** Absent or empty when the description was removed. */
  @IsOptional() @IsString()
  topic?: string;
}

export class GroupLockedDto {
  @IsBoolean()
  isLocked: boolean;
}

export class GroupAnnounceDto {
  @IsBoolean()
  isAnnounce: boolean;
}

export class GroupMembershipApprovalDto {
  @IsBoolean()
  isRequired: boolean;
}

/** Community link change; `type` is `parent_group`, `sub_group` or `sibling_group` (whatsmeow's GroupLinkChangeType). */
export class GroupLinkDto {
  @IsString()
  type: string;

  @IsString() @MinLength(1)
  groupId: string;

  @IsOptional() @IsString()
  groupName?: string;

  @IsOptional() @IsBoolean()
  isAnnouncementGroup?: boolean;
}

export class GroupUnlinkDto {
  @IsString()
  type: string;

  @IsString() @MinLength(1)
  groupId: string;

  @IsOptional() @IsString()
  reason?: string;
}

export class GroupDeleteDto {
  @IsOptional() @IsString()
  reason?: string;
}

export class GroupEventDto {
  @IsString() @MinLength(1)
  id: string;

  @IsOptional() @ValidateNested() @Type(() => SenderDto)
  sender?: SenderDto;

  /** WhatsApp's time of the change; self-join events have none. */
  @IsOptional() @IsString()
  timestamp?: string;

  @IsOptional() @ValidateNested() @Type(() => GroupNameDto)
  name?: GroupNameDto;

  @IsOptional() @ValidateNested() @Type(() => GroupDescriptionDto)
  description?: GroupDescriptionDto;

  @IsOptional() @ValidateNested() @Type(() => GroupLockedDto)
  locked?: GroupLockedDto;

  @IsOptional() @ValidateNested() @Type(() => GroupAnnounceDto)
  announce?: GroupAnnounceDto;

  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => IdentityDto)
  join?: IdentityDto[];

  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => IdentityDto)
  leave?: IdentityDto[];

  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => IdentityDto)
  promote?: IdentityDto[];

  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => IdentityDto)
  demote?: IdentityDto[];

  @IsOptional() @ValidateNested() @Type(() => GroupMembershipApprovalDto)
  membershipApproval?: GroupMembershipApprovalDto;

  @IsOptional() @ValidateNested() @Type(() => GroupLinkDto)
  link?: GroupLinkDto;

  @IsOptional() @ValidateNested() @Type(() => GroupUnlinkDto)
  unlink?: GroupUnlinkDto;

  @IsOptional() @ValidateNested() @Type(() => GroupDeleteDto)
  delete?: GroupDeleteDto;

  @IsOptional() @IsBoolean()
  suspended?: boolean;

  // Join metadata, sent when this account itself joins a group.
  @IsOptional() @IsBoolean()
  isCommunity?: boolean;

  @IsOptional() @IsString()
  communityId?: string;

  @IsOptional() @IsBoolean()
  isAnnouncementGroup?: boolean;

  @IsOptional() @IsString()
  joinReason?: string;

  @IsOptional() @IsString()
  groupType?: string;
}

/** An Identity whose id may be empty: GET /groups reports an unknown owner that way. */
export class RestOptionalIdentityDto {
  @IsOptional() @IsString()
  id?: string;

  @IsOptional() @IsString()
  lid?: string;

  @IsOptional() @IsString()
  phone?: string;
}

export class RestGroupParticipantDto extends IdentityDto {
  @IsOptional() @IsBoolean()
  isAdmin?: boolean;

  @IsOptional() @IsBoolean()
  isSuperAdmin?: boolean;

  @IsOptional() @IsString()
  displayName?: string;
}

/** One element of GET /groups. */
export class RestGroupDto {
  @IsString() @MinLength(1)
  groupId: string;

  @IsOptional() @ValidateNested() @Type(() => RestOptionalIdentityDto)
  owner?: RestOptionalIdentityDto;

  @IsOptional() @IsString()
  name?: string;

  @IsOptional() @IsString()
  createdAt?: string;

  @IsOptional() @IsString()
  description?: string;

  @IsOptional() @IsBoolean()
  isAnnounce?: boolean;

  @IsOptional() @IsBoolean()
  isLocked?: boolean;

  @IsOptional() @IsBoolean()
  isEphemeral?: boolean;

  /** Seconds. */
  @IsOptional() @IsInt() @Min(0)
  ephemeralExpiration?: number;

  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => RestGroupParticipantDto)
  participants?: RestGroupParticipantDto[];

  @IsOptional() @IsString()
  communityId?: string;

  @IsOptional() @IsBoolean()
  isAnnouncementGroup?: boolean;

  @IsOptional() @IsBoolean()
  isJoinApprovalRequired?: boolean;

  @IsOptional() @IsString()
  memberAddMode?: string;
}
