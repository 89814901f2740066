import { renderEcsImage } from '../../domain/image';
import { accountOf, defineAction } from '../action';
import { pageOf } from '../paging';
import { describeImagesInput } from './matching-images';
import { describeImages as describeImagesOperation } from './operations';

/**
 * DescribeImages (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeimages): the region's public system images and marketplace images,
 * the caller's own custom images (one Query of its partition), the images other accounts share
 * with it (one Query of its share index and one BatchGet; never a Scan) and, with
 * `IsPublic=true`, published community images. Every custom image is shown as it is at the
 * sandbox clock's now. `Status` defaults to Available; `IncludeDisabled=true` (EC2's parameter,
 * the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html)) adds the caller's disabled images, which show Status `UnAvailable`. `Usage` says
 * whether the image backs one of the caller's instances (a counter, not a Scan).
 */
export const describeImages = defineAction({
  name: 'DescribeImages',
  input: describeImagesInput,
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const { matched, context } = await describeImagesOperation.run(input, ctx);
    const page = pageOf(matched, input.PageNumber, input.PageSize);
    return {
      RegionId: input.RegionId,
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      Images: { Image: page.items.map((img) => renderEcsImage(img, accountId, context)) },
    };
  },
});
