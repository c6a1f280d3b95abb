/** The command table: each module registers its commands; bodies load their heavy parts lazily. */
import type { Command } from 'commander';
import type { App } from '../app.js';
import { register as registerRead } from './read.js';

export type Register = (program: Command, app: App) => void;

export const COMMANDS: Register[] = [registerRead];
