/** The command table: each module registers its commands; bodies load their heavy parts lazily. */
import type { Command } from 'commander';
import type { App } from '../app.js';
import { register as registerCapture } from './capture.js';
import { register as registerCompletion } from './completion.js';
import { register as registerConfig } from './config.js';
import { register as registerDoctor } from './doctor.js';
import { register as registerInsights } from './insights.js';
import { register as registerIo } from './import-export.js';
import { register as registerManage } from './manage.js';
import { register as registerMcp } from './mcp.js';
import { register as registerRead } from './read.js';
import { register as registerSync } from './sync.js';
import { register as registerWrite } from './write.js';

export type Register = (program: Command, app: App) => void;

export const COMMANDS: Register[] = [
  registerRead,
  registerInsights,
  registerWrite,
  registerManage,
  registerDoctor,
  registerSync,
  registerIo,
  registerCapture,
  registerConfig,
  registerMcp,
  registerCompletion,
];

/**
 * Which module registers each command (and alias), so that a run of one
 * command registers only its module's commands (commander's setup of all of
 * them is a few milliseconds of every start). A test checks it against what
 * the modules really register. Completion is not here: it describes every
 * command, so it runs with all of them.
 */
export const COMMAND_MODULES: Readonly<Record<string, Register>> = {
  due: registerRead,
  followups: registerRead,
  list: registerRead,
  ls: registerRead,
  show: registerRead,
  who: registerRead,
  search: registerRead,
  today: registerInsights,
  suggest: registerInsights,
  intro: registerInsights,
  topics: registerInsights,
  stats: registerInsights,
  log: registerWrite,
  followup: registerWrite,
  done: registerWrite,
  tag: registerWrite,
  untag: registerWrite,
  set: registerWrite,
  unset: registerWrite,
  snooze: registerWrite,
  note: registerWrite,
  undo: registerWrite,
  init: registerManage,
  add: registerManage,
  edit: registerManage,
  doctor: registerDoctor,
  sync: registerSync,
  'merge-driver': registerSync,
  import: registerIo,
  export: registerIo,
  capture: registerCapture,
  config: registerConfig,
  mcp: registerMcp,
};
