// @ts-check
'use strict';
/**
 * 3. Task list query latency at scale. A database of its own (lotse_bench_tasks by default) is
 * migrated and seeded like an installation's, then bulk-filled with SQL (generate_series):
 * 200,000 cases (young person + referral), 40 extra staff per institution, and 100,000 open plus
 * 1,000,000 completed user tasks spread over the institutions' candidate groups, with due dates
 * around today (about a third overdue). The bench user jc.sachbearbeitung has --query-mine open
 * tasks assigned. Then VACUUM ANALYZE, as autovacuum would have done on a table this old.
 *
 * Timed: GET /api/v1/tasks over HTTP as jc.sachbearbeitung, one call at a time (latency without
 * queueing), --query-calls calls per query after 20 warm-up calls: "my open tasks" and "my
 * institution's overdue tasks", first page and page --query-deep-page (pageSize 20), and the
 * web UI's default view. EXPLAIN (ANALYZE, BUFFERS) of the SQL TaskListService.list runs for each
 * goes into the JSON result.
 *
 * The seed is kept between runs when its parameters are unchanged (--reseed forces a new one).
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { Pool } = require('pg');
const { recreateDatabase, ensurePostgres } = require('../../infra/stack');
const { ROOT } = require('../lib/procs');
const { log, summarize } = require('../lib/util');

/** Share of cases per institution, by institution id order (AA, JC, JA, BK, JMD, BB in the demo). */
const WEIGHTS = [0.2, 0.35, 0.25, 0.08, 0.07, 0.05];

/**
 * Indexes proposed from the EXPLAIN output (see bench/README.md). With --query-proposed the
 * queries are timed a second time with these created, then they are dropped again: migrations
 * stay the only source of the schema. Empty at present: the last proposals (open tasks by
 * assignee, GIN on the candidate lists of open tasks) are migration 1795680000000 now.
 * @type {Array<{ name: string, sql: string }>}
 */
const PROPOSED_INDEXES = [];

/**
 * SQL for "the index of the institution a random number picks", by the cumulative weights.
 * @param {number} count institutions
 * @param {string} r an SQL expression in [0, 1)
 */
function pickInstitution(count, r) {
  const w = Array.from({ length: count }, (_, i) => WEIGHTS[i] ?? 0.05);
  const sum = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  const whens = w
    .slice(0, -1)
    .map((x, i) => `when ${r} < ${((acc += x) / sum).toFixed(4)} then ${i}`);
  return `(case ${whens.join(' ')} else ${count - 1} end)`;
}

/**
 * jsonb keeps its own key order, so compare key by key.
 * @param {Record<string, unknown> | null} have
 * @param {Record<string, unknown>} want
 */
function sameParams(have, want) {
  if (!have) return false;
  const keys = Object.keys(want);
  return keys.length === Object.keys(have).length && keys.every((k) => have[k] === want[k]);
}

/** @param {import('pg').PoolClient | import('pg').Pool} c */
async function seedParams(c) {
  await c.query(
    `create table if not exists bench_seed (params jsonb not null, seeded_at timestamptz not null default now())`,
  );
  const { rows } = await c.query(`select params from bench_seed`);
  return rows[0]?.params ?? null;
}

/**
 * @param {import('pg').Pool} db
 * @param {{ open: number, completed: number, cases: number, staff: number, mine: number }} p
 */
