// ruleid: js-child-process
import { execSync } from 'child_process';

// ruleid: js-child-process
const cp: typeof import('child_process') = require('child_process');

// ok: js-child-process
import type { ChildProcess } from 'child-process-types-like';
