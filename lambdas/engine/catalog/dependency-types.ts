/**
 * Architect dependency tracking's object types, mapped to catalog types: the consumed resources of a flow
 * name their type this way.
 */
import type { TypeName } from './names.ts';
import type { Entity } from './types.ts';

/**
 * Dependency-tracking object types (the SDK's `DependencyObject.type` / `objectType` enum,
 * platform-client-sdk docs `ArchitectApi.md`, getArchitectDependencytracking) -> catalog types; every
 * `...FLOW` type and `WORKFLOW` is a flow. Other types are not exported by cx-export and are reported as
 * unresolved references by their own name.
 * `LANGUAGE` is Architect's language object, not a routing language (that is `ACDLANGUAGE`).
 */
export const DEPENDENCY_TYPES: Readonly<Record<string, TypeName>> = {
  QUEUE: 'routing:queue',
  ACDSKILL: 'routing:skill',
  ACDLANGUAGE: 'routing:language',
  ACDWRAPUPCODE: 'organization:wrapupcode',
  DATAACTION: 'integration:action',
  USERPROMPT: 'architect:userprompt',
  SCHEDULE: 'architect:schedule',
  SCHEDULEGROUP: 'architect:schedulegroup',
  USER: 'admin:user',
  GROUP: 'admin:group',
  DIVISION: 'authorization:division',
  DATATABLE: 'architect:datatable',
  FLOWMILESTONE: 'architect:flowmilestone',
  FLOWOUTCOME: 'architect:flowoutcome',
  IVRCONFIGURATION: 'architect:ivr',
  EMERGENCYGROUP: 'architect:emergencygroup',
  UTILIZATIONLABEL: 'routing:utilizationlabel',
  COMPOSERSCRIPT: 'script:script',
  CONTACTLIST: 'outbound:contactlist',
};

/**
 * The flow object types of dependency tracking (same SDK enum). A flow type without one (SPEECH) has no
 * consumed resources to read; an unknown `...FLOW` dependency is still taken for a flow.
 */
const FLOW_OBJECT_TYPES: ReadonlySet<string> = new Set([
  'BOTFLOW',
  'COMMONMODULEFLOW',
  'DIGITALBOTFLOW',
  'EMAILSENDFLOW',
  'INBOUNDCALLFLOW',
  'INBOUNDCHATFLOW',
  'INBOUNDEMAILFLOW',
  'INBOUNDSHORTMESSAGEFLOW',
  'INQUEUECALLFLOW',
  'INQUEUEEMAILFLOW',
  'INQUEUESHORTMESSAGEFLOW',
  'OUTBOUNDCALLFLOW',
  'SECURECALLFLOW',
  'SURVEYINVITEFLOW',
  'VOICEFLOW',
  'VOICEMAILFLOW',
  'VOICESURVEYFLOW',
  'WORKFLOW',
  'WORKITEMFLOW',
]);
const isFlowObjectType = (t: string) => FLOW_OBJECT_TYPES.has(t) || t.endsWith('FLOW');

/** A dependency's catalog type, or its own upper-case name when cx-export does not export that type. */
export function dependencyType(d: Entity): string | undefined {
  const raw = typeof d.type === 'string' ? d.type.toUpperCase() : undefined;
  if (!raw) return undefined;
  return DEPENDENCY_TYPES[raw] ?? (isFlowObjectType(raw) ? 'routing:flow' : raw);
}

/**
 * Flow `type` (upper case in bodies, compared case-insensitively) -> the dependency-tracking `objectType`
 * of its versions: `<TYPE>FLOW`, except workflows (`WORKFLOW`).
 */
export function flowObjectType(flowType: unknown): string | undefined {
  if (typeof flowType !== 'string' || !flowType) return undefined;
  const t = flowType.toUpperCase();
  const objectType = t === 'WORKFLOW' ? t : `${t}FLOW`;
  return FLOW_OBJECT_TYPES.has(objectType) ? objectType : undefined;
}