async function seed(db, p) {
  const c = await db.connect();
  try {
    await c.query(`set synchronous_commit = off`);
    await c.query(`set maintenance_work_mem = '512MB'`);
    await c.query(`set work_mem = '64MB'`);
    await c.query(`select setseed(0.42)`);
    const { rows: inst } = await c.query(`select id, jba_id from institution order by id`);
    const { rows: me } = await c.query(
      `select id, institution_id from staff_user where username = 'jc.sachbearbeitung'`,
    );
    if (!me.length || inst.length === 0) throw new Error('demo data missing in the query database');
    const meIdx = inst.findIndex((i) => i.id === me[0].institution_id);
    const pickInst = (/** @type {string} */ r) => pickInstitution(inst.length, r);
    await c.query(
      `drop table if exists bench_inst; create temp table bench_inst (idx int primary key, id uuid, jba_id uuid)`,
    );
    for (const [i, r] of inst.entries()) {
      await c.query(`insert into bench_inst values ($1, $2, $3)`, [i, r.id, r.jba_id]);
    }

    log(
      `query: seeding ${p.staff} staff per institution and ${p.cases.toLocaleString('en-US')} cases`,
    );
    await c.query(
      `insert into staff_user (username, display_name, email, institution_id, roles)
       select 'bench.' || i.idx || '.' || g, 'Bench ' || i.idx || '.' || g, null, i.id, '{caseworker}'
         from bench_inst i, generate_series(1, $1) g`,
      [p.staff],
    );
    await c.query(
      `create temp table bench_staff as
         select array_agg(u.id::text order by i.idx, u.username) as ids
           from staff_user u join bench_inst i on i.id = u.institution_id where u.username like 'bench.%'`,
    );
    await c.query(
      `create temp table bench_case as
         select n as g, gen_random_uuid() as id, gen_random_uuid() as yp, ${pickInst('random()')} as inst_idx,
                now() - random() * interval '730 days' as created
           from generate_series(1, $1) n`,
      [p.cases],
    );
    await c.query(`alter table bench_case add primary key (g)`);
    await c.query(
      `insert into young_person (id, first_name, last_name, birth_date, municipality, created_at)
       select yp, 'Bench', 'Fall ' || g, date '2003-01-01' + (g % 3000), 'Eschweiler', created from bench_case`,
    );
    await c.query(
      `insert into referral (id, reference, jba_id, young_person_id, referring_institution_id,
                             short_description, referred_on, status, created_at, updated_at, version)
       select c.id, 'FM-BENCH-' || lpad(c.g::text, 7, '0'), i.jba_id, c.yp, i.id, 'Benchmark',
              c.created::date, 'awaiting-conference', c.created, c.created, 1
         from bench_case c join bench_inst i on i.idx = c.inst_idx`,
    );

    const { rows: idx } = await c.query(
      `select indexname, indexdef from pg_indexes
        where schemaname = 'public' and tablename = 'user_task' and indexname <> 'pk_user_task'`,
    );
    for (const r of idx) await c.query(`drop index "${r.indexname}"`);
    const total = p.open + p.completed;
    log(
      `query: seeding ${p.open.toLocaleString('en-US')} open + ${p.completed.toLocaleString('en-US')} completed tasks`,
    );
    const groupInst = pickInst('r.r2');
    await c.query(
      `insert into user_task (task_id, last_event_id, process_instance_id, process_definition_id,
              bpmn_process_id, element_id, name, case_id, assignee, candidate_groups, due_at,
              priority, form_key, input, state, created_at, claimed_at, completed_at, completed_by, version)
       select 'bench-' || lpad(t.i::text, 8, '0'), 2 * t.i, 'bench-pi-' || c.g, 'case-referral:1:bench',
              'case-referral', t.element_id, t.name, c.id,
              case when t.open and r.r3 < 0.35 then s.ids[t.g_inst * $4 + 1 + floor(r.r4 * $4)::int]
                   when not t.open then s.ids[t.g_inst * $4 + 1 + floor(r.r4 * $4)::int] end,
              case when t.kind = 2 then array['institution:' || gi.id || ':coordinator']
                   else array['institution:' || gi.id] end,
              case when t.open then (case when r.r5 < 0.1 then null
                                          else now() + (r.r6 * 120 - 40) * interval '1 day' end)
                   else t.created + interval '14 days' end,
              case when r.r5 > 0.9 then 80 else 50 end,
              null, jsonb_build_object('caseId', c.id), case when t.open then 'open' else 'completed' end,
              t.created,
              case when t.open and r.r3 < 0.35 then t.created + interval '1 hour'
                   when not t.open then t.created + interval '1 hour' end,
              case when t.open then null else t.created + r.r6 * interval '30 days' end,
              case when t.open then null else s.ids[t.g_inst * $4 + 1 + floor(r.r4 * $4)::int] end,
              1
         from generate_series(1, $1) n
         cross join lateral (select random() as r1, random() as r2, random() as r3, random() as r4,
                                    random() as r5, random() as r6, n as i) r
         join bench_case c on c.g = 1 + (n::bigint * 7919) % $3
         cross join bench_staff s
         cross join lateral (
           select n as i, n <= $2 as open,
                  case when r.r1 < 0.6 then 0 when r.r1 < 0.85 then 1 else 2 end as kind,
                  case when r.r1 < 0.6 then 'Task_ObtainConsent' when r.r1 < 0.85 then 'Task_ReportBack'
                       else 'Task_PrepareConference' end as element_id,
                  case when r.r1 < 0.6 then 'Einwilligung einholen' when r.r1 < 0.85 then 'Rückmeldung geben'
                       else 'Fallkonferenz vorbereiten' end as name,
                  case when r.r1 < 0.6 then c.inst_idx else ${groupInst} end as g_inst,
                  case when n <= $2 then now() - r.r6 * interval '60 days'
                       else now() - interval '61 days' - r.r2 * interval '670 days' end as created
         ) t
         join bench_inst gi on gi.idx = t.g_inst`,
      [total, p.open, p.cases, p.staff],
    );
    log(`query: assigning ${p.mine} open tasks to jc.sachbearbeitung`);
    await c.query(
      `update user_task set assignee = $1, claimed_at = created_at + interval '1 hour'
        where id in (select id from user_task
                      where state = 'open' and candidate_groups = array['institution:' || $2]
                      order by task_id limit $3)`,
      [me[0].id, inst[meIdx].id, p.mine],
    );
    log(`query: rebuilding ${idx.length} indexes of user_task`);
    for (const r of idx) await c.query(r.indexdef);
    await c.query(`vacuum analyze user_task`);
    await c.query(`vacuum analyze referral`);
    await c.query(`vacuum analyze young_person`);
    await c.query(`analyze staff_user`);
    await seedParams(c);
    await c.query(`delete from bench_seed`);
    await c.query(`insert into bench_seed (params) values ($1)`, [p]);
  } finally {
    c.release();
  }
}

