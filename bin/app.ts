/** The CDK app: `npx cdk synth` / `npx cdk deploy`. Settings come from cdk.json context (README: Deploying). */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_STACK_NAME } from '../lambdas/engine/defaults.ts';
import { CxExportStack, type CxExportStackProps } from '../lib/cx-export-stack.ts';

const app = new App();
const ctx = (key: string) => app.node.tryGetContext(key);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
new CxExportStack(app, ctx('stackName') ?? DEFAULT_STACK_NAME, {
  exportOptions: ctx('exportOptions') ?? { organizationId: '' },
  schedule: ctx('schedule'),
  mapConcurrency: ctx('mapConcurrency'),
  git: ctx('git'),
  objectLockRetentionDays: ctx('objectLockRetentionDays'),
  alarmEmail: ctx('alarmEmail'),
} satisfies CxExportStackProps);
app.synth();
