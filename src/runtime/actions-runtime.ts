import * as core from '@actions/core';
import type { Logger } from './logger.js';
import type { StateStore } from './step-state.js';

export const actionsLogger: Logger = {
  info: (line) => core.info(line),
  warning: (line) => core.warning(line),
};

export const actionsStateStore: StateStore = {
  save: (key, value) => core.saveState(key, value),
  get: (key) => core.getState(key),
};
