/** Runs the simulator by hand: `npm run simulator -- --size small [--port 0] [--rate 300]`. */
import { parseArgs } from 'node:util';
import { DEFAULT_CLIENT, GenesysSimulator } from './server.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '1' },
    rate: { type: 'string', default: '300' },
  },
});
if (values.size !== 'small' && values.size !== 'large') {
  console.error(`--size must be small or large, got '${values.size}'`);
  process.exit(2);
}
const sim = new GenesysSimulator({
  size: values.size,
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
