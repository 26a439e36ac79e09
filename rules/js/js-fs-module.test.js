// ruleid: js-fs-module
const fs = require('fs');

// ruleid: js-fs-module
import { readFile } from 'node:fs/promises';

// ruleid: js-fs-module
const p = require('f' + 's').promises;

// ok: js-fs-module
const fsx = require('fs-walker-lite');

// ok: js-fs-module
const s = 'fs';
