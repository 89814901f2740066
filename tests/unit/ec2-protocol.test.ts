import { describe, expect, it } from 'vitest';
import { decodeQueryString } from '../../shared/protocol/ecs/wire-params';
import { Ec2Errors, toEc2Error } from '../../shared/protocol/ec2/adapter';
import { escapeXml, readInput, writeError, writeOutput } from '../../shared/protocol/ec2/codec';
import { resolveEc2Action, supportedEc2Actions } from '../../shared/protocol/ec2/dispatch';
import { canonicalRequest, checkSigV4Time, readSigV4, sha256Hex, signingKey, signSigV4, verifySigV4, type SigV4Request } from '../../shared/protocol/ec2/sigv4';
import { applyFilters, pageOf } from '../../shared/protocol/ec2/views';
import { createHmac } from 'node:crypto';
import { ApiError } from '../../shared/domain/errors';
import { thrownApiError } from '../support/api-error';

/**
 * The EC2 Query wire layer without I/O: the model-driven codec (flattening rules and XML, ec2-api.md
 * §1.2, §3), SigV4 (§2, with the AWS documentation's published example), errors, filters, paging.
 */
const apiError = thrownApiError;

describe('reading EC2 Query parameters from the model', () => {
  it('reads the captured CLI body of describe-images (ec2-api.md §1.2) under the SDK member names', () => {
    const body =
      'Action=DescribeImages&Version=2016-11-15&ExecutableBy.1=self&ImageId.1=ami-12345678&Owner.1=self&Owner.2=amazon' +
      '&IncludeDeprecated=true&IncludeDisabled=true&Filter.1.Name=name&Filter.1.Value.1=foo%2A&Filter.1.Value.2=bar' +
      '&Filter.2.Name=state&Filter.2.Value.1=available&MaxResults=10';
    const { Action: _a, Version: _v, ...flat } = decodeQueryString(body);
    expect(readInput('DescribeImages', flat)).toEqual({
      ExecutableUsers: ['self'],
      ImageIds: ['ami-12345678'],
      Owners: ['self', 'amazon'],
      IncludeDeprecated: true,
      IncludeDisabled: true,
      MaxResults: 10,
      Filters: [
        { Name: 'name', Values: ['foo*', 'bar'] },
        { Name: 'state', Values: ['available'] },
      ],
    });
  });

  it('reads nested lists and structures of run-instances, and orders list items by index', () => {
    const flat = decodeQueryString(
      'ImageId=ami-1&InstanceType=t3.micro&MinCount=2&MaxCount=2&SecurityGroupId.2=sg-2&SecurityGroupId.1=sg-1' +
        '&TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=web' +
        '&NetworkInterface.1.DeviceIndex=0&NetworkInterface.1.AssociatePublicIpAddress=true&NetworkInterface.1.SubnetId=subnet-1' +
        '&BlockDeviceMapping.1.DeviceName=%2Fdev%2Fsdh&BlockDeviceMapping.1.Ebs.VolumeSize=100&DisableApiTermination=true',
    );
    expect(readInput('RunInstances', flat)).toMatchObject({
      ImageId: 'ami-1',
      MinCount: 2,
      MaxCount: 2,
      SecurityGroupIds: ['sg-1', 'sg-2'],
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] }],
      NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true, SubnetId: 'subnet-1' }],
      BlockDeviceMappings: [{ DeviceName: '/dev/sdh', Ebs: { VolumeSize: 100 } }],
      DisableApiTermination: true,
    });
  });

  it('maps wire names that differ from member names (GroupDescription, IpPermissions.N.Groups, LaunchPermission.Add.N)', () => {
    expect(readInput('CreateSecurityGroup', { GroupName: 'web', GroupDescription: 'web sg' })).toEqual({ GroupName: 'web', Description: 'web sg' });
    expect(
      readInput('AuthorizeSecurityGroupIngress', {
        GroupId: 'sg-1',
        'IpPermissions.1.IpProtocol': 'tcp',
        'IpPermissions.1.FromPort': '22',
        'IpPermissions.1.ToPort': '22',
        'IpPermissions.1.IpRanges.1.CidrIp': '0.0.0.0/0',
        'IpPermissions.1.Groups.1.GroupId': 'sg-2',
      }),
    ).toEqual({
      GroupId: 'sg-1',
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }], UserIdGroupPairs: [{ GroupId: 'sg-2' }] }],
    });
    expect(
      readInput('ModifyImageAttribute', { ImageId: 'ami-1', 'LaunchPermission.Add.1.Group': 'all', 'LaunchPermission.Remove.1.UserId': '123456789012' }),
    ).toEqual({
      ImageId: 'ami-1',
      LaunchPermission: { Add: [{ Group: 'all' }], Remove: [{ UserId: '123456789012' }] },
    });
  });

  it('answers MissingParameter for a required member and InvalidParameterValue for a value of the wrong type', () => {
    expect(apiError(() => readInput('DisableImage', {}))).toMatchObject({
      code: 'MissingParameter',
      status: 400,
      message: 'The request must contain the parameter ImageId',
    });
    expect(apiError(() => readInput('CreateSecurityGroup', { GroupName: 'x' })).message).toBe('The request must contain the parameter GroupDescription');
    expect(apiError(() => readInput('DescribeImages', { MaxResults: 'ten' }))).toMatchObject({ code: 'InvalidParameterValue', status: 400 });
    expect(apiError(() => readInput('DescribeImages', { IncludeDisabled: 'yes' })).code).toBe('InvalidParameterValue');
    // Timestamps: ISO 8601 or epoch seconds; a number beyond Date's range is refused, not a 500 later.
    expect(readInput('EnableImageDeprecation', { ImageId: 'ami-1', DeprecateAt: '2030-01-02T03:04:05Z' })).toEqual({
      ImageId: 'ami-1',
      DeprecateAt: new Date('2030-01-02T03:04:05Z'),
    });
    expect(readInput('EnableImageDeprecation', { ImageId: 'ami-1', DeprecateAt: '1893553445' }).DeprecateAt).toEqual(new Date('2030-01-02T03:04:05Z'));
    expect(apiError(() => readInput('EnableImageDeprecation', { ImageId: 'ami-1', DeprecateAt: '99999999999999999' })).code).toBe('InvalidParameterValue');
    expect(apiError(() => readInput('EnableImageDeprecation', { ImageId: 'ami-1', DeprecateAt: 'soon' })).code).toBe('InvalidParameterValue');
  });

  it('ignores parameters the model does not know (newer clients add optional ones)', () => {
    expect(readInput('DisableImage', { ImageId: 'ami-1', SomethingNew: 'x' })).toEqual({ ImageId: 'ami-1' });
  });
});

