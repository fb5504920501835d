/** The CDK app: `npx cdk synth` / `npx cdk deploy`. Settings come from cdk.json context (README: Deploying). */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_STACK_NAME } from '../lambdas/engine/defaults.ts';
import { ContextError, stackPropsFromContext } from '../lib/app-context.ts';
import { CxExportStack } from '../lib/cx-export-stack.ts';

const app = new App();
const ctx = (key: string) => app.node.tryGetContext(key);
try {
  const props = stackPropsFromContext(ctx);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  new CxExportStack(app, ctx('stackName') ?? DEFAULT_STACK_NAME, props);
  app.synth();
} catch (err) {
  // A setting to fix: one line, no stack trace.
  if (!(err instanceof ContextError)) throw err;
  process.stderr.write(`cx-export: ${err.message}\n`);
  process.exitCode = 1;
}
