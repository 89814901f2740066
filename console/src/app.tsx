import { call } from './api';
import { usePoll } from './live';
import { AccountPicker } from './pages/account-picker';
import { ApiPage } from './pages/api-explorer';
import { BillingPage } from './pages/billing';
import { ClockPanel } from './pages/clock';
import { DisksPage } from './pages/disks';
import { EventsPage } from './pages/events';
import { InstancePage } from './pages/instance';
import { InstancesPage } from './pages/instances';
import { MorePages } from './pages/more';
import { SignIn } from './pages/sign-in';
import { useRoute } from './router';
import { signOut } from './session';
import { region, useRegion, useSession } from './session-hooks';

/** The shell: header (region, account, sign out), navigation, the page, the clock panel. */
const NAV: [string, string][] = [
  ['instances', 'Instances'],
  ['disks', 'Disks & snapshots'],
  ['images', 'Images'],
  ['security-groups', 'Security groups'],
  ['key-pairs', 'Key pairs'],
  ['eips', 'EIPs'],
  ['vpcs', 'VPCs & vSwitches'],
  ['webhooks', 'Webhooks'],
  ['billing', 'Billing'],
  ['events', 'Events'],
  ['api', 'API'],
];

export function App() {
  const s = useSession();
  const route = useRoute();
  if (!s.operator && !s.accounts[s.accountId]) return <SignIn />;
  const page = route[0] ?? 'instances';
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <strong class="brand">compute-sandbox</strong>
        <RegionPicker />
        {s.operator ? (
          <AccountPicker />
        ) : (
          <span class="who" data-testid="account">
            {s.accountId}
          </span>
        )}
        <button type="button" class="ghost" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav aria-label="Resources">
        <ul>
          {NAV.map(([path, label]) => (
            <li>
              <a href={`#/${path}`} aria-current={page === path ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {s.accounts[s.accountId] ? <Page route={route} /> : <p>Choose an account above.</p>}
      </main>
      <aside>
        <ClockPanel />
      </aside>
    </div>
  );
}

function Page({ route }: { route: string[] }) {
  const [page = 'instances', id] = route;
  switch (page) {
    case 'instances':
      return id ? <InstancePage id={id} /> : <InstancesPage />;
    case 'disks':
      return <DisksPage />;
    case 'billing':
      return <BillingPage />;
    case 'events':
      return <EventsPage />;
    case 'api':
      return <ApiPage action={id} />;
    default:
      return <MorePages page={page} />;
  }
}

function RegionPicker() {
  const current = useRegion();
  const s = useSession();
  const regions = usePoll(() => call<{ Regions: { Region: { RegionId: string; LocalName: string }[] } }>('DescribeRegions'), [s.accountId]);
  const list = regions.data?.Regions.Region ?? [{ RegionId: current, LocalName: current }];
  return (
    <label class="region">
      <span class="sr-only">Region</span>
      <select aria-label="Region" value={current} onChange={(e) => region.set(e.currentTarget.value)}>
        {list.map((r) => (
          <option value={r.RegionId}>{r.RegionId}</option>
        ))}
      </select>
    </label>
  );
}