describe('writing EC2 XML', () => {
  it('writes the model element names, <item> lists and an empty wrapper for an empty result list', () => {
    const empty = writeOutput('DescribeImages', 'req-1', { Images: [] });
    expect(empty).toContain('<DescribeImagesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId>');
    expect(empty).toContain('<imagesSet/>');
    expect(empty).not.toContain('nextToken');
    const one = writeOutput('DescribeImages', 'r', {
      Images: [{ ImageId: 'ami-1', State: 'available', OwnerId: '123', Public: false, Tags: [{ Key: 'a', Value: 'b&c' }] }],
      NextToken: 'tok',
    });
    expect(one).toContain('<imagesSet><item>');
    expect(one).toContain('<imageId>ami-1</imageId>');
    expect(one).toContain('<imageState>available</imageState>');
    expect(one).toContain('<imageOwnerId>123</imageOwnerId>');
    expect(one).toContain('<isPublic>false</isPublic>');
    expect(one).toContain('<tagSet><item><key>a</key><value>b&amp;c</value></item></tagSet>');
    expect(one).toContain('<nextToken>tok</nextToken>');
  });

  it('writes instances with their state, timestamps with milliseconds, and reservations', () => {
    const xml = writeOutput('DescribeInstances', 'r', {
      Reservations: [
        {
          ReservationId: 'r-1',
          OwnerId: '1',
          Groups: [],
          Instances: [{ InstanceId: 'i-1', State: { Code: 16, Name: 'running' }, LaunchTime: new Date('2024-01-01T00:00:00Z') }],
        },
      ],
    });
    expect(xml).toContain(
      '<reservationSet><item><reservationId>r-1</reservationId><ownerId>1</ownerId><groupSet/><instancesSet><item><instanceId>i-1</instanceId>',
    );
    expect(xml).toContain('<instanceState><code>16</code><name>running</name></instanceState>');
    expect(xml).toContain('<launchTime>2024-01-01T00:00:00.000Z</launchTime>');
  });

  it('escapes the five XML characters and drops what XML cannot carry, leaving plain text as it is', () => {
    expect(escapeXml('plain-text_1.2 /dev/xvda')).toBe('plain-text_1.2 /dev/xvda');
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    expect(escapeXml('x\u0001y\u000bz\uffff\t\n')).toBe('xyz\t\n');
  });

  it('writes every item of a page with its own values, the same way each time (member lists resolved once per shape)', () => {
    const page = (names: string[]) => ({
      Reservations: [
        {
          ReservationId: 'r-1',
          OwnerId: '1',
          Instances: names.map((n, i) => ({ InstanceId: `i-${i}`, Tags: [{ Key: 'Name', Value: n }], SecurityGroups: [] })),
        },
      ],
    });
    const first = writeOutput('DescribeInstances', 'r', page(['a', 'b&c']));
    expect(writeOutput('DescribeInstances', 'r', page(['a', 'b&c']))).toBe(first);
    expect(first).toContain('<item><groupSet/><tagSet><item><key>Name</key><value>a</value></item></tagSet><instanceId>i-0</instanceId></item>');
    expect(first).toContain('<item><groupSet/><tagSet><item><key>Name</key><value>b&amp;c</value></item></tagSet><instanceId>i-1</instanceId></item>');
    expect(writeOutput('DescribeInstances', 'r', page(['z']))).not.toContain('b&amp;c');
  });

  it('answers `<return>true</return>` for operations without an output shape, and the EC2 error document', () => {
    expect(writeOutput('RebootInstances', 'r', undefined)).toContain('<return>true</return>');
    expect(writeError('InvalidAMIID.NotFound', "The image id '[ami-x]' does not exist", 'rid')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidAMIID.NotFound</Code><Message>The image id &apos;[ami-x]&apos; does not exist</Message></Error></Errors><RequestID>rid</RequestID></Response>',
    );
  });
});

