import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../protocol/messages';
import { VIEWS, type ViewDefinition } from './definitions';

const SCHEMAS = join(__dirname, '..', '..', 'schemas');

/** The views whose stream has a schema in this checkout (project_teams may not yet). */
export const VIEWS_WITH_SCHEMA: ViewDefinition[] = VIEWS.filter((view) =>
  existsSync(join(SCHEMAS, `${view.stream}.json`)),
);

/** A made-up stream `notes` whose `attachments` elements have a field of every column type. */
export const NOTES_SCHEMA: JsonObject = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    projectId: { type: ['null', 'integer'] },
    attachments: {
      type: ['null', 'array'],
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          ProjectID: { type: ['null', 'integer'] },
          name: { type: ['null', 'string'] },
          size: { type: ['null', 'number'] },
          hidden: { type: ['null', 'boolean'] },
          created: { type: ['null', 'string'], format: 'date-time' },
          createdUser: { type: ['null', 'object'], properties: { id: { type: 'integer' } } },
        },
      },
    },
  },
};

export const NOTE_ATTACHMENTS: ViewDefinition = {
  name: 'note_attachments',
  stream: 'notes',
  arrayField: 'attachments',
  parentColumns: [
    { name: 'noteId', field: 'id' },
    { name: 'projectId', field: 'projectId' },
  ],
};

export const notesSchema = (): JsonObject => NOTES_SCHEMA;
