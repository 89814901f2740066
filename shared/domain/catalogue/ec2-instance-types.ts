import { INSTANCE_TYPES, type InstanceTypeDefinition } from './instance-types';

/**
 * The EC2 dialect's view of the instance-type catalogue (no I/O): each catalogue type with an EC2
 * name (`ec2InstanceType`) as EC2 describes that type — vCPUs, cores, memory in MiB, architecture,
 * hypervisor, network performance and interface limits — from the AWS instance type pages
 * (https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html,
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/co.html,
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/mo.html). Where the catalogue type behind
 * an EC2 name differs from the EC2 type (t3a.nano is a 1-vCPU t5 underneath), EC2 clients see EC2's
 * figures; the ECS dialect shows the catalogue type's own.
 */
export interface Ec2InstanceTypeSpec {
  name: string;
  ecsType: string;
  vcpus: number;
  cores: number;
  threadsPerCore: number;
  memoryMiB: number;
  architectures: string[];
  manufacturer: string;
  clockGhz: number;
  networkPerformance: string;
  maxEnis: number;
  ipv4PerEni: number;
  ipv6PerEni: number;
  burstable: boolean;
  freeTier: boolean;
  hypervisor: 'xen' | 'nitro';
  currentGeneration: boolean;
}

interface FamilyFacts {
  manufacturer: string;
  clockGhz: number;
  architectures: string[];
  network: (size: string) => string;
  burstable: boolean;
  hypervisor: 'xen' | 'nitro';
  currentGeneration: boolean;
  /** Threads per core (1 for Graviton and T2). */
  threads: number;
}

const upTo = (gbit: string) => () => `Up to ${gbit} Gigabit`;

const FAMILIES: Record<string, FamilyFacts> = {
  t2: {
    manufacturer: 'Intel',
    clockGhz: 2.5,
    architectures: ['i386', 'x86_64'],
    network: (s) => (s === 'nano' || s === 'micro' || s === 'small' ? 'Low to Moderate' : 'Moderate'),
    burstable: true,
    hypervisor: 'xen',
    currentGeneration: true,
    threads: 1,
  },
  t3: {
    manufacturer: 'Intel',
    clockGhz: 2.5,
    architectures: ['x86_64'],
    network: upTo('5'),
    burstable: true,
    hypervisor: 'nitro',
    currentGeneration: true,
    threads: 2,
  },
  t3a: {
    manufacturer: 'AMD',
    clockGhz: 2.2,
    architectures: ['x86_64'],
    network: upTo('5'),
    burstable: true,
    hypervisor: 'nitro',
    currentGeneration: true,
    threads: 2,
  },
  t4g: {
    manufacturer: 'AWS',
    clockGhz: 2.5,
    architectures: ['arm64'],
    network: upTo('5'),
    burstable: true,
    hypervisor: 'nitro',
    currentGeneration: true,
    threads: 1,
  },
  m5: {
    manufacturer: 'Intel',
    clockGhz: 3.1,
    architectures: ['x86_64'],
    network: upTo('10'),
    burstable: false,
    hypervisor: 'nitro',
    currentGeneration: true,
    threads: 2,
  },
  c5: {
    manufacturer: 'Intel',
    clockGhz: 3.4,
    architectures: ['x86_64'],
    network: upTo('10'),
    burstable: false,
    hypervisor: 'nitro',
    currentGeneration: true,
    threads: 2,
  },
  r5: {
    manufacturer: 'Intel',
    clockGhz: 3.1,
    architectures: ['x86_64'],
    network: upTo('10'),
    burstable: false,
    hypervisor: 'nitro',
    currentGeneration: true,
    threads: 2,
  },
  m6i: {
    manufacturer: 'Intel',
    clockGhz: 3.5,
    architectures: ['x86_64'],
    network: upTo('12.5'),
    burstable: false,
    hypervisor: 'nitro',
    currentGeneration: true,
    threads: 2,
  },
  c6i: {
    manufacturer: 'Intel',
    clockGhz: 3.5,
    architectures: ['x86_64'],
    network: upTo('12.5'),
    burstable: false,
    hypervisor: 'nitro',
    currentGeneration: true,
    threads: 2,
  },
  r6i: {
    manufacturer: 'Intel',
    clockGhz: 3.5,
    architectures: ['x86_64'],
    network: upTo('12.5'),
    burstable: false,
    hypervisor: 'nitro',
    currentGeneration: true,
    threads: 2,
  },
  m7i: {
    manufacturer: 'Intel',
    clockGhz: 3.2,
    architectures: ['x86_64'],
    network: upTo('12.5'),
    burstable: false,
    hypervisor: 'nitro',
    currentGeneration: true,
    threads: 2,
  },
  // Graviton2 (m6g, c6g, r6g, t4g) and Graviton3 (m7g): one thread per core (https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html).
  m6g: {
    manufacturer: 'AWS',
    clockGhz: 2.5,
    architectures: ['arm64'],
    network: upTo('10'),
    burstable: false,
    hypervisor: 'nitro',
    currentGeneration: true,
    threads: 1,
  },
  c6g: {
    manufacturer: 'AWS',
    clockGhz: 2.5,
    architectures: ['arm64'],
    network: upTo('10'),
    burstable: false,
    hypervisor: 'nitro',
    currentGeneration: true,
    threads: 1,
  },
  r6g: {
    manufacturer: 'AWS',
    clockGhz: 2.5,
    architectures: ['arm64'],
    network: upTo('10'),
    burstable: false,
    hypervisor: 'nitro',
    currentGeneration: true,
    threads: 1,
  },
  m7g: {
    manufacturer: 'AWS',
    clockGhz: 2.6,
    architectures: ['arm64'],
    network: upTo('12.5'),
    burstable: false,
    hypervisor: 'nitro',
    currentGeneration: true,
    threads: 1,
  },
};

