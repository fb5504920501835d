/**
 * Messenger (`webdeployments:configuration`, `webdeployments:deployment`): configurations at their
 * published version and deployments serving one of them through an inbound message flow, both listed by
 * cursor (default page 300).
 */
import type { Models } from 'purecloud-platform-client-v2';
import type { Family, FixtureContext } from './family.ts';
import { flowOfType, range, ts } from './fixtures.ts';

const SITES = ['Support', 'Sales', 'Billing', 'Careers'];

export function webDeployments({ counts, org, stream }: FixtureContext): void {
  const r = stream('webdeployments');
  org.webDeploymentConfigurations = range(counts.webDeployments).map(
    (i): Models.WebDeploymentConfigurationVersion => ({
      id: r.uuid(),
      name: `${SITES[i % SITES.length]} Messenger${i < SITES.length ? '' : ` ${Math.floor(i / SITES.length) + 1}`}`,
      version: String(1 + r.int(9)),
      description: '',
      languages: ['en-us'],
      defaultLanguage: 'en-us',
      messenger: { enabled: true, launcherButton: { visibility: 'On' } },
      dateCreated: ts(200 + r.int(100)),
      dateModified: ts(r.int(100)),
      datePublished: ts(r.int(100)),
      status: 'Active',
    }),
  );
  const flow = flowOfType(org, 'INBOUNDSHORTMESSAGE');
  org.webDeployments = org.webDeploymentConfigurations.map((c, i): Models.WebDeployment => {
    const id = r.uuid();
    return {
      id,
      name: `${c.name} deployment`,
      description: '',
      allowAllDomains: false,
      allowedDomains: [`www.${SITES[i % SITES.length]?.toLowerCase()}.example.com`],
      ...(flow ? { flow: { id: flow.id as string, name: flow.name } } : {}),
      status: 'Active',
      configuration: { id: c.id as string, name: c.name, version: c.version as string },
      dateCreated: ts(200 + r.int(100)),
      dateModified: ts(r.int(100)),
    };
  });
}

export const webDeploymentsFamily: Family = {
  name: 'webdeployments:configuration, webdeployments:deployment',
  listings: [
    {
      base: '/api/v2/webdeployments/configurations',
      idParam: 'configurationId',
      collection: 'webDeploymentConfigurations',
      permissions: ['webDeployments:configuration:view'],
      maxPageSize: 'undocumented',
      paging: 'cursor',
      idFilter: false,
      sortBy: 'name',
      single: false,
    },
    {
      base: '/api/v2/webdeployments/deployments',
      idParam: 'deploymentId',
      collection: 'webDeployments',
      permissions: ['webDeployments:deployment:view'],
      maxPageSize: 'undocumented',
      paging: 'cursor',
      idFilter: false,
      sortBy: 'name',
      single: true,
    },
  ],
  fixtures: [webDeployments],
};
