package de.lotse.engine;

import java.util.List;
import javax.sql.DataSource;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.delegate.TaskListener;
import org.operaton.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.operaton.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.pvm.process.ActivityImpl;
import org.operaton.bpm.engine.impl.pvm.process.ScopeImpl;
import org.operaton.bpm.engine.impl.task.TaskDefinition;
import org.operaton.bpm.engine.impl.util.xml.Element;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Feeds Lotse's task list: every user task of every deployed model reports its life (created,
 * assigned, updated, completed, deleted by a timer, a message, an event sub-process or a
 * cancellation) as a row in {@code lotse_task_event}, written in the engine's own transaction,
 * plus a NOTIFY on {@code lotse_task_event} that PostgreSQL delivers on commit. Lotse's worker
 * consumes the rows into its task projection (libs/task, TaskFeed). The listeners are built in,
 * so they run even where a caller skips custom listeners.
 */
@Component
public class TaskEventFeedPlugin extends AbstractProcessEnginePlugin {

  static final String[] EVENTS = {
    TaskListener.EVENTNAME_CREATE,
    TaskListener.EVENTNAME_ASSIGNMENT,
    TaskListener.EVENTNAME_UPDATE,
    TaskListener.EVENTNAME_COMPLETE,
    TaskListener.EVENTNAME_DELETE,
  };

  private final JdbcTemplate jdbc;
  private final TaskEventRecorder recorder;

  public TaskEventFeedPlugin(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.recorder = new TaskEventRecorder(jdbc);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new java.util.ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
        TaskDefinition definition =
            ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
        for (String event : EVENTS) {
          definition.addBuiltInTaskListener(event, recorder);
        }
      }
    });
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    // In the engine's schema (the JDBC URL's currentSchema), beside the engine's tables.
    for (String ddl : List.of(
        "create table if not exists lotse_task_event ("
            + " id bigint generated always as identity primary key,"
            + " task_id varchar(64) not null,"
            + " event varchar(16) not null,"
            + " payload jsonb not null,"
            + " created_at timestamptz not null default now())",
        "create index if not exists lotse_task_event_task on lotse_task_event (task_id)")) {
      jdbc.execute(ddl);
    }
  }
}