/** EC2's figures per size: [vCPUs, memory MiB] by family ratio, and the interface limits of the size. */
const MEMORY_PER_VCPU_MIB: Record<string, number> = {
  m5: 4096,
  m6i: 4096,
  m7i: 4096,
  c5: 2048,
  c6i: 2048,
  r5: 8192,
  r6i: 8192,
  m6g: 4096,
  m7g: 4096,
  c6g: 2048,
  r6g: 8192,
};
const SIZE_VCPUS: Record<string, number> = { large: 2, xlarge: 4, '2xlarge': 8 };

/** Burstable sizes: [vCPUs, memory MiB, max ENIs, IPv4 per ENI] (T2 has 1 vCPU up to small). */
const BURSTABLE_SIZES: Record<string, Record<string, [number, number, number, number]>> = {
  t2: { nano: [1, 512, 2, 2], micro: [1, 1024, 2, 2], small: [1, 2048, 3, 4], medium: [2, 4096, 3, 6], large: [2, 8192, 3, 12], xlarge: [4, 16384, 3, 15] },
  t3: { nano: [2, 512, 2, 2], micro: [2, 1024, 2, 2], small: [2, 2048, 3, 4], medium: [2, 4096, 3, 6], large: [2, 8192, 3, 12], xlarge: [4, 16384, 4, 15] },
  t3a: { nano: [2, 512, 2, 2], micro: [2, 1024, 2, 2], small: [2, 2048, 2, 4], medium: [2, 4096, 3, 6], large: [2, 8192, 3, 12], xlarge: [4, 16384, 4, 15] },
  t4g: {
    nano: [2, 512, 2, 2],
    micro: [2, 1024, 2, 2],
    small: [2, 2048, 3, 4],
    medium: [2, 4096, 3, 6],
    large: [2, 8192, 3, 12],
    xlarge: [4, 16384, 4, 15],
    '2xlarge': [8, 32768, 4, 15],
  },
};

/** Free tier: t2.micro, and t3.micro where T2 is not offered (https://aws.amazon.com/free/). */
const FREE_TIER = new Set(['t2.micro', 't3.micro']);

