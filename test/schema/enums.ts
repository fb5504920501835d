/**
 * Enum values for string fields of the SDK models. `index.d.ts` types them as plain `string`; the values
 * come from the API description the SDKs are generated from, which reaches us in two places:
 *
 * - MyPureCloud/platform-client-sdk-javascript (the SDK we use; snapshot 259.0.0, commit e09e27aa): its
 *   `build/docs/` holds only the per-API pages (`ArchitectApi.md`, `RoutingApi.md`, ...), whose parameter
 *   tables list the values of query parameters. It has no per-model pages (no `build/docs/Flow.md`).
 * - MyPureCloud/platform-client-sdk-python (snapshot 257.1.0, commit f80f2db2), generated from the same
 *   API description: each model setter in `build/PureCloudPlatformClientV2/models/<model>.py` checks an
 *   `allowed_values = [...]` list. Its `build/docs/<Model>.md` pages no longer list enum values (nor do the
 *   .NET ones); the Java SDK's `build/docs/<Model>.md` did ("## Enum: TypeEnum") in older releases.
 *
 * Each entry names the file and line its values were copied from. The Python snapshot is a few releases
 * older than the SDK in node_modules (262.0.0); enums only grow, so a value missing here may be new:
 * check the newest SDK before "fixing" a response. Applied by ./validate.ts; an entry whose model or
 * property is not a string field in sdk-models.schema.json fails test/schema/schema.test.ts.
 */

export interface EnumSource {
  readonly repo: string;
  readonly version: string;
  readonly commit: string;
  readonly path: string;
  readonly line: number;
  readonly note?: string;
}

export interface EnumEntry {
  readonly model: string;
  readonly property: string;
  readonly values: readonly string[];
  readonly source: EnumSource;
  /** A second place that lists the same values (corroboration, or the same enum in other casing). */
  readonly also?: EnumSource;
}

function py(file: string, line: number, note?: string): EnumSource {
  return {
    repo: 'MyPureCloud/platform-client-sdk-python',
    version: '257.1.0',
    commit: 'f80f2db2c783b8d9500b54a9e7e8077e1fa87367',
    path: `build/PureCloudPlatformClientV2/models/${file}`,
    line,
    ...(note ? { note } : {}),
  };
}

function js(file: string, line: number, note?: string): EnumSource {
  return {
    repo: 'MyPureCloud/platform-client-sdk-javascript',
    version: '259.0.0',
    commit: 'e09e27aa2f5657f4aa76f526bb909e893199d384',
    path: `build/docs/${file}`,
    line,
    ...(note ? { note } : {}),
  };
}

/** Space-separated values, to keep the table small. */
function v(values: string): readonly string[] {
  return values.split(' ');
}