/**
 * The SQL TaskListService.list runs (libs/tasklist/src/tasklist.service.ts), for EXPLAIN. Keep it
 * in step with the service when the service's queries change.
 * @param {{ filter: string, due?: string, page: number }} q
 * @param {string} userId
 * @param {string[]} groups
 */
function listSql(q, userId, groups) {
  // VISIBLE_SQL of libs/tasklist/src/task-visibility.ts
  const visible = `(t.assignee = $1 or t.candidate_users @> array[$1]::text[] or t.candidate_groups && $2::text[])`;
  const mine = q.filter === 'mine';
  const where = [`t.state = 'open'`, ...(mine ? [] : [visible])];
  if (mine) where.push(`t.assignee = $1`);
  if (q.filter === 'unassigned') where.push(`t.assignee is null`);
  if (q.filter === 'institution') where.push(`t.candidate_groups && $2::text[]`);
  if (q.due === 'overdue') where.push(`t.due_at < now()`);
  const w = where.join(' and ');
  const order = `t.due_at asc nulls last, t.created_at asc, t.id asc`;
  return {
    params: mine ? [userId] : [userId, groups],
    count: `select count(*)::int as total from user_task t where ${w}`,
    page: `select t.id, t.name, t.element_id, t.bpmn_process_id, t.case_id, r.reference as case_reference,
                  t.conference_id, c.starts_at as conference_starts_at, c.ends_at as conference_ends_at,
                  c.place as conference_place, c.status as conference_status,
                  t.assignee, u.display_name as assignee_name, t.due_at, t.follow_up_at,
                  t.priority, t.created_at, t.state
             from (select t.* from user_task t where ${w}
                    order by ${order} limit 20 offset ${(q.page - 1) * 20}) t
             left join referral r on r.id = t.case_id
             left join conference c on c.id = t.conference_id
             left join staff_user u on u.id::text = t.assignee
            order by ${order}`,
  };
}

/**
 * @param {import('../lib/context').BenchContext} ctx
 * @param {import('pg').Pool} db
 * @param {string} label
 */
