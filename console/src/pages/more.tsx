import { ImagesPage } from './images';
import { KeyPairsPage } from './key-pairs';
import { EipsPage, SecurityGroupsPage } from './network';
import { VpcsPage } from './vpcs';
import { WebhooksPage } from './webhooks';

/** The remaining resource pages, by route. */
export function MorePages({ page }: { page: string }) {
  switch (page) {
    case 'images':
      return <ImagesPage />;
    case 'security-groups':
      return <SecurityGroupsPage />;
    case 'key-pairs':
      return <KeyPairsPage />;
    case 'eips':
      return <EipsPage />;
    case 'vpcs':
      return <VpcsPage />;
    case 'webhooks':
      return <WebhooksPage />;
    default:
      return (
        <p>
          No such page. <a href="#/instances">Instances</a>
        </p>
      );
  }
}
