/** The command table: each module registers its commands; bodies load their heavy parts lazily. */
import type { Command } from 'commander';
import type { App } from '../app.js';
import { register as registerCompletion } from './completion.js';
import { register as registerConfig } from './config.js';
import { register as registerDoctor } from './doctor.js';
import { register as registerInsights } from './insights.js';
import { register as registerIo } from './io.js';
import { register as registerManage } from './manage.js';
import { register as registerRead } from './read.js';
import { register as registerSync } from './sync.js';
import { register as registerWrite } from './write.js';

export type Register = (program: Command, app: App) => void;

export const COMMANDS: Register[] = [registerRead, registerInsights, registerWrite, registerManage, registerDoctor, registerSync, registerIo, registerConfig, registerCompletion];