async function measure(ctx, db, label) {
  const { opts } = ctx;
  const deep = Number(opts['query-deep-page']);
  const calls = Number(opts['query-calls']);
  const queries = [
    { name: 'my open tasks, page 1', filter: 'mine', page: 1 },
    { name: `my open tasks, page ${deep}`, filter: 'mine', page: deep },
    { name: 'institution overdue, page 1', filter: 'institution', due: 'overdue', page: 1 },
    {
      name: `institution overdue, page ${deep}`,
      filter: 'institution',
      due: 'overdue',
      page: deep,
    },
    { name: 'all visible (UI default), page 1', filter: 'all', page: 1 },
  ];
  const api = await ctx.signIn('jc.sachbearbeitung', 1);
  const { rows: me } = await db.query(
    `select id, institution_id, roles from staff_user where username = 'jc.sachbearbeitung'`,
  );
  const groups = [
    `institution:${me[0].institution_id}`,
    ...me[0].roles.map((/** @type {string} */ r) => `institution:${me[0].institution_id}:${r}`),
  ];
  const win = await ctx.window({
    pg: db,
    dbName: decodeURIComponent(new URL(ctx.apiDatabaseUrl).pathname.slice(1)),
  });
  /** @type {any[]} */
  const out = [];
  try {
    for (const q of queries) {
      const url = `/api/v1/tasks?filter=${q.filter}${q.due ? `&due=${q.due}` : ''}${q.page > 1 ? `&page=${q.page}` : ''}`;
      let total = 0;
      let items = 0;
      /** @type {number[]} */
      const ms = [];
      for (let i = 0; i < 20 + calls; i++) {
        const res = await api.get(url);
        if (res.status !== 200)
          throw new Error(`GET ${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
        total = res.body.total;
        items = res.body.items.length;
        if (i >= 20) ms.push(res.ms);
      }
      const s = summarize(ms);
      const sql = listSql(q, me[0].id, groups);
      const explain = async (/** @type {string} */ text) =>
        (await db.query(`explain (analyze, buffers) ${text}`, sql.params)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      out.push({
        ...q,
        url,
        total,
        items,
        latencyMs: s,
        label,
        plans: { count: await explain(sql.count), page: await explain(sql.page) },
      });
      log(
        `  ${label}${q.name}: p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms (total ${total}, ${items} items)`,
      );
    }
  } finally {
    api.close();
  }
  const resources = await win.end();
  return { results: out, resources };
}

/** @param {import('../lib/context').BenchContext} ctx */
async function run(ctx) {
  const { opts } = ctx;
  const url = new URL(ctx.databaseUrl);
  url.pathname = `/${opts['query-db']}`;
  const databaseUrl = url.toString();
  const params = {
    // 2: user_task keyed by the engine's task id (Operaton); a seed of v1 is rebuilt
    v: 2,
    open: Number(opts['query-open']),
    completed: Number(opts['query-completed']),
    cases: Number(opts['query-cases']),
    staff: 40,
    mine: Number(opts['query-mine']),
  };
  await ensurePostgres(databaseUrl);
  const db = new Pool({ connectionString: databaseUrl, max: 2, application_name: 'lotse-bench' });
  try {
    const have = opts.reseed ? null : await seedParams(db).catch(() => null);
    const env = { ...ctx.appEnv, DATABASE_URL: databaseUrl };
    if (!sameParams(have, params)) {
      await db.end();
      await recreateDatabase(databaseUrl);
      const setup = spawnSync(
        process.execPath,
        [path.join(ROOT, 'dist/apps/worker/main.js'), 'migrate', 'seed'],
        {
          cwd: ROOT,
          env,
          encoding: 'utf8',
        },
      );
      if (setup.status !== 0)
        throw new Error(
          `migrate/seed of ${opts['query-db']} failed:\n${setup.stderr}${setup.stdout}`,
        );
      const fresh = new Pool({
        connectionString: databaseUrl,
        max: 2,
        application_name: 'lotse-bench',
      });
      const started = Date.now();
      await seed(fresh, params);
      log(`query: seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      await fresh.end();
    } else {
      log(`query: reusing the seed in ${opts['query-db']} (--reseed to rebuild)`);
      // migrations a newer checkout brings are applied to the kept data too
      const setup = spawnSync(
        process.execPath,
        [path.join(ROOT, 'dist/apps/worker/main.js'), 'migrate'],
        { cwd: ROOT, env, encoding: 'utf8' },
      );
      if (setup.status !== 0)
        throw new Error(`migrate of ${opts['query-db']} failed:\n${setup.stderr}`);
      await db.end();
    }
    const pg = new Pool({ connectionString: databaseUrl, max: 2, application_name: 'lotse-bench' });
    try {
      const { rows: counts } = await pg.query(
        `select state, count(*)::int as n from user_task group by state order by state`,
      );
      log(`query: user_task ${counts.map((r) => `${r.state} ${r.n}`).join(', ')}`);
      await ctx.apps({ api: true, env });
      const base = await measure(ctx, pg, '');
      /** @type {any} */
      let proposed = null;
      if (opts['query-proposed'] && PROPOSED_INDEXES.length === 0) {
        log('query: --query-proposed: no indexes are proposed at present');
      } else if (opts['query-proposed']) {
        log(`query: again with the proposed indexes`);
        for (const ix of PROPOSED_INDEXES) await pg.query(ix.sql);
        await pg.query(`analyze user_task`);
        try {
          proposed = await measure(ctx, pg, '[proposed indexes] ');
        } finally {
          for (const ix of PROPOSED_INDEXES) await pg.query(`drop index if exists ${ix.name}`);
        }
      }
      const rss = ctx.peakRss();
      /** @param {any[]} rs @param {string} suffix */
      const figs = (rs, suffix) =>
        rs.flatMap((r) => [
          { figure: `${r.name}${suffix} p50`, value: r.latencyMs.p50, unit: 'ms' },
          { figure: `${r.name}${suffix} p95`, value: r.latencyMs.p95, unit: 'ms' },
          { figure: `${r.name}${suffix} p99`, value: r.latencyMs.p99, unit: 'ms' },
        ]);
      return {
        figures: [
          ...figs(base.results, ''),
          ...(proposed ? figs(proposed.results, ' [proposed idx]') : []),
        ],
        rss,
        resources: base.resources,
        details: {
          seed: params,
          database: opts['query-db'],
          calls: Number(opts['query-calls']),
          counts,
          queries: base.results,
          proposedIndexes: proposed
            ? { sql: PROPOSED_INDEXES.map((i) => i.sql), queries: proposed.results }
            : null,
        },
      };
    } finally {
      await ctx.stopApps();
      await pg.end();
    }
  } finally {
    await db.end().catch(() => undefined);
  }
}

module.exports = { run, name: 'query', WEIGHTS, pickInstitution };
