import type { GroupingLogger } from '../../core/logger.js';
import { endGroup, getState, info, saveState, startGroup, warning } from './runner-protocol.js';
import type { StateStore } from '../../core/step-state.js';

export const actionsLogger: GroupingLogger = { info, warning, startGroup, endGroup };

export const actionsStateStore: StateStore = { save: saveState, get: getState };
