/**
 * The shape of a simulated organization: how many resources of each kind to generate (`OrgCounts`) and the
 * collections the simulator serves (`SimOrg`), in the order the control endpoint lists them.
 */
import type { Models } from 'purecloud-platform-client-v2';

export interface OrgCounts {
  divisions: number;
  roles: number;
  skills: number;
  languages: number;
  locations: number;
  groups: number;
  teams: number;
  wrapupCodes: number;
  users: number;
  queues: number;
  flows: number;
  prompts: number;
  dataActions: number;
  schedules: number;
  scheduleGroups: number;
  trunkBaseSettings: number;
  trunks: number;
  /** Members per queue (users joined to it). */
  membersPerQueue: number;
  /** Wrap-up codes assigned per queue. */
  wrapupCodesPerQueue: number;
  /** Skill groups (`/api/v2/routing/skillgroups`); one of them is a queue member group. */
  skillGroups: number;
  /** Edges: the platform generates one trunk base setting of `trunkType` EDGE per edge. */
  edges: number;
  /**
   * Extra inactive users appended to the org (cheap fixtures), e.g. 10,300 to go past the 10,000 results
   * that one `GET /api/v2/users?state=inactive` listing can reach.
   */
  inactiveUsers: number;
  /** Skill groups added after the first `skillGroups` (their own stream): 60 in all in the large org. */
  moreSkillGroups: number;
  utilizationLabels: number;
  smsAddresses: number;
  responseLibraries: number;
  dataTables: number;
  /** Rows of the first data table (the others have a few each). */
  dataTableRows: number;
  flowMilestones: number;
  flowOutcomes: number;
  ivrs: number;
  emergencyGroups: number;
  /** The org's own (`User`) presence definitions; the ten `System` ones come on top. */
  presenceDefinitions: number;
  emailDomains: number;
  /** Email routes in all, spread over the domains. */
  emailRoutes: number;
  /** Canned responses, spread over the libraries (some in two). */
  responses: number;
  /** Custom roles added after the historical ones (large: 40 roles in all). */
  moreRoles: number;
  /** Role grants beyond every active user's `employee` grant. */
  roleGrants: number;
  /** Published scripts besides the three built-in ones. */
  scripts: number;
  evaluationForms: number;
  /** Integrations besides the ones the data actions name. */
  integrations: number;
  /** Messenger configurations, one deployment each. */
  webDeployments: number;
  edgeGroups: number;
  /** Customer-managed sites (the Genesys-managed cloud site comes on top). */
  sites: number;
  didPools: number;
  extensionPools: number;
  phoneBaseSettings: number;
  /** WebRTC phones, one per active user up to this many. */
  phones: number;
  contactLists: number;
  /** Contacts per contact list: customer data, served only by the contact endpoints (never exported). */
  contactsPerList: number;
  dncLists: number;
  callableTimeSets: number;
  callAnalysisResponseSets: number;
  ruleSets: number;
  campaigns: number;
  campaignSequences: number;
  attemptLimits: number;
  contactListFilters: number;
}