describe('SigV4', () => {
  // The AWS documentation's signing example (IAM ListUsers, 2015-08-30), with its published results.
  const EXAMPLE_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
  it('reproduces the published example signature', () => {
    const req: SigV4Request = {
      method: 'GET',
      path: '/',
      rawQuery: 'Action=ListUsers&Version=2010-05-08',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', host: 'iam.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
      rawBody: '',
    };
    const canonical = canonicalRequest(req, ['content-type', 'host', 'x-amz-date'], sha256Hex(''));
    expect(sha256Hex(canonical)).toBe('f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59');
    const sts = `AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n${sha256Hex(canonical)}`;
    const sig = createHmac('sha256', signingKey(EXAMPLE_SECRET, '20150830', 'us-east-1', 'iam'))
      .update(sts)
      .digest('hex');
    expect(sig).toBe('5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
  });

  const base = (): SigV4Request => ({
    method: 'POST',
    path: '/ec2',
    rawQuery: '',
    headers: { host: '127.0.0.1:3000', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'x-amz-date': '20260101T000000Z' },
    rawBody: 'Action=DescribeRegions&Version=2016-11-15',
  });
  const sign = (req: SigV4Request, path = req.path) => {
    req.headers.authorization = signSigV4({ ...req, path }, { accessKeyId: 'AK', secret: 'SECRET' }, 'cn-hangzhou', '20260101T000000Z', [
      'content-type',
      'host',
      'x-amz-date',
    ]);
    return req;
  };

  it('verifies a signed request, and the JS SDK form signed for `/ec2/` when the router removed the slash', () => {
    const req = sign(base());
    expect(() => verifySigV4(req, readSigV4(req), 'SECRET')).not.toThrow();
    const slashed = sign(base(), '/ec2/');
    expect(() => verifySigV4(slashed, readSigV4(slashed), 'SECRET')).not.toThrow();
  });

  it('refuses a wrong secret, a changed body and a body that does not match x-amz-content-sha256 (403 SignatureDoesNotMatch)', () => {
    const req = sign(base());
    expect(apiError(() => verifySigV4(req, readSigV4(req), 'OTHER'))).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    const changed = { ...req, rawBody: `${req.rawBody}&X=1` };
    expect(apiError(() => verifySigV4(changed, readSigV4(changed), 'SECRET')).code).toBe('SignatureDoesNotMatch');
    const hashed = sign({ ...base(), headers: { ...base().headers, 'x-amz-content-sha256': sha256Hex('other') } });
    expect(apiError(() => verifySigV4(hashed, readSigV4(hashed), 'SECRET')).code).toBe('SignatureDoesNotMatch');
  });

  it('reports a missing or malformed Authorization, and a request outside the 15-minute window (RequestExpired)', () => {
    expect(apiError(() => readSigV4(base()))).toMatchObject({ code: 'MissingAuthenticationToken', status: 401 });
    expect(
      apiError(() => readSigV4({ ...base(), headers: { ...base().headers, authorization: 'AWS4-HMAC-SHA256 Credential=AK/20260101/x/ec2/aws4_request' } }))
        .code,
    ).toBe('IncompleteSignature');
    const auth = readSigV4(sign(base()));
    expect(() => checkSigV4Time(auth, Date.parse('2026-01-01T00:14:00Z'))).not.toThrow();
    expect(apiError(() => checkSigV4Time(auth, Date.parse('2026-01-01T00:16:00Z')))).toMatchObject({
      code: 'RequestExpired',
      status: 400,
      message: 'Request has expired.',
    });
  });
});

describe('EC2 errors, filters and paging', () => {
  it('renders DryRun as 412, policy denials as UnauthorizedOperation 403 and other ECS client errors as 400', () => {
    expect(toEc2Error(new ApiError('DryRunOperation', 400, 'x'))).toMatchObject({
      code: 'DryRunOperation',
      status: 412,
      message: 'Request would have succeeded, but DryRun flag is set.',
    });
    expect(toEc2Error(new ApiError('Forbidden.RAM', 403, 'x'))).toMatchObject({
      code: 'UnauthorizedOperation',
      status: 403,
      message: 'You are not authorized to perform this operation.',
    });
    expect(toEc2Error(new ApiError('IncorrectInstanceStatus', 403, 'x'))).toMatchObject({ code: 'IncorrectInstanceStatus', status: 400 });
    expect(toEc2Error(new Error('bug'))).toMatchObject({ code: 'InternalError', status: 500 });
    expect(Ec2Errors.dryRun().status).toBe(412);
  });

  it('answers InvalidAction for an unknown action and resolves every EC2 action it serves', () => {
    expect(apiError(() => resolveEc2Action('FlyToTheMoon'))).toMatchObject({
      code: 'InvalidAction',
      status: 400,
      message: 'The action FlyToTheMoon is not valid for this web service.',
    });
    // Every operation of the model's slice is served now (the last were the image deprecation pair).
    expect(resolveEc2Action('EnableImageDeprecation').uses).toEqual(['ModifyImageAttribute']);
    expect(supportedEc2Actions()).toEqual(
      expect.arrayContaining([
        'RunInstances',
        'DescribeImages',
        'TerminateInstances',
        'CreateSecurityGroup',
        'EnableImageDeprecation',
        'DisableImageDeprecation',
      ]),
    );
  });

  it('filters with wildcards and tags, and pages with a token that changes and is absent on the last page', () => {
    const items = ['a1', 'a2', 'b1', 'b2', 'b3'].map((id) => ({ Id: id, Tags: [{ Key: 'env', Value: id.startsWith('a') ? 'prod' : 'dev' }] }));
    expect(applyFilters(items, [{ Name: 'id', Values: ['b*'] }], { id: (i) => i.Id }).map((i) => i.Id)).toEqual(['b1', 'b2', 'b3']);
    expect(applyFilters(items, [{ Name: 'tag:env', Values: ['prod'] }], {}).map((i) => i.Id)).toEqual(['a1', 'a2']);
    expect(apiError(() => applyFilters(items, [{ Name: 'nope', Values: ['x'] }], {})).code).toBe('InvalidParameterValue');
    const p1 = pageOf(items, (i) => i.Id, 'k', 2, undefined);
    const p2 = pageOf(items, (i) => i.Id, 'k', 2, p1.nextToken);
    const p3 = pageOf(items, (i) => i.Id, 'k', 2, p2.nextToken);
    expect([p1, p2, p3].map((p) => p.page.map((i) => i.Id))).toEqual([['a1', 'a2'], ['b1', 'b2'], ['b3']]);
    expect(p1.nextToken).not.toBe(p2.nextToken);
    expect(p3.nextToken).toBeUndefined();
    expect(apiError(() => pageOf(items, (i) => i.Id, 'k', 2, 'garbage')).code).toBe('InvalidNextToken');
  });
});
