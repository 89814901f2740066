import { DescribeImagesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand, GetParametersByPathCommand, GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ec2Endpoint, ec2Error, newEc2Account, type Ec2Account } from '../support/ec2';

/**
 * SSM's public AMI parameters (@aws-sdk/client-ssm, unmodified, pointed at the EC2 endpoint): the
 * AWS JSON 1.1 protocol signed for service `ssm`. GetParameter / GetParameters / GetParametersByPath
 * answer the sandbox's public `ami-` ids; unknown names are ParameterNotFound (GetParameter) or
 * listed under InvalidParameters (GetParameters), as on AWS
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html).
 */
const AL2023 = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
let a: Ec2Account;
let ssm: SSMClient;

describe('SSM public AMI parameters', () => {
  beforeAll(async () => {
    a = await newEc2Account();
    ssm = new SSMClient({
      endpoint: ec2Endpoint(),
      region: 'us-east-1',
      credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.accessKeySecret },
      maxAttempts: 1,
    });
  });

  it('GetParameter answers the public Amazon Linux 2023 AMI, which EC2 describes and launches', async () => {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: AL2023 }));
    expect(Parameter).toMatchObject({
      Name: AL2023,
      Type: 'String',
      Value: 'ami-0a2f7c3e9d14b5601',
      Version: 1,
      DataType: 'text',
      ARN: `arn:aws:ssm:us-east-1::parameter${AL2023}`,
    });
    expect(Parameter!.LastModifiedDate).toEqual(new Date('2024-06-24T08:00:00Z'));

    // The id is a real image of the region, owned by amazon, and it launches.
    const ec2 = a.ec2;
    const images = await ec2.send(new DescribeImagesCommand({ ImageIds: [Parameter!.Value!] }));
    expect(images.Images![0]).toMatchObject({ ImageId: Parameter!.Value, ImageOwnerAlias: 'amazon', Architecture: 'x86_64' });
    const run = await ec2.send(new RunInstancesCommand({ ImageId: Parameter!.Value, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }));
    expect(run.Instances![0]!.ImageId).toBe('ami-0a2f7c3e9d14b5601');
  });

  it('Amazon Linux 2 and arm64 names answer amazon AMIs of the right architecture; an x86_64 type refuses an arm64 one', async () => {
    const cases: [string, string, string][] = [
      ['/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2', 'ami-0e3c1a7b5d9f24603', 'x86_64'],
      ['/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2', 'ami-0e3c1a7b5d9f24603', 'x86_64'],
      ['/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64', 'ami-0e7d4b2c8a1f35604', 'arm64'],
      ['/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-arm64-gp2', 'ami-0f1a6c3e9b2d47605', 'arm64'],
    ];
    const out = await ssm.send(new GetParametersCommand({ Names: cases.map((c) => c[0]) }));
    expect(out.Parameters!.map((p) => [p.Name, p.Value])).toEqual(cases.map((c) => [c[0], c[1]]));
    expect(out.InvalidParameters).toEqual([]);
    const images = (await a.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'architecture', Values: ['arm64'] }] }))).Images!;
    expect(images.map((i) => [i.ImageId, i.Architecture, i.ImageOwnerAlias, i.OwnerId])).toEqual([
      ['ami-0e7d4b2c8a1f35604', 'arm64', 'amazon', '137112412989'],
      ['ami-0f1a6c3e9b2d47605', 'arm64', 'amazon', '137112412989'],
    ]);
    const al2 = (await a.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['amzn2-ami-*'] }] }))).Images!;
    expect(al2.map((i) => [i.ImageId, i.Architecture])).toEqual([
      ['ami-0e3c1a7b5d9f24603', 'x86_64'],
      ['ami-0f1a6c3e9b2d47605', 'arm64'],
    ]);
    // The launch catalogue has no arm64 instance type yet: an x86_64 type refuses the image.
    const mismatch = await ec2Error(
      a.ec2.send(new RunInstancesCommand({ ImageId: 'ami-0e7d4b2c8a1f35604', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 })),
    );
    expect(mismatch).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
  });

  it('GetParameter of an unknown name is ParameterNotFound; a missing name is a ValidationException', async () => {
    const missing = await ec2Error(ssm.send(new GetParameterCommand({ Name: '/aws/service/ami-amazon-linux-latest/no-such-image' })));
    expect(missing).toMatchObject({ name: 'ParameterNotFound', status: 400 });
    const invalid = await ec2Error(ssm.send(new GetParameterCommand({ Name: '' })));
    expect(invalid).toMatchObject({ name: 'ValidationException', status: 400 });
  });

  it('GetParameters: found ones under Parameters, unknown ones under InvalidParameters; more than 10 names is refused', async () => {
    const ubuntu = '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id';
    const out = await ssm.send(new GetParametersCommand({ Names: [AL2023, ubuntu, '/no/such/parameter'] }));
    expect(out.Parameters!.map((p) => [p.Name, p.Value])).toEqual([
      [AL2023, 'ami-0a2f7c3e9d14b5601'],
      [ubuntu, 'ami-0d5b8e1f4a27c9602'],
    ]);
    expect(out.InvalidParameters).toEqual(['/no/such/parameter']);

    const tooMany = await ec2Error(ssm.send(new GetParametersCommand({ Names: Array.from({ length: 11 }, (_, i) => `/p/${i}`) })));
    expect(tooMany).toMatchObject({ name: 'ValidationException', status: 400 });
  });

  it('GetParametersByPath pages through a hierarchy; recursive reaches nested names', async () => {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await ssm.send(new GetParametersByPathCommand({ Path: '/aws/service/ami-amazon-linux-latest', MaxResults: 1, NextToken: token }));
      names.push(...page.Parameters!.map((p) => p.Name!));
      token = page.NextToken;
    } while (token);
    // Amazon Linux 2 and the arm64 builds joined the catalogue (issue 15).
    expect(names).toEqual([
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64',
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64',
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
      AL2023,
      '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-arm64-gp2',
      '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2',
      '/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-arm64-gp2',
      '/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2',
    ]);

    // Not recursive: the Ubuntu parameters sit deeper than /aws/service/canonical's children.
    expect((await ssm.send(new GetParametersByPathCommand({ Path: '/aws/service/canonical' }))).Parameters).toEqual([]);
    const deep = await ssm.send(new GetParametersByPathCommand({ Path: '/aws/service/canonical', Recursive: true }));
    expect(deep.Parameters!.map((p) => p.Value)).toEqual(['ami-0d5b8e1f4a27c9602', 'ami-0d5b8e1f4a27c9602']);
  });

  it('other SSM operations are unknown here; an unknown key or a wrong signature is refused before anything', async () => {
    const put = await ec2Error(ssm.send(new PutParameterCommand({ Name: '/mine', Value: 'x', Type: 'String' })));
    expect(put).toMatchObject({ name: 'UnknownOperationException', status: 400 });
    const stranger = new SSMClient({
      endpoint: ec2Endpoint(),
      region: 'us-east-1',
      credentials: { accessKeyId: 'LTAInosuchkey0000000000', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    expect(await ec2Error(stranger.send(new GetParameterCommand({ Name: AL2023 })))).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
    // The right key with a wrong secret: the signature does not match.
    const asEc2 = new SSMClient({
      endpoint: ec2Endpoint(),
      region: 'us-east-1',
      credentials: { accessKeyId: a.accessKeyId, secretAccessKey: 'wrong-secret' },
      maxAttempts: 1,
    });
    expect(await ec2Error(asEc2.send(new GetParameterCommand({ Name: AL2023 })))).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
  });

  it('unsigned or malformed SSM requests get a JSON client error, never a 5xx', async () => {
    for (const body of ['{"Name":', '[]', '']) {
      const res = await fetch(ec2Endpoint(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
        body,
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
      const answer = (await res.json()) as { __type?: string };
      expect(answer.__type).toMatch(/^[A-Za-z]+$/);
    }
  });

  it('a signed request whose body is not a JSON object is a SerializationException; an unknown MaxResults or token a client error', async () => {
    // The official client, its body replaced after serialization and before signing.
    const broken = new SSMClient({
      endpoint: ec2Endpoint(),
      region: 'us-east-1',
      credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.accessKeySecret },
      maxAttempts: 1,
    });
    broken.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body?: string; headers: Record<string, string> };
        request.body = '{"Name":';
        request.headers['content-length'] = String(request.body.length);
        return next(args);
      },
      { step: 'build', priority: 'low' },
    );
    expect(await ec2Error(broken.send(new GetParameterCommand({ Name: AL2023 })))).toMatchObject({ name: 'SerializationException', status: 400 });
    expect(await ec2Error(ssm.send(new GetParametersByPathCommand({ Path: '/aws/service', MaxResults: 11 })))).toMatchObject({
      name: 'ValidationException',
      status: 400,
    });
    expect(await ec2Error(ssm.send(new GetParametersByPathCommand({ Path: '/aws/service', NextToken: 'not-a-token' })))).toMatchObject({
      name: 'InvalidNextToken',
      status: 400,
    });
  });
});
