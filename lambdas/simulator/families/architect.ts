/**
 * Architect family (`architect:userprompt`, `architect:schedule`, `architect:schedulegroup`): user
 * prompts, schedules and the schedule groups built from them. Flows have their own family (flows.ts).
 */
import type { Models } from 'purecloud-platform-client-v2';
import { scheduleWrites } from './basic-writes.ts';
import type { Family, FixtureContext } from './family.ts';
import { randomDivision, range, suffix, ts } from './fixtures.ts';

export function prompts({ counts, org, rnd }: FixtureContext): void {
  org.prompts = range(counts.prompts).map(
    (i): Models.Prompt => ({
      id: rnd.uuid(),
      name: `${['Welcome', 'HoldMusicIntro', 'AfterHours', 'Whisper_Billing', 'Survey_Offer', 'Queue_Position'][i % 6]}${i >= 6 ? `_${Math.floor(i / 6) + 1}` : ''}`,
      division: randomDivision(rnd, org),
      description: 'User prompt',
      resources: [
        {
          id: 'en-us',
          language: 'en-us',
          ttsString: 'Thank you for calling.',
          text: 'Thank you for calling.',
          languageDefault: true,
        },
      ],
    }),
  );
}

export function schedules({ counts, org, rnd }: FixtureContext): void {
  org.schedules = range(counts.schedules).map(
    (i): Models.Schedule => ({
      id: rnd.uuid(),
      name: `${['Weekday Hours', 'Weekend Hours', 'Christmas Day', 'New Year', 'Thanksgiving', 'Maintenance Window'][i % 6]}${suffix(i, 6)}`,
      division: randomDivision(rnd, org),
      description: 'Business hours',
      version: 1 + rnd.int(3),
      dateCreated: ts(700),
      dateModified: ts(rnd.int(300)),
      state: 'active',
      start: '2026-01-05T08:00:00.000',
      end: '2026-01-05T18:00:00.000',
      rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
    }),
  );
}

/** Each group opens on one schedule, closes on the next, and takes the third as its holidays. */
export function scheduleGroups({ counts, org, rnd }: FixtureContext): void {
  const { schedules } = org;
  org.scheduleGroups = range(counts.scheduleGroups).map(
    (i): Models.ScheduleGroup => ({
      id: rnd.uuid(),
      name: `${['Main Line Hours', 'Support Hours', 'Sales Hours', 'Claims Hours'][i % 4]}${suffix(i, 4)}`,
      division: randomDivision(rnd, org),
      version: 1,
      state: 'active',
      timeZone: rnd.pick(['America/Indiana/Indianapolis', 'Europe/Dublin', 'Australia/Sydney']),
      openSchedules: schedules.length
        ? [schedules[(i * 2) % schedules.length]].map((s) => ({ id: s?.id, name: s?.name }))
        : [],
      closedSchedules:
        schedules.length > 1
          ? [schedules[(i * 2 + 1) % schedules.length]].map((s) => ({ id: s?.id, name: s?.name }))
          : [],
      holidaySchedules: schedules.length > 2 ? [{ id: schedules[2]?.id, name: schedules[2]?.name }] : [],
    }),
  );
}

export const architectFamily: Family = {
  name: 'architect:userprompt, architect:schedule, architect:schedulegroup',
  listings: [
    {
      base: '/api/v2/architect/prompts',
      idParam: 'promptId',
      collection: 'prompts',
      permissions: ['architect:userPrompt:view'],
      maxPageSize: 100,
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'name',
      single: true,
    },
    {
      base: '/api/v2/architect/schedules',
      idParam: 'scheduleId',
      collection: 'schedules',
      permissions: ['routing:schedule:view'],
      maxPageSize: 100,
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'name',
      single: true,
    },
    {
      base: '/api/v2/architect/schedulegroups',
      idParam: 'scheduleGroupId',
      collection: 'scheduleGroups',
      permissions: ['routing:scheduleGroup:view'],
      maxPageSize: 100,
      paging: 'pageNumber',
      idFilter: false,
      sortBy: 'name',
      single: true,
    },
  ],
  routes: scheduleWrites,
};
