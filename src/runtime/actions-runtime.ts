import * as core from '@actions/core';
import type { GroupingLogger } from './logger.js';
import type { StateStore } from './step-state.js';

export const actionsLogger: GroupingLogger = {
  info: (line) => core.info(line),
  warning: (line) => core.warning(line),
  startGroup: (title) => core.startGroup(title),
  endGroup: () => core.endGroup(),
};

export const actionsStateStore: StateStore = {
  save: (key, value) => core.saveState(key, value),
  get: (key) => core.getState(key),
};