function specOf(t: InstanceTypeDefinition): Ec2InstanceTypeSpec | undefined {
  const name = t.ec2InstanceType;
  if (!name) return undefined;
  const [fam, size] = name.split('.') as [string, string];
  const facts = FAMILIES[fam];
  if (!facts) return undefined;
  let vcpus: number;
  let memoryMiB: number;
  let maxEnis: number;
  let ipv4: number;
  const burst = BURSTABLE_SIZES[fam]?.[size];
  if (burst) [vcpus, memoryMiB, maxEnis, ipv4] = burst;
  else {
    vcpus = SIZE_VCPUS[size] ?? t.cpuCoreCount;
    memoryMiB = vcpus * (MEMORY_PER_VCPU_MIB[fam] ?? 4096);
    maxEnis = vcpus <= 2 ? 3 : 4;
    ipv4 = vcpus <= 2 ? 10 : 15;
  }
  const threads = vcpus === 1 ? 1 : facts.threads;
  return {
    name,
    ecsType: t.instanceTypeId,
    vcpus,
    cores: vcpus / threads,
    threadsPerCore: threads,
    memoryMiB,
    architectures: facts.architectures,
    manufacturer: facts.manufacturer,
    clockGhz: facts.clockGhz,
    networkPerformance: facts.network(size),
    maxEnis,
    ipv4PerEni: ipv4,
    ipv6PerEni: ipv4,
    burstable: facts.burstable,
    freeTier: FREE_TIER.has(name),
    hypervisor: facts.hypervisor,
    currentGeneration: facts.currentGeneration,
  };
}

/**
 * EC2 types with no catalogue type of their own, each launched on the catalogue type of the same
 * architecture and vCPUs whose EC2 name is given. ECS has no burstable Arm family, so T4g runs on
 * the Arm general-purpose and compute types (t4g.large has m6g.large's 2 vCPUs and 8 GiB). An
 * instance launched under such a name keeps it (shared/domain/instance-options.ts `instanceType`):
 * EC2 shows the name it was launched as, ECS the catalogue type.
 */
const EC2_ONLY_TYPES: Record<string, string> = {
  't4g.nano': 'ecs.c6r.large',
  't4g.micro': 'ecs.c6r.large',
  't4g.small': 'ecs.c6r.large',
  't4g.medium': 'ecs.c6r.large',
  't4g.large': 'ecs.g6r.large',
  't4g.xlarge': 'ecs.g6r.xlarge',
  't4g.2xlarge': 'ecs.g6r.2xlarge',
};

function ec2OnlySpecs(): Ec2InstanceTypeSpec[] {
  return Object.entries(EC2_ONLY_TYPES).flatMap(([name, ecsType]) => {
    const backing = INSTANCE_TYPES.find((t) => t.instanceTypeId === ecsType);
    return (backing && specOf({ ...backing, ec2InstanceType: name })) || [];
  });
}

/** Every EC2 type the sandbox offers, in EC2 name order. */
export const EC2_INSTANCE_TYPES: readonly Ec2InstanceTypeSpec[] = [...INSTANCE_TYPES.flatMap((t) => specOf(t) ?? []), ...ec2OnlySpecs()].sort((a, b) =>
  a.name < b.name ? -1 : 1,
);

/** Whether an EC2 name is one of the EC2-only types, launched on another type's catalogue entry. */
export const isEc2OnlyType = (name: string): boolean => name in EC2_ONLY_TYPES;

const BY_NAME = new Map(EC2_INSTANCE_TYPES.map((t) => [t.name, t]));
export const findEc2InstanceType = (name: string): Ec2InstanceTypeSpec | undefined => BY_NAME.get(name);

/** vCPUs EC2 counts for an instance of a catalogue type (its EC2 figure, else the catalogue's cores). */
export function ec2VcpusOf(ecsType: string): number {
  const t = INSTANCE_TYPES.find((x) => x.instanceTypeId === ecsType);
  return (t?.ec2InstanceType ? findEc2InstanceType(t.ec2InstanceType)?.vcpus : undefined) ?? t?.cpuCoreCount ?? 1;
}

/** The EC2 figures of a catalogue type (by its ECS id), when it has an EC2 name. */
export function findEc2InstanceTypeByEcsType(ecsType: string): Ec2InstanceTypeSpec | undefined {
  const t = INSTANCE_TYPES.find((x) => x.instanceTypeId === ecsType);
  return t?.ec2InstanceType ? findEc2InstanceType(t.ec2InstanceType) : undefined;
}
