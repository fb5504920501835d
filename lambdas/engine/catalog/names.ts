/**
 * The names of the exported types, in catalog order, as a union the compiler checks: a reference rule,
 * a dependency mapping or an entry naming a type that does not exist fails to compile.
 */
export const TYPE_NAMES = [
  'authorization:division',
  'authorization:role',
  'routing:skill',
  'routing:language',
  'organization:wrapupcode',
  'organization:location',
  'admin:group',
  'admin:team',
  'admin:user',
  'architect:schedule',
  'architect:schedulegroup',
  'architect:userprompt',
  'integration:action',
  'telephony:trunkbasesettings',
  'telephony:trunk',
  'routing:queue',
  'routing:flow',
  'routing:utilizationlabel',
  'routing:skillgroup',
  'routing:smsaddress',
  'responsemanagement:library',
  'architect:datatable',
  'architect:flowmilestone',
  'architect:flowoutcome',
  'architect:ivr',
  'architect:emergencygroup',
  'presence:definition',
  'routing:utilization',
  'routing:settings',
  'routing:emaildomain',
  'routing:emailroute',
  'responsemanagement:response',
  'authorization:rolegrant',
  'script:script',
  'quality:evaluationform',
  'integration:credential',
  'integration:integration',
  'webdeployments:configuration',
  'webdeployments:deployment',
  'outbound:settings',
  'outbound:wrapupcodemappings',
  'outbound:contactlist',
  'outbound:dnclist',
  'outbound:callabletimeset',
  'outbound:callanalysisresponseset',
  'outbound:ruleset',
  'outbound:campaign',
  'outbound:sequence',
  'telephony:edgegroup',
  'telephony:site',
  'telephony:didpool',
  'telephony:extensionpool',
  'telephony:phonebasesettings',
  'telephony:phone',
  'outbound:attemptlimit',
  'outbound:contactlistfilter',
] as const;

export type TypeName = (typeof TYPE_NAMES)[number];

/**
 * Types referenced on purpose that cx-export does not export: such references are reported, by this
 * name, as references the snapshot cannot resolve. (Integrations were one until they were exported;
 * other unexported types come from dependency tracking and subject types, by their own names.)
 */
export const NOT_EXPORTED_TYPE_NAMES = [
  // A contact list filter made from a contact list template (templates are not exported).
  'outbound:contactlisttemplate',
] as const;

export type NotExportedTypeName = (typeof NOT_EXPORTED_TYPE_NAMES)[number];
