import { Type } from '@nestjs/common';
import { ServiceRole } from '../config/app-config';
import { ConsumersRootModule } from './consumers-root.module';
import { IngressRootModule } from './ingress-root.module';

/** Which roots a serving process is composed of: the only place ROLE is read. */
const ROOTS_BY_ROLE: Record<ServiceRole, Type[]> = {
  all: [IngressRootModule, ConsumersRootModule],
  ingress: [IngressRootModule],
  consumers: [ConsumersRootModule],
};

export function rootsFor(role: ServiceRole): Type[] {
  return ROOTS_BY_ROLE[role];
}

export function composesIngress(role: ServiceRole): boolean {
  return rootsFor(role).includes(IngressRootModule);
}

export function composesConsumers(role: ServiceRole): boolean {
  return rootsFor(role).includes(ConsumersRootModule);
}
