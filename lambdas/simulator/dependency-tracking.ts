/**
 * Architect dependency tracking: the object types the SDK accepts, the dependency type of each flow type,
 * and `GET /api/v2/architect/dependencytracking/consumedresources` over the org's flow dependencies.
 */
import type { Models } from 'purecloud-platform-client-v2';
import { apiError, notFound } from './errors.ts';
import { pageByNumber } from './paging.ts';
import type { Route } from './route.ts';

/** Object types the SDK accepts for dependency tracking (ArchitectApi.md, consumedresources `objectType`). */
export const DEPENDENCY_OBJECT_TYPES: ReadonlySet<string> = new Set([
  'ACDLANGUAGE',
  'ACDSKILL',
  'ACDWRAPUPCODE',
  'AGENTICVIRTUALAGENT',
  'AGENTICVIRTUALAGENTVERSION',
  'AUDIOCONNECTORBOT',
  'BOTCONNECTORBOT',
  'BOTCONNECTORINTEGRATION',
  'BOTFLOW',
  'BRIDGEACTION',
  'COMMONMODULEFLOW',
  'COMPOSERSCRIPT',
  'CONTACTLIST',
  'CONVERSATIONCUSTOMATTRIBUTESCHEMA',
  'CONVERSATIONSUMMARYSETTING',
  'CUSTOMERSEGMENT',
  'DATAACTION',
  'DATATABLE',
  'DECISIONTABLE',
  'DIALOGENGINEBOT',
  'DIALOGENGINEBOTVERSION',
  'DIALOGFLOWAGENT',
  'DIALOGFLOWCXAGENT',
  'DIGITALAUDIO',
  'DIGITALBOTCONNECTOR',
  'DIGITALBOTCONNECTORINTEGRATION',
  'DIGITALBOTFLOW',
  'DIVISION',
  'EMAILROUTE',
  'EMAILSENDFLOW',
  'EMERGENCYGROUP',
  'FILE',
  'FLOWACTION',
  'FLOWDATATYPE',
  'FLOWMILESTONE',
  'FLOWOUTCOME',
  'GRAMMAR',
  'GROUP',
  'GUIDE',
  'GUIDEVERSION',
  'IMAGE',
  'INBOUNDCALLFLOW',
  'INBOUNDCHATFLOW',
  'INBOUNDEMAILFLOW',
  'INBOUNDSHORTMESSAGEFLOW',
  'INQUEUECALLFLOW',
  'INQUEUEEMAILFLOW',
  'INQUEUESHORTMESSAGEFLOW',
  'IVRCONFIGURATION',
  'KNOWLEDGEBASE',
  'KNOWLEDGEBASEDOCUMENT',
  'KNOWLEDGESETTING',
  'LANGUAGE',
  'LEXBOT',
  'LEXBOTALIAS',
  'LEXV2BOT',
  'LEXV2BOTALIAS',
  'NLUDOMAIN',
  'NUANCEMIXBOT',
  'NUANCEMIXINTEGRATION',
  'OAUTHCLIENT',
  'OUTBOUNDCALLFLOW',
  'QUEUE',
  'RECORDINGPOLICY',
  'RESPONSE',
  'RESPONSEASSET',
  'SCHEDULE',
  'SCHEDULEGROUP',
  'SECUREACTION',
  'SECURECALLFLOW',
  'SMSPHONENUMBER',
  'STTENGINE',
  'SURVEYFORM',
  'SURVEYINVITEFLOW',
  'SYSTEMPROMPT',
  'TTSENGINE',
  'TTSVOICE',
  'USER',
  'USERPROMPT',
  'UTILIZATIONLABEL',
  'VIDEO',
  'VOICEFLOW',
  'VOICEMAILFLOW',
  'VOICESURVEYFLOW',
  'WIDGET',
  'WORKFLOW',
  'WORKITEMFLOW',
  'WORKTYPE',
]);

/**
 * Dependency-tracking object type of a flow of each type: `<TYPE>FLOW`, except WORKFLOW (the enum has no
 * WORKFLOWFLOW). SPEECH has no entry: the SDK's dependency type enum has no SPEECHFLOW.
 */
export const FLOW_DEPENDENCY_TYPE: Readonly<Record<string, string>> = {
  BOT: 'BOTFLOW',
  COMMONMODULE: 'COMMONMODULEFLOW',
  DIGITALBOT: 'DIGITALBOTFLOW',
  EMAILSEND: 'EMAILSENDFLOW',
  INBOUNDCALL: 'INBOUNDCALLFLOW',
  INBOUNDCHAT: 'INBOUNDCHATFLOW',
  INBOUNDEMAIL: 'INBOUNDEMAILFLOW',
  INBOUNDSHORTMESSAGE: 'INBOUNDSHORTMESSAGEFLOW',
  OUTBOUNDCALL: 'OUTBOUNDCALLFLOW',
  INQUEUECALL: 'INQUEUECALLFLOW',
  INQUEUEEMAIL: 'INQUEUEEMAILFLOW',
  INQUEUESHORTMESSAGE: 'INQUEUESHORTMESSAGEFLOW',
  SECURECALL: 'SECURECALLFLOW',
  SURVEYINVITE: 'SURVEYINVITEFLOW',
  VOICE: 'VOICEFLOW',
  VOICEMAIL: 'VOICEMAILFLOW',
  VOICESURVEY: 'VOICESURVEYFLOW',
  WORKFLOW: 'WORKFLOW',
  WORKITEM: 'WORKITEMFLOW',
};

/** A flow's dependency on `e` as dependency tracking lists it. */
export function dependency(e: { id?: string; name?: string }, type: string): Models.Dependency {
  return {
    id: e.id,
    name: e.name,
    type,
    version: '1.0',
    deleted: false,
    updated: false,
    stateUnknown: false,
  };
}

export function dedupeById<T extends { id?: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((x) => {
    if (seen.has(x.id as string)) return false;
    seen.add(x.id as string);
    return true;
  });
}

export function consumedResourcesRoute(): Route {
  return {
    method: 'GET',
    template: '/api/v2/architect/dependencytracking/consumedresources',
    permissions: ['architect:dependencyTracking:view'],
    handle: ({ org, query, path }) => {
      const id = query.get('id');
      const version = query.get('version');
      const objectType = query.get('objectType');
      if (!id || !version || !objectType) {
        return apiError(400, 'bad.request', 'Missing the required parameters id, version and objectType.');
      }
      if (!DEPENDENCY_OBJECT_TYPES.has(objectType))
        return apiError(
          400,
          'bad.request',
          `Value [${objectType}] is not valid for field type [DependencyObjectType]. Allowable values are: ${[...DEPENDENCY_OBJECT_TYPES].join(', ')}`,
        );
      const flow = org.flows.find((f) => f.id === id);
      if (!flow) return notFound(path);
      // The index is keyed by object type: a flow looked up under another type's name has no entry.
      const matches = FLOW_DEPENDENCY_TYPE[flow.type ?? ''] === objectType;
      const types = new Set(query.getAll('resourceType').flatMap((x) => x.split(',')));
      const deps = (matches ? (org.flowDependencies.get(id) ?? []) : []).filter(
        (d) => types.size === 0 || types.has(d.type ?? ''),
      );
      return pageByNumber(deps, path, query, { maxPageSize: 100 });
    },
  };
}
