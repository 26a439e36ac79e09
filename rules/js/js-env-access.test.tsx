// ruleid: js-env-access
const apiUrl = process.env.API_URL as string;

// ok: js-env-access
const view = <div env="x">{label}</div>;
