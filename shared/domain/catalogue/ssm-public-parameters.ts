import { findSystemImage } from './system-images';

/**
 * AWS's public SSM parameters that name the latest AMIs (no I/O): the way Ansible, CDK and
 * Terraform examples find an image (`ssm:GetParameter` on
 * `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64`,
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-public-parameters-ami.html).
 * Each parameter here answers one of the sandbox's public `ami-` images, the same id in every
 * region, as the catalogue's images are. Only the images the catalogue has get a parameter
 * (Amazon Linux 2023 and 2 for x86_64 and arm64, Ubuntu 22.04 for amd64); any other name is
 * unknown (ParameterNotFound), as an unknown name is on AWS (docs/ssm-parameters.md).
 */
export interface PublicParameter {
  name: string;
  value: string;
  /** When the value last changed: the image's build time. */
  lastModified: Date;
  version: number;
}

const AL2023_X86_64 = 'ami-0a2f7c3e9d14b5601';
const UBUNTU_2204_AMD64 = 'ami-0d5b8e1f4a27c9602';
const AL2_X86_64 = 'ami-0e3c1a7b5d9f24603';
const AL2023_ARM64 = 'ami-0e7d4b2c8a1f35604';
const AL2_ARM64 = 'ami-0f1a6c3e9b2d47605';

const PARAMETER_IMAGES: Readonly<Record<string, string>> = {
  '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64': AL2023_X86_64,
  '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64': AL2023_X86_64,
  '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64': AL2023_ARM64,
  '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64': AL2023_ARM64,
  '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2': AL2_X86_64,
  '/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2': AL2_X86_64,
  '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-arm64-gp2': AL2_ARM64,
  '/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-arm64-gp2': AL2_ARM64,
  // Canonical publishes Ubuntu's under its own path (https://documentation.ubuntu.com/aws/aws-how-to/instances/find-ubuntu-images/).
  '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id': UBUNTU_2204_AMD64,
  '/aws/service/canonical/ubuntu/server/jammy/stable/current/amd64/hvm/ebs-gp2/ami-id': UBUNTU_2204_AMD64,
};

/** The parameter of that name in a region, or undefined. */
export function findPublicParameter(regionId: string, name: string): PublicParameter | undefined {
  const imageId = Object.hasOwn(PARAMETER_IMAGES, name) ? PARAMETER_IMAGES[name] : undefined;
  const image = imageId ? findSystemImage(regionId, imageId) : undefined;
  if (!image) return undefined;
  return { name, value: image.imageId, lastModified: new Date(image.creationTime), version: 1 };
}

/**
 * The parameters under a path (`/aws/service/ami-amazon-linux-latest`), in name order: the direct
 * children only, or every descendant when `recursive`, as GetParametersByPath reads a hierarchy.
 */
export function publicParametersByPath(regionId: string, path: string, recursive: boolean): PublicParameter[] {
  const prefix = path.endsWith('/') ? path : `${path}/`;
  return Object.keys(PARAMETER_IMAGES)
    .filter((name) => name.startsWith(prefix) && (recursive || !name.slice(prefix.length).includes('/')))
    .sort()
    .map((name) => findPublicParameter(regionId, name))
    .filter((p): p is PublicParameter => p !== undefined);
}
