// @ts-check
'use strict';
/**
 * (extra, not in the default set) The engine's own task API at scale: what the task list would
 * cost had Lotse read it from the engine (`POST /engine-rest/task`, `POST /task/count`) instead
 * of its projection (scenario `query`). The decision record in bench/README.md compares both.
 *
 * Fill: bench/engine-tasks.bpmn (one user task per instance) is started --engine-tasks-real
 * times through `POST /process-definition/key/…/start`, so the engine writes real tasks and
 * identity links; then their rows in engine.act_ru_task and engine.act_ru_identitylink are
 * cloned with new ids by SQL (generate_series) up to --query-open open tasks, and ANALYZEd.
 * Starting 100,000 instances through REST would take ~12 min on 2 cores; the clones are
 * indistinguishable for the engine's read queries, which read these two tables only. Completed
 * tasks live in act_hi_taskinst alone and do not touch the runtime query, so there are none.
 *
 * Distribution as in `query`: groups institution:<id> by the institutions' weights, 15 % of them
 * institution:<id>:coordinator; due between 40 days ago and 80 days ahead, 10 % without; 35 %
 * assigned to someone else, and --query-mine open tasks of the JC's group assigned to
 * jc.sachbearbeitung (engine user id = Lotse's staff id, as Lotse claims tasks).
 *
 * Timed, one request at a time, --engine-tasks-calls after 5 warm-up requests, as
 * jc.sachbearbeitung would ask the engine (service account; sorted by due date, then created;
 * pages of 20): "my open tasks" (assignee), "my institution's overdue tasks" (candidateGroups =
 * the user's groups, includeAssignedTasks, dueBefore now) on page 1 and page --query-deep-page,
 * and "all visible" (orQueries: assignee, candidateUser, candidateGroups) on page 1; each page
 * and its count (`POST /task/count`, what the list's total needs) separately.
 *
 * Afterwards the clones are deleted by SQL and the definition with its real instances through
 * the REST API, and their task events are removed before a worker projects them.
 */
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { variables, engineDate } = require('../lib/engine');
const { ROOT } = require('../lib/procs');
const { WEIGHTS, pickInstitution } = require('./query');
const { log, pool, range, summarize } = require('../lib/util');

const MODEL = path.join(ROOT, 'bench/engine-tasks.bpmn');
const PROCESS_ID = 'lotse-bench-engine-tasks';
const WARMUP = 5;

/**
 * @param {string[]} ids institution ids in the order of WEIGHTS
 * @returns {string} a weighted pick
 */
function weightedInstitution(ids) {
  const w = ids.map((_, i) => WEIGHTS[i] ?? 0.05);
  let r = Math.random() * w.reduce((a, b) => a + b, 0);
  for (const [i, x] of w.entries()) {
    if ((r -= x) < 0) return ids[i];
  }
  return ids[ids.length - 1];
}

/**
 * @param {import('../lib/context').BenchContext} ctx
 * @param {{ defId: string, open: number, real: number, mine: number, me: string,
 *   myInstitution: string, institutions: string[] }} p
 */