/** The collections the simulator serves, keyed the way its routes name them. */
export interface SimOrg {
  organization: Models.Organization;
  divisions: Models.AuthzDivision[];
  roles: Models.DomainOrganizationRole[];
  skills: Models.RoutingSkill[];
  languages: Models.Language[];
  locations: Models.LocationDefinition[];
  groups: Models.Group[];
  teams: Models.Team[];
  wrapupCodes: Models.WrapupCode[];
  users: Models.User[];
  queues: Models.Queue[];
  flows: Models.Flow[];
  prompts: Models.Prompt[];
  dataActions: Models.Action[];
  schedules: Models.Schedule[];
  scheduleGroups: Models.ScheduleGroup[];
  trunkBaseSettings: Models.TrunkBase[];
  trunks: Models.Trunk[];
  skillGroups: Models.SkillGroup[];
  utilizationLabels: Models.UtilizationLabel[];
  smsAddresses: Models.SmsAddress[];
  responseLibraries: Models.Library[];
  dataTables: Models.DataTable[];
  flowMilestones: Models.FlowMilestone[];
  flowOutcomes: Models.FlowOutcome[];
  ivrs: Models.IVR[];
  emergencyGroups: Models.EmergencyGroup[];
  presenceDefinitions: Models.OrganizationPresenceDefinition[];
  emailDomains: Models.InboundDomain[];
  responses: Models.Response[];
  contactLists: Models.ContactList[];
  dncLists: Models.DncList[];
  callableTimeSets: Models.CallableTimeSet[];
  callAnalysisResponseSets: Models.ResponseSet[];
  ruleSets: Models.RuleSet[];
  campaigns: Models.Campaign[];
  campaignSequences: Models.CampaignSequence[];
  attemptLimits: Models.AttemptLimits[];
  contactListFilters: Models.ContactListFilter[];
  /** `GET /api/v2/outbound/settings` (undefined: 404). */
  outboundSettings: Models.OutboundSettings | undefined;
  /** `GET /api/v2/outbound/wrapupcodemappings` (undefined: 404). */
  wrapUpCodeMappings: Models.WrapUpCodeMapping | undefined;
  /** contact list ID -> its contacts (customer data: the exporter must never ask for them). */
  contacts: Map<string, Models.DialerContact[]>;
  /** email domain ID (its name) -> its inbound routes. */
  emailRoutes: Map<string, Models.InboundRoute[]>;
  /** role ID -> the subjects holding it and in which divisions (`/roles/{id}/subjectgrants`). */
  roleGrants: Map<string, Models.SubjectDivisionGrants[]>;
  /** Published scripts (the listing's metadata; `scriptContents` holds pages and variables). */
  scripts: Models.Script[];
  /** script ID -> what its export file holds. */
  scriptContents: Map<string, Models.Script>;
  /** Evaluation forms as listed (each form's newest version, without its questions). */
  evaluationForms: Models.EvaluationFormResponse[];
  /** context ID -> the form's latest published version (questions included); absent: never published. */
  publishedEvaluationForms: Map<string, Models.EvaluationFormResponse>;
  integrations: Models.Integration[];
  /** integration ID -> its current configuration (`/config/current`). */
  integrationConfigs: Map<string, Models.IntegrationConfiguration>;
  /** Credential records as listed (name and type; never values). */
  integrationCredentials: Models.CredentialInfo[];
  webDeploymentConfigurations: Models.WebDeploymentConfigurationVersion[];
  webDeployments: Models.WebDeployment[];
  edgeGroups: Models.EdgeGroup[];
  sites: Models.Site[];
  /** site ID -> its outbound routes; site ID -> its number plans. */
  siteOutboundRoutes: Map<string, Models.OutboundRouteBase[]>;
  siteNumberPlans: Map<string, Models.NumberPlan[]>;
  didPools: Models.DIDPool[];
  extensionPools: Models.ExtensionPool[];
  phoneBaseSettings: Models.PhoneBase[];
  phones: Models.Phone[];
  /** `GET /api/v2/routing/utilization` (undefined: 404). */
  routingUtilization: Models.UtilizationResponse | undefined;
  /** `GET /api/v2/routing/settings`, `/transcription`, `/contactcenter` (undefined: 404). */
  routingSettings:
    | {
        settings: Models.RoutingSettings;
        transcription: Models.TranscriptionSettings;
        contactCenter: Models.ContactCenterSettings;
      }
    | undefined;
  /** skill group ID -> IDs of the divisions its members come from (`/members/divisions`). */
  skillGroupMemberDivisions: Map<string, string[]>;
  /** data table ID -> its rows (column -> value, the primary key in `key`), in key order. */
  dataTableRows: Map<string, DataTableRow[]>;
  /** queue ID -> wrap-up code IDs (GET /routing/queues/{id}/wrapupcodes). */
  queueWrapupCodes: Map<string, string[]>;
  /**
   * queue ID -> user IDs added to the queue directly (`memberBy=user`). Members that come from the queue's
   * `memberGroups` (groups, teams, skill groups) are derived from the users: see `queueMembersOf`.
   */
  queueMembers: Map<string, string[]>;
  /** flow ID -> what it consumes (dependency tracking). */
  flowDependencies: Map<string, Models.Dependency[]>;
  /**
   * flow ID -> the Architect YAML an export job returns when no `flow.version` is given: the newest
   * version (a saved draft where the flow has one, otherwise the published/checked-in definition).
   */
  flowDefinitions: Map<string, string>;
  /** flow ID -> version ID -> that version's YAML (published and checked-in versions, saved drafts). */
  flowVersions: Map<string, Map<string, string>>;
  /** Every credential string planted in the org (SIP passwords, data-action headers and templates...). */
  plantedSecrets: string[];
}

/** A data table row as `GET /api/v2/flows/datatables/{id}/rows?showbrief=false` returns it. */
export type DataTableRow = Record<string, string | number | boolean>;

export type CollectionName = {
  [K in keyof SimOrg]: SimOrg[K] extends Array<{ id?: string }> ? K : never;
}[keyof SimOrg];

/**
 * The org with every collection empty, keys in `SimOrg`'s order (the control endpoint lists collections in
 * this order); the fixture steps fill it in.
 */
export function emptyOrg(organization: Models.Organization): SimOrg {
  return {
    organization,
    divisions: [],
    roles: [],
    skills: [],
    languages: [],
    locations: [],
    groups: [],
    teams: [],
    wrapupCodes: [],
    users: [],
    queues: [],
    flows: [],
    prompts: [],
    dataActions: [],
    schedules: [],
    scheduleGroups: [],
    trunkBaseSettings: [],
    trunks: [],
    skillGroups: [],
    utilizationLabels: [],
    smsAddresses: [],
    responseLibraries: [],
    dataTables: [],
    flowMilestones: [],
    flowOutcomes: [],
    ivrs: [],
    emergencyGroups: [],
    presenceDefinitions: [],
    emailDomains: [],
    responses: [],
    contactLists: [],
    dncLists: [],
    callableTimeSets: [],
    callAnalysisResponseSets: [],
    ruleSets: [],
    campaigns: [],
    campaignSequences: [],
    attemptLimits: [],
    contactListFilters: [],
    outboundSettings: undefined,
    wrapUpCodeMappings: undefined,
    contacts: new Map(),
    emailRoutes: new Map(),
    roleGrants: new Map(),
    scripts: [],
    scriptContents: new Map(),
    evaluationForms: [],
    publishedEvaluationForms: new Map(),
    integrations: [],
    integrationConfigs: new Map(),
    integrationCredentials: [],
    webDeploymentConfigurations: [],
    webDeployments: [],
    edgeGroups: [],
    sites: [],
    siteOutboundRoutes: new Map(),
    siteNumberPlans: new Map(),
    didPools: [],
    extensionPools: [],
    phoneBaseSettings: [],
    phones: [],
    routingUtilization: undefined,
    routingSettings: undefined,
    skillGroupMemberDivisions: new Map(),
    dataTableRows: new Map(),
    queueWrapupCodes: new Map(),
    queueMembers: new Map(),
    flowDependencies: new Map(),
    flowDefinitions: new Map(),
    flowVersions: new Map(),
    plantedSecrets: [],
  };
}
