// ruleid: js-env-access
const home = process.env.HOME;

// ruleid: js-env-access
const token = process['en' + 'v']['NPM_TOKEN'];

// ruleid: js-env-access
const { env } = process;

// ruleid: js-env-access
const g = global.process.env;

// ok: js-env-access
const config = { env: 'production' };

// ok: js-env-access
options.env.PATH = '/bin';