export const ENUMS: readonly EnumEntry[] = [
  {
    model: 'Flow',
    property: 'type',
    values: v(
      'BOT COMMONMODULE DIGITALBOT EMAILSEND INBOUNDCALL INBOUNDCHAT INBOUNDEMAIL INBOUNDSHORTMESSAGE INQUEUECALL INQUEUEEMAIL INQUEUESHORTMESSAGE OUTBOUNDCALL SECURECALL SPEECH SURVEYINVITE VOICE VOICEMAIL VOICESURVEY WORKFLOW WORKITEM',
    ),
    source: py('flow.py', 254),
    also: js('ArchitectApi.md', 4300, 'getFlows type filter, in lower case'),
  },
  {
    model: 'Dependency',
    property: 'type',
    values: v(
      'ACDLANGUAGE ACDSKILL ACDWRAPUPCODE AGENTICVIRTUALAGENT AGENTICVIRTUALAGENTVERSION AUDIOCONNECTORBOT BOTCONNECTORBOT BOTCONNECTORINTEGRATION BOTFLOW BRIDGEACTION COMMONMODULEFLOW COMPOSERSCRIPT CONTACTLIST CONVERSATIONCUSTOMATTRIBUTESCHEMA CONVERSATIONSUMMARYSETTING CUSTOMERSEGMENT DATAACTION DATATABLE DECISIONTABLE DIALOGENGINEBOT DIALOGENGINEBOTVERSION DIALOGFLOWAGENT DIALOGFLOWCXAGENT DIGITALAUDIO DIGITALBOTCONNECTOR DIGITALBOTCONNECTORINTEGRATION DIGITALBOTFLOW DIVISION EMAILROUTE EMAILSENDFLOW EMERGENCYGROUP FILE FLOWACTION FLOWDATATYPE FLOWMILESTONE FLOWOUTCOME GRAMMAR GROUP GUIDE GUIDEVERSION IMAGE INBOUNDCALLFLOW INBOUNDCHATFLOW INBOUNDEMAILFLOW INBOUNDSHORTMESSAGEFLOW INQUEUECALLFLOW INQUEUEEMAILFLOW INQUEUESHORTMESSAGEFLOW IVRCONFIGURATION KNOWLEDGEBASE KNOWLEDGEBASEDOCUMENT KNOWLEDGESETTING LANGUAGE LEXBOT LEXBOTALIAS LEXV2BOT LEXV2BOTALIAS NLUDOMAIN NUANCEMIXBOT NUANCEMIXINTEGRATION OAUTHCLIENT OUTBOUNDCALLFLOW QUEUE RECORDINGPOLICY RESPONSE RESPONSEASSET SCHEDULE SCHEDULEGROUP SECUREACTION SECURECALLFLOW SMSPHONENUMBER STTENGINE SURVEYFORM SURVEYINVITEFLOW SYSTEMPROMPT TTSENGINE TTSVOICE USER USERPROMPT UTILIZATIONLABEL VIDEO VOICEFLOW VOICEMAILFLOW VOICESURVEYFLOW WIDGET WORKFLOW WORKITEMFLOW WORKTYPE',
    ),
    source: js('ArchitectApi.md', 1512, 'getArchitectDependencytrackingConsumedresources objectType values'),
    also: py('dependency.py', 174),
  },
  {
    model: 'MemberGroup',
    property: 'type',
    values: v('TEAM GROUP SKILLGROUP'),
    source: py('member_group.py', 170),
  },
  {
    model: 'TrunkBase',
    property: 'trunkType',
    values: v('EXTERNAL PHONE EDGE'),
    source: py('trunk_base.py', 479),
  },
  {
    model: 'TrunkBase',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('trunk_base.py', 354),
  },
  {
    model: 'Trunk',
    property: 'trunkType',
    values: v('EXTERNAL PHONE EDGE'),
    source: py('trunk.py', 465),
  },
  { model: 'Trunk', property: 'state', values: v('active inactive deleted'), source: py('trunk.py', 388) },
  { model: 'User', property: 'state', values: v('active inactive deleted'), source: py('user.py', 408) },
  {
    model: 'RoutingSkill',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('routing_skill.py', 168),
  },
  {
    model: 'UserRoutingSkill',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('user_routing_skill.py', 168),
  },
  {
    model: 'UserRoutingLanguage',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('user_routing_language.py', 168),
  },
  {
    model: 'Language',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('language.py', 168),
  },
  { model: 'Group', property: 'state', values: v('active inactive deleted'), source: py('group.py', 253) },
  { model: 'Group', property: 'type', values: v('official social'), source: py('group.py', 306) },
  {
    model: 'Group',
    property: 'visibility',
    values: v('public owners members'),
    source: py('group.py', 407),
  },
  {
    model: 'LocationDefinition',
    property: 'state',
    values: v('active deleted'),
    source: py('location_definition.py', 252),
  },
  {
    model: 'Schedule',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('schedule.py', 345),
  },
  {
    model: 'ScheduleGroup',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('schedule_group.py', 348),
  },
  {
    model: 'Organization',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('organization.py', 339),
  },
  {
    model: 'Organization',
    property: 'productPlatform',
    values: v('GenesysCloud PureCloud PureEngage PureEngageCloud PureConnect PureConnectCloud Unknown'),
    source: py('organization.py', 440),
  },
  {
    model: 'Queue',
    property: 'skillEvaluationMethod',
    values: v('NONE BEST ALL'),
    source: py('queue.py', 683),
  },
  {
    model: 'Queue',
    property: 'scoringMethod',
    values: v('TimestampAndPriority PriorityOnly'),
    source: py('queue.py', 601),
  },
  {
    model: 'Queue',
    property: 'lastAgentRoutingMode',
    values: v('Disabled QueueMembersOnly AnyAgent'),
    source: py('queue.py', 630),
  },
  {
    model: 'AcwSettings',
    property: 'wrapupPrompt',
    values: v('MANDATORY OPTIONAL MANDATORY_TIMEOUT MANDATORY_FORCED_TIMEOUT AGENT_REQUESTED'),
    source: py('acw_settings.py', 84),
  },
  {
    model: 'ArchitectExportJobStateResponse',
    property: 'status',
    values: v('Registered Started Success Failure'),
    source: py('architect_export_job_state_response.py', 122),
  },
  {
    model: 'ArchitectExportJobStateResponse',
    property: 'command',
    values: v('Publish Create Update Export'),
    source: py('architect_export_job_state_response.py', 151),
  },
  {
    model: 'RegisterArchitectExportJobResponse',
    property: 'status',
    values: v('Registered Started Success Failure'),
    source: py('register_architect_export_job_response.py', 114),
  },
  {
    model: 'ArchitectJobMessage',
    property: 'type',
    values: v('Error Warning'),
    source: py('architect_job_message.py', 111),
  },
  {
    model: 'ExportDetails',
    property: 'exportType',
    values: v('Architect Yaml'),
    source: py('export_details.py', 137),
  },
  {
    model: 'FlowVersion',
    property: 'type',
    values: v('PUBLISH CHECKIN SAVE'),
    source: py('flow_version.py', 252),
  },
  {
    model: 'RoutingStatus',
    property: 'status',
    values: v('OFF_QUEUE IDLE INTERACTING NOT_RESPONDING COMMUNICATING'),
    source: py('routing_status.py', 111),
  },
  {
    model: 'PromptAsset',
    property: 'uploadStatus',
    values: v('created uploaded transcoded transcodeFailed'),
    source: py('prompt_asset.py', 285),
  },
  {
    model: 'Operation',
    property: 'actionName',
    values: v(
      'CREATE CHECKIN CHECKOUT DEBUG DELETE HISTORY PUBLISH REVERT SAVE STATE_CHANGE UPDATE VALIDATE',
    ),
    source: py('operation.py', 304),
  },
  {
    model: 'Operation',
    property: 'actionStatus',
    values: v('LOCKED UNLOCKED STARTED PENDING_GENERATION PENDING_BACKEND_NOTIFICATION SUCCESS FAILURE'),
    source: py('operation.py', 333),
  },
  {
    model: 'QueueMember',
    property: 'memberBy',
    values: v('user group'),
    source: js(
      'RoutingApi.md',
      4064,
      'getRoutingQueueMembers memberBy filter; the QueueMember model itself declares no enum (uncertain)',
    ),
  },
  { model: 'IVR', property: 'state', values: v('active inactive deleted'), source: py('ivr.py', 351) },
  {
    model: 'EmergencyGroup',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('emergency_group.py', 342),
  },
  {
    model: 'Library',
    property: 'responseType',
    values: v('MessagingTemplate CampaignSmsTemplate CampaignEmailTemplate Footer Form'),
    source: py('library.py', 225),
  },
  {
    model: 'OrganizationPresenceDefinition',
    property: 'type',
    values: v('System User'),
    source: py('organization_presence_definition.py', 150),
  },
  {
    model: 'OrganizationPresenceDefinition',
    property: 'systemPresence',
    values: v('Available Away Busy Offline Idle OnQueue Meal Training Meeting Break'),
    source: py('organization_presence_definition.py', 203),
  },
  {
    model: 'TranscriptionSettings',
    property: 'transcription',
    values: v('Disabled EnabledGlobally EnabledQueueFlow'),
    source: py('transcription_settings.py', 96),
  },
  {
    model: 'InboundRoute',
    property: 'historyInclusion',
    values: v('Include Exclude Optional'),
    source: py('inbound_route.py', 476),
  },
  {
    model: 'InboundRoute',
    property: 'status',
    values: v('Pending Active Removing Error'),
    source: py('inbound_route.py', 553),
  },
  {
    model: 'InboundDomain',
    property: 'mxRecordStatus',
    values: v('VALID INVALID NOT_AVAILABLE'),
    source: py('inbound_domain.py', 162),
  },
  {
    model: 'Response',
    property: 'interactionType',
    values: v('chat email twitter'),
    source: py('response.py', 300),
  },
  {
    model: 'ResponseText',
    property: 'contentType',
    values: v('text/plain text/html'),
    source: py('response_text.py', 111),
  },
  {
    model: 'SkillGroup',
    property: 'status',
    values: v('InProgress Complete'),
    source: py('skill_group.py', 279),
  },
  {
    model: 'SubjectDivisionGrants',
    property: 'type',
    values: v('PC_USER PC_GROUP PC_OAUTH_CLIENT PC_TRUSTEE_USER PC_TRUSTEE_GROUP UNKNOWN'),
    source: py('subject_division_grants.py', 167),
  },
  {
    model: 'EvaluationQuestion',
    property: 'type',
    values: v(
      'multipleChoiceQuestion multipleSelectQuestion freeTextQuestion npsQuestion readOnlyTextBlockQuestion',
    ),
    source: py('evaluation_question.py', 220),
  },
  {
    model: 'EvaluationFormResponse',
    property: 'weightMode',
    values: v('SCALED OFF'),
    source: py('evaluation_form_response.py', 266),
  },
  {
    model: 'Integration',
    property: 'intendedState',
    values: v('ENABLED DISABLED DELETED RESTORED'),
    source: py('integration.py', 205),
  },
  {
    model: 'IntegrationStatusInfo',
    property: 'code',
    values: v('ACTIVE ACTIVATING INACTIVE DEACTIVATING ERROR'),
    source: py('integration_status_info.py', 92),
  },
  {
    model: 'WebDeployment',
    property: 'status',
    values: v('Pending Active Inactive Error Deleting'),
    source: py('web_deployment.py', 393),
  },
  {
    model: 'ExpandableWebDeployment',
    property: 'status',
    values: v('Pending Active Inactive Error Deleting'),
    source: py('expandable_web_deployment.py', 393),
  },
  {
    model: 'WebDeploymentConfigurationVersion',
    property: 'status',
    values: v('Pending Active Inactive Error Deleting'),
    source: py('web_deployment_configuration_version.py', 662),
  },
  {
    model: 'Campaign',
    property: 'dialingMode',
    values: v('agentless preview power predictive progressive external'),
    source: py('campaign.py', 380),
  },
  {
    model: 'Campaign',
    property: 'campaignStatus',
    values: v('on stopping off complete invalid forced_off forced_stopping'),
    source: py('campaign.py', 481),
  },
  {
    model: 'CampaignSequence',
    property: 'status',
    values: v('on off complete'),
    source: py('campaign_sequence.py', 281),
  },
  {
    model: 'Condition',
    property: 'type',
    values: v(
      'wrapupCondition systemDispositionCondition contactAttributeCondition phoneNumberCondition phoneNumberTypeCondition callAnalysisCondition contactPropertyCondition dataActionCondition timeAndDateCondition',
    ),
    source: py('condition.py', 140),
  },
  {
    model: 'Condition',
    property: 'valueType',
    values: v('STRING NUMERIC DATETIME PERIOD'),
    source: py('condition.py', 241),
  },
  {
    model: 'Condition',
    property: 'operator',
    values: v(
      'EQUALS LESS_THAN LESS_THAN_EQUALS GREATER_THAN GREATER_THAN_EQUALS CONTAINS BEGINS_WITH ENDS_WITH BEFORE AFTER IN BETWEEN',
    ),
    source: py('condition.py', 270),
  },
  {
    model: 'Condition',
    property: 'propertyType',
    values: v('LAST_ATTEMPT_BY_COLUMN LAST_ATTEMPT_OVERALL LAST_WRAPUP_BY_COLUMN LAST_WRAPUP_OVERALL'),
    source: py('condition.py', 347),
  },
  {
    model: 'DataActionConditionPredicate',
    property: 'outputOperator',
    values: v(
      'EQUALS LESS_THAN LESS_THAN_EQUALS GREATER_THAN GREATER_THAN_EQUALS CONTAINS BEGINS_WITH ENDS_WITH BEFORE AFTER',
    ),
    source: py('data_action_condition_predicate.py', 117),
  },
  {
    model: 'DialerAction',
    property: 'type',
    values: v('Action modifyContactAttribute dataActionBehavior'),
    source: py('dialer_action.py', 108),
  },
  {
    model: 'DialerAction',
    property: 'actionTypeName',
    values: v(
      'DO_NOT_DIAL MODIFY_CONTACT_ATTRIBUTE SWITCH_TO_PREVIEW APPEND_NUMBER_TO_DNC_LIST APPEND_CUSTOM_ENTRY_TO_DNC_LIST SCHEDULE_CALLBACK CONTACT_UNCALLABLE NUMBER_UNCALLABLE SET_CALLER_ID SET_SKILLS DATA_ACTION',
    ),
    source: py('dialer_action.py', 137),
  },
  {
    model: 'DialerAction',
    property: 'updateOption',
    values: v('SET INCREMENT DECREMENT CURRENT_TIME'),
    source: py('dialer_action.py', 166),
  },
  {
    model: 'DialerRule',
    property: 'category',
    values: v('DIALER_PRECALL DIALER_WRAPUP'),
    source: py('dialer_rule.py', 171),
  },
  {
    model: 'DncList',
    property: 'dncSourceType',
    values: v('rds rds_custom dnc.com gryphon'),
    source: py('dnc_list.py', 297),
  },
  {
    model: 'DncList',
    property: 'contactMethod',
    values: v('Email Phone Any WhatsApp'),
    source: py('dnc_list.py', 326),
  },
  {
    model: 'OutboundSettings',
    property: 'complianceAbandonRateDenominator',
    values: v('ALL_CALLS CALLS_THAT_REACHED_QUEUE'),
    source: py('outbound_settings.py', 362),
  },
  {
    model: 'Reaction',
    property: 'reactionType',
    values: v('hangup transfer transfer_flow play_file'),
    source: py('reaction.py', 135),
  },
  {
    model: 'ResponseSet',
    property: 'liveSpeakerDetectionMode',
    values: v('Disabled Low Medium High'),
    source: py('response_set.py', 302),
  },
  {
    model: 'ContactSort',
    property: 'direction',
    values: v('ASC DESC'),
    source: py('contact_sort.py', 111),
  },
  {
    model: 'ColumnDataTypeSpecification',
    property: 'columnDataType',
    values: v('NUMERIC TEXT TIMESTAMP'),
    source: py('column_data_type_specification.py', 117),
  },
  {
    model: 'ImportStatus',
    property: 'state',
    values: v('IN_PROGRESS FAILED'),
    source: py('import_status.py', 99),
  },
  { model: 'Site', property: 'state', values: v('active inactive deleted'), source: py('site.py', 396) },
  { model: 'Site', property: 'mediaModel', values: v('Premises Cloud'), source: py('site.py', 737) },
  {
    model: 'OutboundRouteBase',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('outbound_route_base.py', 348),
  },
  {
    model: 'OutboundRouteBase',
    property: 'distribution',
    values: v('SEQUENTIAL RANDOM'),
    source: py('outbound_route_base.py', 473),
  },
  {
    model: 'NumberPlan',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('number_plan.py', 358),
  },
  {
    model: 'DIDPool',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('did_pool.py', 347),
  },
  {
    model: 'DIDPool',
    property: 'provider',
    values: v('PURE_CLOUD PURE_CLOUD_VOICE'),
    source: py('did_pool.py', 496),
  },
  {
    model: 'EdgeGroup',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('edge_group.py', 349),
  },
  {
    model: 'ExtensionPool',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('extension_pool.py', 341),
  },
  {
    model: 'PhoneBase',
    property: 'state',
    values: v('active inactive deleted'),
    source: py('phone_base.py', 350),
  },
  { model: 'Phone', property: 'state', values: v('active inactive deleted'), source: py('phone.py', 384) },
  { model: 'Line', property: 'state', values: v('active inactive deleted'), source: py('line.py', 364) },
  {
    model: 'PhoneStatus',
    property: 'operationalStatus',
    values: v('OPERATIONAL DEGRADED OFFLINE UNKNOWN'),
    source: py('phone_status.py', 133),
  },
  {
    model: 'PhoneStatus',
    property: 'edgesStatus',
    values: v('IN_SERVICE MIXED_SERVICE OUT_OF_SERVICE NO_EDGES'),
    source: py('phone_status.py', 162),
  },
  {
    model: 'AuditQueryExecutionStatusResponse',
    property: 'state',
    values: v('Queued Running Succeeded Failed Cancelled'),
    source: py('audit_query_execution_status_response.py', 126),
  },
  {
    model: 'AuditLogMessage',
    property: 'level',
    values: v('USER SYSTEM GENESYS_INTERNAL'),
    source: py('audit_log_message.py', 286),
  },
  {
    model: 'AuditLogMessage',
    property: 'status',
    values: v('SUCCESS FAILURE WARNING'),
    source: py('audit_log_message.py', 435),
  },
  {
    model: 'AuditQueryFilter',
    property: 'property',
    values: v('UserId TrusteeOrganizationId ClientId Action EntityType EntityId'),
    source: py('audit_query_filter.py', 84, 'the Python SDK names the field pcProperty'),
  },
  {
    model: 'AuditQuerySort',
    property: 'name',
    values: v('Timestamp'),
    source: py('audit_query_sort.py', 84),
  },
  {
    model: 'AuditQuerySort',
    property: 'sortOrder',
    values: v('ascending descending'),
    source: py('audit_query_sort.py', 113),
  },
];