async function fill(ctx, p) {
  const starters = ctx.rest.client(8);
  const started = Date.now();
  try {
    log(`engine-tasks: starting ${p.real} instances with one user task each`);
    await pool(range(p.real), 8, async () => {
      const inst = weightedInstitution(p.institutions);
      const r = Math.random();
      await ctx.rest.post(
        `/process-definition/key/${PROCESS_ID}/start`,
        {
          businessKey: randomUUID(),
          variables: variables({
            candidateGroup: `institution:${inst}${Math.random() < 0.15 ? ':coordinator' : ''}`,
            dueDate:
              r < 0.1 ? null : new Date(Date.now() + (Math.random() * 120 - 40) * 86_400_000),
            assignee:
              Math.random() < 0.35 ? `bench-staff-${Math.floor(Math.random() * 240)}` : null,
          }),
        },
        starters,
      );
    });
  } finally {
    starters.close();
  }
  const realSeconds = (Date.now() - started) / 1000;
  log(
    `engine-tasks: ${p.real} instances in ${realSeconds.toFixed(0)} s (${(p.real / realSeconds).toFixed(0)}/s); cloning up to ${p.open.toLocaleString('en-US')} tasks`,
  );
  const c = await ctx.db.connect();
  try {
    await c.query(`set synchronous_commit = off`);
    await c.query(`set work_mem = '64MB'`);
    await c.query(`set time zone 'UTC'`);
    await c.query(`create temp table bench_inst (idx int primary key, id text)`);
    for (const [i, id] of p.institutions.entries()) {
      await c.query(`insert into bench_inst values ($1, $2)`, [i, id]);
    }
    // open tasks already in the engine (other scenarios' too) count towards --query-open
    const { rows: have } = await c.query(`select count(*)::int as n from engine.act_ru_task`);
    const clones = Math.max(0, p.open - have[0].n);
    // every column of a real task (execution, definition, state, …), with its own id and values
    await c.query(
      `insert into engine.act_ru_task
       select (jsonb_populate_record(null::engine.act_ru_task, to_jsonb(t) || jsonb_build_object(
                 'id_', 'bench-' || lpad(g::text, 8, '0'),
                 'rev_', 1,
                 'assignee_', case when r.r3 < 0.35 then 'bench-staff-' || floor(r.r4 * 240)::int end,
                 'due_date_', case when r.r5 < 0.1 then null
                                   else localtimestamp + (r.r6 * 120 - 40) * interval '1 day' end,
                 'create_time_', localtimestamp - r.r2 * interval '60 days',
                 'last_updated_', null))).*
         from generate_series(1, $1) g
         cross join lateral (select random() as r2, random() as r3, random() as r4, random() as r5,
                                    random() as r6, g as gg) r
         cross join (select array_agg(id_ order by id_) as ids from engine.act_ru_task
                      where proc_def_id_ = $2) tpl
         join engine.act_ru_task t on t.id_ = tpl.ids[1 + g % array_length(tpl.ids, 1)]`,
      [clones, p.defId],
    );
    await c.query(
      `insert into engine.act_ru_identitylink (id_, rev_, group_id_, type_, task_id_)
       select 'bench-il-' || lpad(g::text, 8, '0'), 1,
              'institution:' || i.id || case when r.r2 < 0.15 then ':coordinator' else '' end,
              'candidate', 'bench-' || lpad(g::text, 8, '0')
         from generate_series(1, $1) g
         cross join lateral (select random() as r1, random() as r2, g as gg) r
         join bench_inst i on i.idx = ${pickInstitution(p.institutions.length, 'r.r1')}`,
      [clones],
    );
    // --query-mine open tasks of the JC's group for jc.sachbearbeitung
    await c.query(
      `update engine.act_ru_task set assignee_ = $1
        where id_ in (select t.id_ from engine.act_ru_task t
                        join engine.act_ru_identitylink l on l.task_id_ = t.id_ and l.type_ = 'candidate'
                       where l.group_id_ = $2 and t.proc_def_id_ = $3
                       order by t.id_ limit $4)`,
      [p.me, `institution:${p.myInstitution}`, p.defId, p.mine],
    );
    // the worker must not project the real tasks into lotse_bench's task list later
    await c.query(
      `delete from engine.lotse_task_event where payload->>'processDefinitionKey' = $1`,
      [PROCESS_ID],
    );
    await c.query(`vacuum analyze engine.act_ru_task`);
    await c.query(`vacuum analyze engine.act_ru_identitylink`);
    const { rows } = await c.query(
      `select count(*)::int as open,
              count(*) filter (where assignee_ = $1)::int as mine
         from engine.act_ru_task`,
      [p.me],
    );
    return { realSeconds, clones, ...rows[0] };
  } finally {
    c.release();
  }
}

/** @param {import('../lib/context').BenchContext} ctx */
async function cleanup(ctx) {
  await ctx.db.query(`delete from engine.act_ru_identitylink where id_ like 'bench-il-%'`);
  await ctx.db.query(`delete from engine.act_ru_task where id_ like 'bench-%'`);
  const defs = await ctx.rest.get(`/process-definition?key=${PROCESS_ID}`);
  for (const d of defs) {
    await ctx.rest.del(`/process-definition/${d.id}?cascade=true&skipCustomListeners=true`);
  }
  await ctx.db.query(
    `delete from engine.lotse_task_event where payload->>'processDefinitionKey' = $1`,
    [PROCESS_ID],
  );
}

