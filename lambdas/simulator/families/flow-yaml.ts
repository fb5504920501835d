/** The Architect (Archy) YAML of a simulated flow, as its export job returns it. */
import type { Models } from 'purecloud-platform-client-v2';

/** Archy's top-level YAML key for each flow type. */
const ARCHY_KEY: Readonly<Record<string, string>> = {
  BOT: 'bot',
  COMMONMODULE: 'commonModule',
  DIGITALBOT: 'digitalBot',
  EMAILSEND: 'emailSend',
  INBOUNDCALL: 'inboundCall',
  INBOUNDCHAT: 'inboundChat',
  INBOUNDEMAIL: 'inboundEmail',
  INBOUNDSHORTMESSAGE: 'inboundShortMessage',
  OUTBOUNDCALL: 'outboundCall',
  INQUEUECALL: 'inQueueCall',
  INQUEUEEMAIL: 'inQueueEmail',
  INQUEUESHORTMESSAGE: 'inQueueShortMessage',
  SPEECH: 'speech',
  SECURECALL: 'secureCall',
  SURVEYINVITE: 'surveyInvite',
  VOICE: 'voice',
  VOICEMAIL: 'voicemail',
  VOICESURVEY: 'voiceSurvey',
  WORKFLOW: 'workflow',
  WORKITEM: 'workitem',
};

/** The flow type (`Flow.type`) of an Archy top-level key, e.g. `inboundCall` -> INBOUNDCALL. */
export function flowTypeOfKey(key: string): string | undefined {
  return Object.entries(ARCHY_KEY).find(([, k]) => k === key)?.[0];
}

/** The flow's Architect YAML; `draft` gives the text of a newer saved (unpublished) version. */
export function flowYaml(flow: Models.Flow, deps: Models.Dependency[], draft = false): string {
  const key = ARCHY_KEY[flow.type ?? ''] ?? 'inboundCall';
  const lines = [
    `${key}:`,
    `  name: ${JSON.stringify(flow.name)}`,
    `  description: ${JSON.stringify(draft ? `${flow.description ?? ''} (draft: holiday routing)` : (flow.description ?? ''))}`,
    `  division: ${JSON.stringify(flow.division?.name ?? 'Home')}`,
    '  startUpRef: "/menus/menu[Main Menu_10]"',
    '  defaultLanguage: en-us',
    '  supportedLanguages:',
    '    en-us:',
    '      defaultLanguageSkill:',
    '        noValue: true',
    '  menus:',
    '    - menu:',
    '        name: Main Menu',
    '        refId: Main Menu_10',
    '        choices:',
  ];
  if (draft)
    lines.push(
      '          - menuDisconnect:',
      '              name: "Holiday closure"',
      '              dtmf: digit_0',
    );
  deps.forEach((d, i) => {
    lines.push(
      '          - menuTransferToAcd:',
      `              name: ${JSON.stringify(`Option ${i + 1}`)}`,
      `              dtmf: digit_${(i % 9) + 1}`,
      `              target: ${JSON.stringify(`${d.type}:${d.name}`)}`,
    );
  });
  return `${lines.join('\n')}\n`;
}
