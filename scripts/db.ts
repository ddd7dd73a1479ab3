/**
 * The database commands, against DATABASE_URL or the embedded database under DATA_DIR (which
 * must not be in use by a running `npm start`):
 *
 *   migrate         apply the migrations not applied yet
 *   revert          undo the last applied migration
 *   seed            migrate, then load the calendar, the schemes and the demo catalog (idempotent)
 *   admin-password  migrate, then give `admin` a new password: ADMIN_PASSWORD, or a generated one
 *                   printed once
 */
import 'reflect-metadata';
import pino from 'pino';

import { createDataSource } from '../ormconfig';
import { seedDemo } from '../seeds/load-demo';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/open';
import { createServices } from '../src/services';
import { explainStartupFailure } from '../src/startup-error';

const COMMANDS = ['migrate', 'revert', 'seed', 'admin-password'] as const;
type Command = (typeof COMMANDS)[number];

async function run(command: Command): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: process.env.LOG_LEVEL || 'warn' });
  const { url, embedded } = await openDatabase(config, log);
  // as the owner of the schema (README, "Database roles"); the service grants itself at start
  const ds = createDataSource(embedded ? url : (config.databaseOwnerUrl ?? url));
  try {
    await ds.initialize();
    const services = createServices(ds, config);
    const actor = { userId: null, requestId: `db:${command}` };
    if (command !== 'revert') {
      const applied = await ds.runMigrations({ transaction: 'each' });
      console.log(
        applied.length
          ? `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`
          : 'migrations: up to date',
      );
    }
    if (command === 'revert') {
      const before = await ds.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
      await ds.undoLastMigration({ transaction: 'each' });
      console.log(before.length ? `reverted ${before[0].name}` : 'no migration to revert');
    }
    if (command === 'seed') {
      await services.calendar.ensureSeeded();
      await services.assessment.ensureSchemes();
      const demo = await seedDemo(ds, services, log);
      console.log(
        `demo catalog: ${demo.powersImported} power(s) imported, ${demo.users.length} demo users (password "${demo.password}")`,
      );
    }
    if (command === 'admin-password') {
      const password = await services.auth.resetAdminPassword(config.adminPassword, actor);
      console.log(
        config.adminPassword
          ? 'admin password set to ADMIN_PASSWORD'
          : `admin password set to "${password}" (shown once)`,
      );
    }
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await embedded?.stop();
  }
}

const command = process.argv[2] as Command;
if (!COMMANDS.includes(command)) {
  console.error(`usage: scripts/db.ts ${COMMANDS.join(' | ')}`);
  process.exit(2);
}
run(command).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(
      explainStartupFailure(err).replace('无法启动 / cannot start', `${command} 失败 / failed`),
    );
    if (process.env.LOG_LEVEL === 'debug') console.error(err);
    process.exit(1);
  },
);