/** @param {import('../lib/context').BenchContext} ctx */
async function run(ctx) {
  const { opts } = ctx;
  const open = Number(opts['query-open']);
  const real = Math.max(1, Math.min(open, Number(opts['engine-tasks-real'])));
  const mine = Number(opts['query-mine']);
  const calls = Number(opts['engine-tasks-calls']);
  const deep = Number(opts['query-deep-page']);
  await ctx.stopApps();
  const { rows: me } = await ctx.db.query(
    `select id, institution_id, roles from staff_user where username = 'jc.sachbearbeitung'`,
  );
  if (!me.length) throw new Error('demo user jc.sachbearbeitung missing (seed failed?)');
  const { rows: inst } = await ctx.db.query(`select id from institution order by id`);
  const groups = [
    `institution:${me[0].institution_id}`,
    ...me[0].roles.map((/** @type {string} */ r) => `institution:${me[0].institution_id}:${r}`),
  ];
  const [def] = await ctx.rest.deploy('lotse-bench-engine-tasks', [MODEL], [PROCESS_ID]);
  try {
    const filled = await fill(ctx, {
      defId: def.id,
      open,
      real,
      mine,
      me: String(me[0].id),
      myInstitution: String(me[0].institution_id),
      institutions: inst.map((r) => String(r.id)),
    });
    log(`engine-tasks: ${filled.open} open tasks in the engine, ${filled.mine} for the JC user`);

    const sorting = [
      { sortBy: 'dueDate', sortOrder: 'asc' },
      { sortBy: 'created', sortOrder: 'asc' },
    ];
    const userId = String(me[0].id);
    const now = engineDate(new Date());
    const views = [
      { name: 'my open tasks', query: { assignee: userId } },
      {
        name: 'institution overdue',
        query: { candidateGroups: groups, includeAssignedTasks: true, dueBefore: now },
      },
      {
        name: 'all visible (UI default)',
        query: {
          orQueries: [
            {
              assignee: userId,
              candidateUser: userId,
              candidateGroups: groups,
              includeAssignedTasks: true,
            },
          ],
        },
      },
    ];
    const client = ctx.rest.client(1);
    const win = await ctx.window();
    /** @type {any[]} */
    const results = [];
    try {
      /**
       * @param {string} label
       * @param {string} p
       * @param {unknown} body
       */
      const time = async (label, p, body) => {
        /** @type {number[]} */
        const ms = [];
        let answer;
        for (let i = 0; i < WARMUP + calls; i++) {
          const r = await client.post(p, body);
          if (r.status !== 200)
            throw new Error(`POST ${p} answered ${r.status}: ${JSON.stringify(r.body)}`);
          answer = r.body;
          if (i >= WARMUP) ms.push(r.ms);
        }
        const s = summarize(ms);
        log(`  ${label}: p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`);
        return { latencyMs: s, answer };
      };
      for (const v of views) {
        const pages = v.name === 'all visible (UI default)' ? [1] : [1, deep];
        const count = await time(`${v.name}, count`, '/task/count', v.query);
        for (const page of pages) {
          const pageName = `${v.name}, page ${page}`;
          const r = await time(pageName, `/task?firstResult=${(page - 1) * 20}&maxResults=20`, {
            ...v.query,
            sorting,
          });
          results.push({
            name: pageName,
            view: v.name,
            page,
            query: v.query,
            total: count.answer.count,
            items: r.answer.length,
            pageMs: r.latencyMs,
            countMs: count.latencyMs,
          });
        }
      }
    } finally {
      client.close();
    }
    const resources = await win.end();
    /** @type {any[]} */
    const figures = [];
    for (const r of results) {
      for (const p of /** @type {const} */ (['p50', 'p95', 'p99'])) {
        figures.push({ figure: `${r.name} ${p}`, value: r.pageMs[p], unit: 'ms' });
      }
      if (r.page === 1) {
        for (const p of /** @type {const} */ (['p50', 'p95', 'p99'])) {
          figures.push({ figure: `${r.view}, count ${p}`, value: r.countMs[p], unit: 'ms' });
        }
      }
    }
    return {
      figures,
      rss: ctx.peakRss(),
      resources,
      details: {
        open: filled.open,
        realInstances: real,
        realInstancesPerSec: real / filled.realSeconds,
        clonedTasks: filled.clones,
        assignedToJc: filled.mine,
        calls,
        groups,
        queries: results,
      },
    };
  } finally {
    log('engine-tasks: removing the clones and the bench instances');
    await cleanup(ctx).catch((e) => log(`engine-tasks: cleanup failed: ${e.message}`));
  }
}

module.exports = { run, name: 'engine-tasks' };
