/**
 * Defaults shared by the CLI, the Lambda handlers, the CDK stack and the demo: each is defined once here
 * and imported by every side, so the flag's help text, the handler's fallback and the stack's context
 * cannot drift apart.
 */

/** Branch the snapshot is committed to when none is given. */
export const DEFAULT_BRANCH = 'main';

/** API requests in flight at once, per process (the CLI) or per Lambda (a batch). */
export const DEFAULT_CONCURRENCY = 4;

/** The CloudFormation stack name `cdk deploy` creates and `export start|runs|diff` look up. */
export const DEFAULT_STACK_NAME = 'CxExport';
