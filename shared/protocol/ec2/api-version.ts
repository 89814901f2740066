/**
 * The EC2 API version the sandbox speaks: the one its model (model.generated.ts) describes and every
 * SDK sends as `Version` (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html).
 * A constant of its own so the front door checks a request's Version without loading the model
 * (docs/packaging.md, "Front doors"); tests/unit/ec2-protocol.test.ts holds it equal to the model's.
 */
export const EC2_API_VERSION = '2016-11-15';
