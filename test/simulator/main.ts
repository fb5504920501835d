/**
 * Runs the simulator by hand:
 * `npm run simulator -- --size small [--rate 300] [--inactive-users 10300] [--export-naming nameAndId]`.
 */
import { parseArgs } from 'node:util';
import type { ExportFileNaming } from './routes.ts';
import { DEFAULT_CLIENT, GenesysSimulator, ORG_SIZES } from './server.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '1' },
    rate: { type: 'string', default: '300' },
    'inactive-users': { type: 'string', default: '0' },
    'export-naming': { type: 'string', default: 'fileNameYaml' },
  },
});
const NAMINGS: readonly ExportFileNaming[] = [
  'fileNameYaml',
  'fileName',
  'nameAndId',
  'containsId',
  'flowName',
  'opaque',
];
const naming = values['export-naming'] as ExportFileNaming;
if (!NAMINGS.includes(naming)) {
  console.error(`--export-naming must be one of ${NAMINGS.join(', ')}, got '${naming}'`);
  process.exit(2);
}
if (values.size !== 'small' && values.size !== 'large') {
  console.error(`--size must be small or large, got '${values.size}'`);
  process.exit(2);
}
const inactiveUsers = Number(values['inactive-users']);
const sim = new GenesysSimulator({
  size: inactiveUsers > 0 ? { ...ORG_SIZES[values.size], inactiveUsers } : values.size,
  exportFileNaming: naming,
  seed: Number(values.seed),
  rateLimitPerMinute: Number(values.rate),
});
const url = await sim.start();
console.log(`Genesys Cloud simulator (${values.size} org ${sim.org.organization.id}) listening on ${url}`);
console.log(`  GENESYS_CLOUD_BASE_URL=${url}`);
console.log(`  GENESYS_CLOUD_OAUTH_CLIENT_ID=${DEFAULT_CLIENT.clientId}`);
console.log('  GENESYS_CLOUD_OAUTH_CLIENT_SECRET=<the simulator demo secret, see test/simulator/server.ts>');
console.log('Press Ctrl-C to stop.');
const stop = () => void sim.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
